// Stripe's error envelope, `{"error": {type, message, code?, param?, doc_url?, request_log_url}}`,
// and the status codes it comes with (docs.stripe.com/api/errors). stripe-node picks its error
// class from the status: 400/404 → StripeInvalidRequestError (StripeIdempotencyError when the
// type is idempotency_error), 401 → StripeAuthenticationError, 5xx → StripeAPIError.

export type ErrorType = "invalid_request_error" | "api_error" | "idempotency_error";

/** A refusal in Stripe's terms; api.ts turns it into the envelope with this status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly extra: { param?: string; code?: string } = {},
  ) {
    super(message);
  }
}

export const invalidRequest = (message: string, param?: string, code?: string, status = 400) =>
  new ApiError(status, "invalid_request_error", message, { param, code });

export const missingParam = (param: string) =>
  invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");

export function errorBody(error: ApiError, requestId: string): { error: Record<string, string> } {
  const { code, param } = error.extra;
  return {
    error: {
      ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll("_", "-")}` } : {}),
      message: error.message,
      ...(param ? { param } : {}),
      // A refused key belongs to no account, so there is no dashboard log to point to.
      ...(error.status === 401
        ? {}
        : { request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` }),
      type: error.type,
    },
  };
}

/**
 * The key as Stripe echoes a wrong one: "sk_test_" then stars and the last four characters. A
 * short key is all stars, so no message ever carries a whole key.
 */
export function maskKey(key: string): string {
  const prefix = /^[a-z]{2,5}_(?:test_|live_)?/.exec(key)?.[0] ?? "";
  const rest = key.slice(prefix.length);
  return rest.length <= 8
    ? prefix + "*".repeat(rest.length)
    : prefix + "*".repeat(rest.length - 4) + rest.slice(-4);
}
