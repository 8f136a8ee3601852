import { z } from "zod";

// The one shape of every /api/v1 error (lib/http/api.ts answers it; lib/api/openapi.ts publishes
// it as components.schemas.Error). Clients branch on `code`; `message` is for people.

/** The codes the API's foundation answers itself; routes add their own (e.g. insufficient_funds). */
export const FOUNDATION_ERROR_CODES = {
  unauthorized: "No valid API key: missing, malformed, unknown or revoked.",
  forbidden: "The key lacks the scope this endpoint needs.",
  rate_limited:
    "Too many requests: the key is over its per-minute rate, or this address sent too many " +
    "without a valid key. Wait `Retry-After` seconds.",
  invalid_json: "The body is not valid JSON (UTF-8).",
  payload_too_large: "The body is over 64 KiB.",
  validation_failed: "The body is JSON but not what the endpoint takes; `details` says where.",
  internal: "Something failed on our side; retry later (a charge with the same idempotency key).",
} as const;

export type FoundationErrorCode = keyof typeof FOUNDATION_ERROR_CODES;

export const API_ERROR_ENVELOPE = z
  .object({
    error: z.object({
      code: z.string().describe("Stable, machine-readable: branch on this (e.g. `validation_failed`)."),
      message: z.string().describe("For people; may change."),
      details: z
        .unknown()
        .optional()
        .describe(
          "Present for some codes. For `validation_failed`: zod's tree of the body's issues " +
            "(`errors` at each level, `properties` / `items` below it).",
        ),
    }),
  })
  .describe("Every error answer of /api/v1.");

export type ApiErrorEnvelope = z.infer<typeof API_ERROR_ENVELOPE>;
