import { chargeOperationFor } from "@/lib/api/v1-handlers";
import { apiRoute } from "@/lib/http/api";
import { chargeBody } from "@/lib/validations/api-v1";

/** Charges an operation: a free operation if any is left, else the balance. */
export const POST = apiRoute({ scope: "operations", body: chargeBody }, ({ key, body }) =>
  chargeOperationFor(key.id, body),
);
