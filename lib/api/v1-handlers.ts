import type { z } from "zod";
import { ApiError, type ApiAnswer } from "@/lib/http/api";
import { countRequests } from "@/lib/billing/subscriptions/usage";
import {
  customerSummary,
  findCustomer,
  getOrCreateCustomer,
  topUpUrl,
  type CustomerRef,
  type CustomerSummary,
} from "@/lib/billing/wallet/customers";
import {
  chargeOperation,
  completeOperation,
  refundOperation,
  type OperationView,
  type Remaining,
} from "@/lib/billing/wallet/operations";
import type {
  chargeBody,
  createCustomerBody,
  CustomerAnswer,
  OperationAnswer,
  usageBody,
} from "@/lib/validations/api-v1";

// What each /api/v1 route does, between the wrapper (lib/http/api.ts: key, scope, body) and the
// billing module: find the customer, call the one function, turn its result into the answer or
// an ApiError. Money is integer minor units with its currency, dates ISO 8601 in UTC.

export async function createCustomer(body: z.infer<typeof createCustomerBody>): Promise<ApiAnswer> {
  const { id, created } = await getOrCreateCustomer(body);
  return { status: created ? 201 : 200, body: customerAnswer((await customerSummary(id))!) };
}

export async function showCustomer(id: string): Promise<ApiAnswer> {
  const summary = await customerSummary(id);
  if (!summary) throw notFound("customer_not_found", "No such customer.");
  return { status: 200, body: customerAnswer(summary) };
}

export async function chargeOperationFor(
  apiKeyId: string,
  body: z.infer<typeof chargeBody>,
): Promise<ApiAnswer> {
  // By id, the charge itself finds the customer (their wallet): no lookup before it, so a charge
  // is the key's lookup and one statement.
  const userId = "id" in body.customer ? body.customer.id : (await requireCustomer(body.customer)).id;
  const result = await chargeOperation({
    userId,
    type: body.type,
    idempotencyKey: body.idempotencyKey,
    apiKeyId,
    // The key is bound to the request as sent: the same key with another body is refused.
    requestFingerprint: JSON.stringify([body.customer, body.type, body.hold ?? false]),
    hold: body.hold,
  });
  switch (result.kind) {
    case "charged":
      return { status: 201, body: operationAnswer(result.operation, result.remaining) };
    case "unknown_customer":
      throw notFound("customer_not_found", "No such customer.");
    case "unknown_type":
      throw new ApiError(422, "unknown_operation_type", `No active operation type "${body.type}".`);
    case "key_reused":
      throw new ApiError(
        409,
        "idempotency_key_reused",
        "This idempotency key was used with another request.",
      );
    case "insufficient":
      throw new ApiError(402, "insufficient_funds", "The balance does not cover this operation.", {
        price: { amount: result.price, currency: result.currency },
        balance: { amount: result.balance, currency: result.currency },
        shortfall: { amount: result.shortfall, currency: result.currency },
        topUpUrl: topUpUrl(await requireCustomer({ id: userId })),
      });
  }
}

export async function refundOperationFor(apiKeyId: string, id: string): Promise<ApiAnswer> {
  const result = await refundOperation(id, { apiKeyId, reason: "refunded through the API" });
  if (result.kind === "not_found") throw notFound("operation_not_found", "No such operation.");
  if (result.kind === "conflict") {
    throw new ApiError(409, "already_refunded", "This operation was refunded already.", {
      status: result.status,
    });
  }
  return { status: 200, body: operationAnswer(result.operation, result.remaining) };
}

export async function completeOperationFor(apiKeyId: string, id: string): Promise<ApiAnswer> {
  const result = await completeOperation(id, { apiKeyId });
  if (result.kind === "not_found") throw notFound("operation_not_found", "No such operation.");
  if (result.kind === "conflict") {
    throw new ApiError(
      409,
      "not_held",
      `Only a held operation can be completed; this one is ${result.status}.`,
      {
        status: result.status,
      },
    );
  }
  return { status: 200, body: operationAnswer(result.operation) };
}

export async function countUsage(body: z.infer<typeof usageBody>, now = new Date()): Promise<ApiAnswer> {
  const customer = await requireCustomer(body.customer);
  const result = await countRequests(customer.id, body.requests, now);
  if (result.kind === "no_subscription") throw notFound("customer_not_found", "This customer has no plan.");
  const quota = { ...result.quota, resetsAt: result.quota.resetsAt.toISOString() };
  if (result.kind === "over") {
    const seconds = Math.max(1, Math.ceil((result.quota.resetsAt.getTime() - now.getTime()) / 1000));
    throw new ApiError(
      429,
      "quota_exceeded",
      "The plan's monthly request quota is used up.",
      { quota },
      {
        "Retry-After": String(seconds),
      },
    );
  }
  return { status: 200, body: { quota } };
}

async function requireCustomer(ref: CustomerRef) {
  const customer = await findCustomer(ref);
  if (!customer) throw notFound("customer_not_found", "No such customer.");
  return customer;
}

function notFound(code: string, message: string) {
  return new ApiError(404, code, message);
}

function customerAnswer(summary: CustomerSummary): CustomerAnswer {
  return {
    customer: {
      ...summary,
      quota: summary.quota && { ...summary.quota, resetsAt: summary.quota.resetsAt.toISOString() },
    },
  };
}

function operationAnswer(operation: OperationView, remaining?: Remaining): OperationAnswer {
  return {
    operation: {
      id: operation.id,
      type: operation.type,
      price: { amount: operation.price, currency: operation.currency },
      paidWith: operation.funding,
      status: operation.status,
      holdExpiresAt: operation.holdExpiresAt?.toISOString() ?? null,
      createdAt: operation.createdAt.toISOString(),
    },
    ...(remaining && {
      remaining: {
        balance: { amount: remaining.balance, currency: remaining.currency },
        freeOperationsLeft: remaining.freeOperationsLeft,
      },
    }),
  };
}
