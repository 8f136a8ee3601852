import { describe, expect, it } from "vitest";
import { settledFor } from "@/lib/billing/payments/transitions";
import { ProviderError, type RawDelivery } from "@/lib/billing/providers/types";
import { addressAllowlist } from "@/lib/billing/providers/yookassa/allowlist";
import type { YooKassaConfig } from "@/lib/billing/providers/yookassa/config";
import { idempotenceKey } from "@/lib/billing/providers/yookassa/keys";
import {
  authenticateNotification,
  recognisesNotification,
} from "@/lib/billing/providers/yookassa/notifications";
import { receiptFor } from "@/lib/billing/providers/yookassa/receipt";
import { cancellationReason, paymentReport } from "@/lib/billing/providers/yookassa/status";
import { truncate } from "@/lib/billing/providers/yookassa/text";
import type { YooKassaPayment } from "@/lib/billing/providers/yookassa/wire";

const rub = (value: string) => ({ value, currency: "RUB" });

function payment(fields: Partial<YooKassaPayment>): YooKassaPayment {
  return { id: "2f4b0c1e-000f-5000-9000-1b3c0e8f9a91", status: "pending", amount: rub("1490.00"), ...fields };
}

describe("a YooKassa payment in our terms (PROVIDERS.md, Mapping)", () => {
  it("pending and waiting_for_capture are pending, with nothing received", () => {
    for (const status of ["pending", "waiting_for_capture"]) {
      expect(paymentReport(payment({ status }))).toMatchObject({
        provider: "yookassa",
        providerRef: "2f4b0c1e-000f-5000-9000-1b3c0e8f9a91",
        status: "pending",
        currency: "RUB",
        amountReceived: null,
        providerStatus: status,
      });
    }
  });

  it("succeeded is completed, for its amount in minor units, nothing refunded", () => {
    expect(paymentReport(payment({ status: "succeeded" }))).toMatchObject({
      status: "completed",
      amountReceived: 149_000,
      amountRefunded: 0,
      providerStatus: "succeeded",
    });
  });

  it("a partial refund leaves it completed and says how much went back", () => {
    expect(paymentReport(payment({ status: "succeeded", refunded_amount: rub("500.50") }))).toMatchObject({
      status: "completed",
      amountReceived: 149_000,
      amountRefunded: 50_050,
      providerStatus: "succeeded, 500.50 of 1490.00 RUB refunded",
    });
  });

  it("refunded_amount equal to the amount is refunded", () => {
    expect(paymentReport(payment({ status: "succeeded", refunded_amount: rub("1490.00") }))).toMatchObject({
      status: "refunded",
      amountReceived: 149_000,
      amountRefunded: 149_000,
    });
  });

  it("canceled is failed, with the reason in words", () => {
    const report = paymentReport(
      payment({
        status: "canceled",
        cancellation_details: { party: "payment_network", reason: "insufficient_funds" },
      }),
    );
    expect(report).toMatchObject({
      status: "failed",
      amountReceived: null,
      failureReason: "Declined by the bank: insufficient funds",
      providerStatus: "canceled (payment_network: insufficient_funds)",
    });
  });

  it("an unknown status is pending: never completed on a guess", () => {
    expect(paymentReport(payment({ status: "something_new" })).status).toBe("pending");
  });

  it.each([
    ["payment_network", "insufficient_funds", "Declined by the bank: insufficient funds"],
    ["payment_network", "3d_secure_failed", "Declined by the bank: 3-D Secure authentication failed"],
    ["yoo_kassa", "fraud_suspected", "Declined by YooKassa: suspected fraud"],
    [
      "yoo_kassa",
      "expired_on_confirmation",
      "Declined by YooKassa: the buyer did not confirm the payment in time",
    ],
    ["merchant", "canceled_by_merchant", "Canceled by the merchant"],
    ["payment_network", "some_new_reason", "Declined by the bank: some new reason"],
    ["someone", "general_decline", "Canceled: declined without a reason given"],
  ])("cancellation %s / %s → %s", (party, reason, words) => {
    expect(cancellationReason(party, reason)).toBe(words);
  });

  it("says nothing when YooKassa gave no details", () => {
    expect(cancellationReason(undefined, undefined)).toBeNull();
    expect(paymentReport(payment({ status: "canceled" })).failureReason).toBeNull();
  });
});

