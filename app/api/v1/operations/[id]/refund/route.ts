import { refundOperationFor } from "@/lib/api/v1-handlers";
import { apiRoute } from "@/lib/http/api";

/** Gives back what the operation took (or releases a hold). */
export const POST = apiRoute<undefined, { id: string }>({ scope: "operations" }, ({ key, params }) =>
  refundOperationFor(key.id, params.id),
);
