import { createCustomer } from "@/lib/api/v1-handlers";
import { apiRoute } from "@/lib/http/api";
import { createCustomerBody } from "@/lib/validations/api-v1";

/** Gets or creates a customer by email or Telegram chat id. */
export const POST = apiRoute({ scope: "customers", body: createCustomerBody }, ({ body }) =>
  createCustomer(body),
);
