import { describe, expect, it } from "vitest";
import { ALLOWED_TRANSITIONS, PAYMENT_STATUSES, decideTransition } from "@/lib/billing/payments/transitions";
import { CRYPTOCLOUD_STATUS } from "@/lib/billing/providers/cryptocloud/invoices";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";

// The full table, written out: for each status a payment is in, what each CryptoCloud invoice
// status does to it. "→ x" moves, "=" is a redelivery (no-op), "✗" is refused.
const EXPECTED: Record<PaymentStatus, Record<string, string>> = {
  pending: {
    created: "=",
    paid: "→ completed",
    overpaid: "→ completed",
    partial: "→ partially_paid",
    canceled: "→ expired",
  },
  partially_paid: {
    created: "✗",
    paid: "→ completed",
    overpaid: "→ completed",
    partial: "=",
    canceled: "→ expired",
  },
  completed: { created: "✗", paid: "=", overpaid: "=", partial: "✗", canceled: "✗" },
  failed: { created: "✗", paid: "✗", overpaid: "✗", partial: "✗", canceled: "✗" },
  expired: {
    created: "✗",
    paid: "→ completed",
    overpaid: "→ completed",
    partial: "→ partially_paid",
    canceled: "=",
  },
  canceled: { created: "✗", paid: "✗", overpaid: "✗", partial: "✗", canceled: "✗" },
  refunded: { created: "✗", paid: "✗", overpaid: "✗", partial: "✗", canceled: "✗" },
};

function describeDecision(from: PaymentStatus, providerStatus: string): string {
  const decision = decideTransition(from, CRYPTOCLOUD_STATUS[providerStatus]!);
  return decision.kind === "move" ? `→ ${decision.to}` : decision.kind === "noop" ? "=" : "✗";
}

describe("payment transitions", () => {
  for (const from of PAYMENT_STATUSES) {
    for (const providerStatus of Object.keys(CRYPTOCLOUD_STATUS)) {
      it(`${from} + CryptoCloud "${providerStatus}" ${EXPECTED[from][providerStatus]}`, () => {
        expect(describeDecision(from, providerStatus)).toBe(EXPECTED[from][providerStatus]);
      });
    }
  }

  it("never lets a late cancellation undo a completion, in any order", () => {
    const deliveries = ["paid", "canceled", "partial", "created", "paid"];
    let status: PaymentStatus = "pending";
    const moves: string[] = [];
    for (const delivery of deliveries) {
      const decision = decideTransition(status, CRYPTOCLOUD_STATUS[delivery]!);
      if (decision.kind === "move") {
        status = decision.to;
        moves.push(decision.to);
      }
    }
    expect(moves).toEqual(["completed"]);
    expect(status).toBe("completed");
  });

  it("treats a new received amount on a partial payment as a change, the same amount as a redelivery", () => {
    expect(decideTransition("partially_paid", "partially_paid", true)).toEqual({
      kind: "move",
      from: "partially_paid",
      to: "partially_paid",
    });
    expect(decideTransition("partially_paid", "partially_paid", false).kind).toBe("noop");
  });

  it("lets only a refund follow a completion", () => {
    expect(ALLOWED_TRANSITIONS.completed).toEqual(["refunded"]);
    expect(decideTransition("completed", "refunded").kind).toBe("move");
    for (const final of ["failed", "canceled", "refunded"] as const) {
      expect(ALLOWED_TRANSITIONS[final]).toEqual([]);
    }
  });
});
