import { showCustomer } from "@/lib/api/v1-handlers";
import { apiRoute } from "@/lib/http/api";

/** A customer's balance, free operations and quota. */
export const GET = apiRoute<undefined, { id: string }>({ scope: "customers" }, ({ params }) =>
  showCustomer(params.id),
);