describe("what YooKassa is sent", () => {
  it("a description of at most 128 characters, cut between characters", () => {
    expect(truncate("Pro, 1 month", 128)).toBe("Pro, 1 month");
    const long = "Подписка 🚀 ".repeat(20);
    const cut = truncate(long, 128);
    expect(Array.from(cut)).toHaveLength(128);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF]…$/); // no half of a surrogate pair before the ellipsis
  });

  it("idempotence keys from our order, at most 64 characters", () => {
    expect(idempotenceKey("pay", "ord_ABCDEFGHIJKLMNOPQRST")).toBe("pay-ord_ABCDEFGHIJKLMNOPQRST");
    expect(idempotenceKey("refund", "ord_ABCDEFGHIJKLMNOPQRST", 0, 149_000)).toBe(
      "refund-ord_ABCDEFGHIJKLMNOPQRST-0-149000",
    );
    const long = idempotenceKey("refund", "x".repeat(80), 1, 2);
    expect(long).toHaveLength(64);
    expect(long.startsWith("refund-")).toBe(true);
    expect(idempotenceKey("refund", "x".repeat(80), 1, 2)).toBe(long);
    expect(idempotenceKey("refund", "x".repeat(80), 1, 3)).not.toBe(long);
  });

  it("a receipt only when receipts are on, and only with an email", () => {
    const input = {
      email: "buyer@example.com",
      description: "Pro, 1 month",
      amount: 229_000,
      currency: "RUB",
    };
    expect(receiptFor({ receipts: false, vatCode: 1 }, input)).toBeUndefined();
    expect(receiptFor({ receipts: true, vatCode: 4 }, input)).toEqual({
      customer: { email: "buyer@example.com" },
      items: [
        {
          description: "Pro, 1 month",
          quantity: "1.00",
          amount: { value: "2290.00", currency: "RUB" },
          vat_code: 4,
          payment_subject: "service",
          payment_mode: "full_payment",
        },
      ],
    });
    expect(() => receiptFor({ receipts: true, vatCode: 1 }, { ...input, email: null })).toThrow(
      ProviderError,
    );
    expect(() => receiptFor({ receipts: true, vatCode: 1 }, { ...input, email: null })).toThrow(/email/);
  });
});

describe("YooKassa notifications", () => {
  const config = { allowlist: addressAllowlist(["185.71.76.0/27"]) } as YooKassaConfig;
  const id = "2f4b0c1e-000f-5000-9000-1b3c0e8f9a91";
  const delivery = (body: unknown, clientAddress: string | null = "185.71.76.10"): RawDelivery => ({
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: new Headers({ "content-type": "application/json" }),
    clientAddress,
    receivedAt: new Date(),
  });
  const notification = (event: string, object: Record<string, unknown>) => ({
    type: "notification",
    event,
    object,
  });

  it("are recognised by their type and event", () => {
    expect(recognisesNotification(delivery(notification("payment.succeeded", { id })))).toBe(true);
    expect(recognisesNotification(delivery({ type: "notification" }))).toBe(false);
    expect(recognisesNotification(delivery({ invoice_id: "INV-1", token: "x" }))).toBe(false);
    expect(recognisesNotification(delivery("type=notification&event=x"))).toBe(false);
  });

  it("from an address off the list, or an unknown one, are refused with 403", () => {
    const body = notification("payment.succeeded", { id, status: "succeeded" });
    for (const address of ["185.71.76.32", "127.0.0.1", null]) {
      expect(authenticateNotification(config, delivery(body, address))).toMatchObject({
        kind: "rejected",
        status: 403,
      });
    }
  });

  it("name the payment to re-fetch and trust nothing else in the body", () => {
    const verdict = authenticateNotification(
      config,
      delivery(notification("payment.succeeded", { id, status: "succeeded", amount: rub("1.00") })),
    );
    expect(verdict).toEqual({
      kind: "event",
      event: {
        eventId: `payment.succeeded:${id}:succeeded`,
        payment: { providerRef: id },
        report: null,
        moves: ["completed", "refunded"],
      },
    });
  });

  it("route a refund to its payment, with the refund's own event id", () => {
    const verdict = authenticateNotification(
      config,
      delivery(
        notification("refund.succeeded", {
          id: "216749f7-0015-5000-8000-078d43a63ae4",
          payment_id: id,
          status: "succeeded",
          amount: rub("100.00"),
        }),
      ),
    );
    expect(verdict).toMatchObject({
      kind: "event",
      event: {
        eventId: "refund.succeeded:216749f7-0015-5000-8000-078d43a63ae4:succeeded",
        payment: { providerRef: id },
        report: null,
      },
    });
  });

  it("keep a completed payment open to a refund's re-fetch (a partial refund leaves it completed)", () => {
    const refund = authenticateNotification(
      config,
      delivery(notification("refund.succeeded", { id: "r1", payment_id: id, status: "succeeded" })),
    );
    if (refund.kind !== "event") throw new Error("expected an event");
    expect(settledFor(refund.event.moves)).not.toContain("completed");
    expect(settledFor(refund.event.moves)).toContain("refunded");

    const canceled = authenticateNotification(
      config,
      delivery(notification("payment.canceled", { id, status: "canceled" })),
    );
    if (canceled.kind !== "event") throw new Error("expected an event");
    expect(settledFor(canceled.event.moves)).toEqual(expect.arrayContaining(["completed", "failed"]));
  });

  it("acknowledge events that move nothing, and malformed ones, without trusting them", () => {
    expect(
      authenticateNotification(
        config,
        delivery(notification("payout.succeeded", { id: "po-1", status: "succeeded" })),
      ),
    ).toMatchObject({ kind: "ignored", eventId: "payout.succeeded:po-1:succeeded" });
    expect(
      authenticateNotification(config, delivery(notification("payment.succeeded", { status: "succeeded" }))),
    ).toMatchObject({
      kind: "ignored",
      eventId: null,
    });
    expect(
      authenticateNotification(config, delivery({ type: "notification", event: "payment.succeeded" })),
    ).toMatchObject({
      kind: "ignored",
    });
  });
});
