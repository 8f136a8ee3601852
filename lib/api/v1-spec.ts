import { z } from "zod";
import type { ApiOperation } from "./openapi";
import {
  chargeBody,
  createCustomerBody,
  customerAnswer,
  customerIdParams,
  operationAnswer,
  operationIdParams,
  usageAnswer,
  usageBody,
} from "@/lib/validations/api-v1";

// Every /api/v1 route has its entry here, added with the route: its method, its path (OpenAPI
// style, `{id}`), the scope its apiRoute() demands, and the zod schemas it validates with,
// imported from lib/validations/api-v1.ts (the very objects the route uses, so the document
// cannot drift from the code), then what it answers. Errors the foundation answers (401, 403,
// 429, 400, 413, 422, 500) are added by the builder. tests/unit/openapi.test.ts builds the document
// from this list and fails on an entry whose path and params disagree, or that repeats another.

/** Just enough of an OpenAPI document to say what GET /api/v1/openapi.json answers. */
const OPENAPI_DOCUMENT = z.looseObject({
  openapi: z.string().describe("The OpenAPI version: 3.1.x."),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
  components: z.record(z.string(), z.unknown()),
});

export const V1_OPERATIONS: ApiOperation[] = [
  {
    method: "GET",
    path: "/api/v1/openapi.json",
    summary: "This API's OpenAPI document",
    description:
      "The OpenAPI 3.1 description of /api/v1, generated from the schemas the routes validate " +
      "with. Feed it to a client generator, or read it at /docs/api.",
    scope: null,
    tags: ["meta"],
    responses: { 200: { description: "The OpenAPI 3.1 document.", schema: OPENAPI_DOCUMENT } },
  },
  {
    method: "POST",
    path: "/api/v1/customers",
    summary: "Get or create a customer",
    description:
      "By email, or by Telegram chat id (a bot's user without an account gets a customer keyed by " +
      "the chat, with its free operations). Answers its balance, free operations left and quota.",
    scope: "customers",
    tags: ["customers"],
    body: createCustomerBody,
    responses: {
      200: { description: "The customer existed.", schema: customerAnswer },
      201: { description: "The customer was created.", schema: customerAnswer },
    },
  },
  {
    method: "GET",
    path: "/api/v1/customers/{id}",
    summary: "A customer's balance, free operations and quota",
    scope: "customers",
    tags: ["customers"],
    params: customerIdParams,
    responses: {
      200: { description: "The customer.", schema: customerAnswer },
      404: { description: "No such customer (customer_not_found)." },
    },
  },
  {
    method: "POST",
    path: "/api/v1/operations",
    summary: "Charge an operation",
    description:
      "Uses a free operation if any is left, else charges the type's price to the balance, " +
      "atomically. The same idempotencyKey with the same body answers the first answer again and " +
      "charges nothing more; with another body it is a 409. With hold: true the operation is " +
      "held: complete it, or refund it to release the money; a hold left alone is refunded after " +
      "OPERATION_HOLD_MINUTES.",
    scope: "operations",
    tags: ["operations"],
    body: chargeBody,
    responses: {
      201: { description: "Charged (or free); also the answer to a retry.", schema: operationAnswer },
      402: {
        description:
          "Not enough money (insufficient_funds): details carry price, balance, shortfall and topUpUrl.",
      },
      404: { description: "No such customer (customer_not_found)." },
      409: { description: "The idempotency key was used with another body (idempotency_key_reused)." },
      422: {
        description: "Unknown or inactive operation type (unknown_operation_type), or an invalid body.",
      },
    },
  },
  {
    method: "POST",
    path: "/api/v1/operations/{id}/complete",
    summary: "Complete a held operation",
    scope: "operations",
    tags: ["operations"],
    params: operationIdParams,
    responses: {
      200: { description: "Completed.", schema: operationAnswer },
      404: { description: "No such operation through this key (operation_not_found)." },
      409: { description: "Not held (not_held)." },
    },
  },
  {
    method: "POST",
    path: "/api/v1/operations/{id}/refund",
    summary: "Refund an operation (or release a hold)",
    description: "Gives back exactly what it took: the money to the balance, or the free operation.",
    scope: "operations",
    tags: ["operations"],
    params: operationIdParams,
    responses: {
      200: { description: "Refunded.", schema: operationAnswer },
      404: { description: "No such operation through this key (operation_not_found)." },
      409: { description: "Refunded already (already_refunded)." },
    },
  },
  {
    method: "POST",
    path: "/api/v1/usage",
    summary: "Count requests against the plan's monthly quota",
    scope: "usage",
    tags: ["usage"],
    body: usageBody,
    responses: {
      200: { description: "Counted.", schema: usageAnswer },
      404: { description: "No such customer (customer_not_found)." },
      429: {
        description:
          "Over the quota (quota_exceeded): nothing counted; Retry-After says when it resets. Or " +
          "over the key's request rate (rate_limited), like every endpoint.",
        headers: { "Retry-After": "Seconds until the quota resets, or until the rate allows again." },
      },
    },
  },
];
