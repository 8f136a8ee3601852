import { amountPaid, amountRefunded, RECEIPT_STATUSES } from "@/lib/billing/payments/history";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isRecordId } from "@/lib/record-id";
import type { PaymentProvider, SubscriptionEventKind } from "@/lib/generated/prisma/enums";

// A customer's receipt for one completed payment: the one read behind both the receipt page and
// its PDF, so the two can never disagree. It only reads, and only the customer's own payments.
// Money is integer minor units of `currency`; words and formatting belong to the caller.

export interface Receipt {
  /** The receipt number: our order id, which the provider and our support also know it by. */
  orderId: string;
  paidAt: Date;
  seller: { name: string; address: string | null; taxId: string | null };
  buyer: { email: string | null; telegramChatId: string | null };
  item:
    | { kind: "plan"; planName: string; months: number }
    | { kind: "product"; productName: string }
    | { kind: "topup" };
  /** What the subscription's timeline recorded for this payment; null when it says nothing sure. */
  period: { kind: "until"; endsAt: Date } | { kind: "starts"; startsAt: Date } | null;
  currency: string;
  /** The invoice amount. */
  price: number;
  /** What the provider took (differs from `price` after an over- or underpayment). */
  paid: number;
  refunded: number;
  /** Paid less refunded: what the customer finally paid. */
  net: number;
  provider: PaymentProvider;
  providerRef: string | null;
}

/** Timeline events that start paid time for the payment, and where its time ends or starts. */
const BUYING_EVENTS: readonly SubscriptionEventKind[] = [
  "purchased",
  "renewed",
  "upgraded",
  "downgrade_scheduled",
  "value_applied",
];

/** The receipt of the customer's payment `orderId`; null for anyone else's or one without a receipt. */
export async function getReceipt(userId: string, orderId: string): Promise<Receipt | null> {
  // The id comes from a URL: text PostgreSQL would refuse (a NUL byte) must be a 404, not a 500.
  if (!isRecordId(orderId)) return null;
  const payment = await db.payment.findFirst({
    where: { orderId, userId, status: { in: [...RECEIPT_STATUSES] }, paidAt: { not: null } },
    include: {
      user: { select: { email: true } },
      plan: { select: { name: true } },
      product: { select: { name: true } },
      subscriptionEvents: {
        select: { kind: true, toPeriodEnd: true },
        orderBy: [{ at: "asc" }, { createdAt: "asc" }],
      },
    },
  });
  if (!payment?.paidAt) return null;

  const paid = amountPaid(payment);
  const refunded = amountRefunded(payment);
  const { SELLER_NAME, SELLER_ADDRESS, SELLER_TAX_ID } = env();
  return {
    orderId: payment.orderId,
    paidAt: payment.paidAt,
    seller: { name: SELLER_NAME, address: SELLER_ADDRESS ?? null, taxId: SELLER_TAX_ID ?? null },
    buyer: { email: payment.user?.email ?? null, telegramChatId: payment.telegramChatId },
    item:
      payment.purpose === "subscription" && payment.plan && payment.months
        ? { kind: "plan", planName: payment.plan.name, months: payment.months }
        : payment.purpose === "product" && payment.product
          ? { kind: "product", productName: payment.product.name }
          : { kind: "topup" },
    period: periodOf(payment.subscriptionEvents),
    currency: payment.currency,
    price: payment.amount,
    paid,
    refunded,
    net: Math.max(0, paid - refunded),
    provider: payment.provider,
    providerRef: payment.providerRef,
  };
}

function periodOf(events: { kind: SubscriptionEventKind; toPeriodEnd: Date | null }[]): Receipt["period"] {
  // Once a refund took time away, the end recorded at purchase is no longer true, and the new end
  // mixes in other payments' time: better no period than a wrong one.
  if (events.some((event) => event.kind === "refund_time_removed")) return null;
  const bought = events.find((event) => BUYING_EVENTS.includes(event.kind));
  if (!bought?.toPeriodEnd) return null;
  // A downgrade waits for the current plan's paid time: its event records when that ends, which
  // is when the bought time starts (its own end is not recorded on the event).
  return bought.kind === "downgrade_scheduled"
    ? { kind: "starts", startsAt: bought.toPeriodEnd }
    : { kind: "until", endsAt: bought.toPeriodEnd };
}
