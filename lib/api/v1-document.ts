import { buildOpenApiDocument, type OpenApiDocument } from "./openapi";
import { V1_OPERATIONS } from "./v1-spec";

// The /api/v1 document, built once per process from V1_OPERATIONS: both the JSON route and the
// docs page read it.

const DESCRIPTION = [
  "The billing API for the product's own backend (its bot, its workers): charge operations to a",
  "customer's wallet and count requests against their plan.",
  "",
  "**Authentication.** Every endpoint except this document takes an API key, created by an admin",
  "at /admin/api-keys and shown once: `Authorization: Bearer bk_…`. A key carries scopes",
  "(`operations`, `usage`, `customers`); each endpoint names the one it needs. A revoked key is",
  "refused from the next request on.",
  "",
  '**Errors** are JSON: `{"error": {"code": "…", "message": "…", "details": …}}` with the HTTP',
  "status. Branch on `code`; `message` is for people. A 429 or 503 may carry `Retry-After`.",
].join("\n");

let cached: OpenApiDocument | undefined;

export function getV1OpenApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(V1_OPERATIONS, {
    title: "Billing API",
    version: "1",
    description: DESCRIPTION,
  });
  return cached;
}
