// YooKassa's error object, `{"type": "error", "id", "code", "description", "parameter"}`, and the
// HTTP statuses it comes with (yookassa.ru/developers/using-api/response-handling): 400
// invalid_request, 401 invalid_credentials, 403 forbidden, 404 not_found, 429 too_many_requests,
// 500 internal_server_error. Wording confirmed in YooKassa's SDK docs and fixtures: "Idempotence
// key duplicated" and "Idempotence key is empty" (parameter Idempotence-Key). The other
// descriptions are the emulator's own, in YooKassa's style.
import { randomUUID } from "node:crypto";

export type ErrorCode =
  "invalid_request" | "invalid_credentials" | "forbidden" | "not_found" | "internal_server_error";

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  internal_server_error: 500,
};

/** A refusal in YooKassa's terms; api.ts turns it into the error object with its status. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly description: string,
    readonly parameter?: string,
    /** Another status than the code's own (405 for a wrong method). */
    status?: number,
  ) {
    super(description);
    this.status = status ?? STATUS[code];
  }
}

export const invalidRequest = (description: string, parameter?: string) =>
  new ApiError("invalid_request", description, parameter);

export function errorBody(error: ApiError): Record<string, string> {
  return {
    type: "error",
    id: randomUUID(),
    code: error.code,
    description: error.description,
    ...(error.parameter ? { parameter: error.parameter } : {}),
  };
}
