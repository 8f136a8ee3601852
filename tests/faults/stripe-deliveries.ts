import { randomUUID } from "node:crypto";
import { createPendingPayment } from "@/lib/billing/payments/create";
import { startFreeSubscription } from "@/lib/billing/subscriptions/periods";
import { db } from "@/lib/db";
import { eventBody, signatureHeader } from "@/sandbox/stripe/events";
import { fetchWithin, STRIPE_WEBHOOK_SECRET, sleep } from "./harness";

// Paid Stripe Checkout Sessions as the fault tests deliver them: open plan payments made through
// the billing module (as checkout leaves them once Stripe answered), and their
// `checkout.session.completed` events built and signed by the Stripe emulator's own code
// (sandbox/stripe/events.ts), POSTed as Stripe does: a fresh signature on every try, the same
// event id and body, retried until answered 2xx.

export interface OpenPayment {
  paymentId: string;
  userId: string;
  sessionId: string;
  amount: number;
  chatId: string | null;
}

/** Fixture transactions on a loaded machine outlast Prisma's 5 s default. */
const LONG_TRANSACTION = { timeout: 60_000, maxWait: 60_000 };

/** Customers on the free plan, each with a linked Telegram chat unless `chats` is false. */
export async function createCustomers(
  count: number,
  options: { label: string; chats?: boolean; firstChat?: number },
): Promise<{ userId: string; chatId: string | null }[]> {
  const run = randomUUID().slice(0, 8);
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `usr_${options.label}_${run}_${i}`,
    email: `${options.label}-${run}-${i}@faults.example`,
    // Never signed in with: an argon2 hash per customer would cost 400 × 70 ms.
    passwordHash: "not-a-hash",
    telegramChatId: options.chats === false ? null : String((options.firstChat ?? 7_000_000) + i),
  }));
  await db.user.createMany({ data: rows });
  // Every account gets a free subscription at registration (lib/users.ts).
  await inBatches(rows, 25, (batch) =>
    db.$transaction(async (tx) => {
      for (const row of batch) await startFreeSubscription(tx, row.id);
    }, LONG_TRANSACTION),
  );
  return rows.map((row) => ({ userId: row.id, chatId: row.telegramChatId }));
}

/** One open card payment for a month of `plan` per customer, with its Checkout Session id. */
export async function openPlanPayments(
  customers: { userId: string; chatId: string | null }[],
  plan = "pro",
): Promise<OpenPayment[]> {
  const planRow = await db.plan.findUniqueOrThrow({ where: { slug: plan } });
  const price = await db.price.findUniqueOrThrow({
    where: { planId_currency_months: { planId: planRow.id, currency: "USD", months: 1 } },
  });
  const batches = await inBatches(customers, 25, (batch) =>
    db.$transaction(async (tx) => {
      const out: OpenPayment[] = [];
      for (const customer of batch) {
        const payment = await createPendingPayment(tx, {
          userId: customer.userId,
          purpose: "subscription",
          provider: "stripe",
          amount: price.amount,
          currency: "USD",
          planId: planRow.id,
          months: 1,
        });
        const sessionId = `cs_test_faults_${payment.id}`;
        await tx.payment.update({
          where: { id: payment.id },
          data: {
            providerRef: sessionId,
            paymentUrl: `https://checkout.stripe.com/c/pay/${sessionId}`,
            expiresAt: new Date(Date.now() + 60 * 60_000),
          },
        });
        out.push({
          paymentId: payment.id,
          userId: customer.userId,
          sessionId,
          amount: price.amount,
          chatId: customer.chatId,
        });
      }
      return out;
    }, LONG_TRANSACTION),
  );
  const payments = batches.flat();
  return payments;
}

export interface StripeEvent {
  /** Which payment it pays. */
  paymentId: string;
  eventId: string;
  body: string;
}

/** The `checkout.session.completed` event Stripe sends once the session is paid. */
export function paidEvent(payment: OpenPayment): StripeEvent {
  const eventId = `evt_faults_${payment.paymentId}`;
  const created = Math.floor(Date.now() / 1000);
  const body = eventBody({
    id: eventId,
    type: "checkout.session.completed",
    created,
    request: null,
    object: {
      id: payment.sessionId,
      object: "checkout.session",
      amount_total: payment.amount,
      amount_subtotal: payment.amount,
      currency: "usd",
      mode: "payment",
      status: "complete",
      payment_status: "paid",
      payment_intent: `pi_faults_${payment.paymentId}`,
      created,
    },
  });
  return { paymentId: payment.paymentId, eventId, body };
}

export interface SendStats {
  /** Deliveries answered 2xx (each counted once, on its final try). */
  accepted: number;
  /** Tries that were not answered 2xx: status → count (0: no answer, a reset or a timeout). */
  failedTries: Record<string, number>;
  /** The slowest answer of any try, ms (a try cut off by the timeout counts as the timeout). */
  slowestMs: number;
  /** Per try: when it ended (ms since the run started), its status and how long it took. */
  tries: { at: number; status: number; ms: number }[];
}

/**
 * Sends every delivery (`copies` of each event, shuffled so copies of one event race each other),
 * `concurrency` at a time, each to one of `targets` in turn, retrying anything not answered 2xx
 * after a short back-off (as Stripe does, if sooner), with a fresh signature each time.
 * `targets` is read at every try, so a test can point the senders elsewhere meanwhile.
 */
export async function sendAll(
  events: readonly StripeEvent[],
  options: {
    targets: () => readonly string[];
    copies: number;
    concurrency: number;
    /** Per try. */
    timeoutMs?: number;
    /** Gives up (throws) when a delivery is still not accepted after this long. */
    deadlineMs?: number;
    onAnswer?: (status: number) => void;
    /** Called before every try: throws to give up at once (a process the test needs died). */
    check?: () => void;
    /** Prints the progress every 10 s under this name. */
    progress?: string;
  },
): Promise<SendStats> {
  const queue: StripeEvent[] = [];
  for (const event of events) for (let copy = 0; copy < options.copies; copy++) queue.push(event);
  shuffle(queue);
  const stats: SendStats = { accepted: 0, failedTries: {}, slowestMs: 0, tries: [] };
  const started = Date.now();
  const deadline = started + (options.deadlineMs ?? 240_000);
  let turn = 0;
  const lane = async () => {
    for (let event = queue.shift(); event; event = queue.shift()) {
      let backoff = 100;
      for (;;) {
        options.check?.();
        const all = options.targets();
        const target = all[turn++ % all.length]!;
        const tryStart = Date.now();
        const status = await post(target, event, options.timeoutMs ?? 10_000);
        const ms = Date.now() - tryStart;
        stats.slowestMs = Math.max(stats.slowestMs, ms);
        stats.tries.push({ at: Date.now() - started, status, ms });
        options.onAnswer?.(status);
        if (status >= 200 && status < 300) {
          stats.accepted += 1;
          break;
        }
        stats.failedTries[String(status)] = (stats.failedTries[String(status)] ?? 0) + 1;
        if (Date.now() > deadline) {
          throw new Error(`delivery of ${event.eventId} still not accepted (last status ${status})`);
        }
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 2_000);
      }
    }
  };
  const ticker = options.progress
    ? setInterval(() => {
        console.log(
          `${options.progress}: ${stats.accepted} of ${events.length * options.copies} accepted after ` +
            `${((Date.now() - started) / 1000).toFixed(0)} s, failed tries ${JSON.stringify(stats.failedTries)}`,
        );
      }, 10_000)
    : undefined;
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane));
  } finally {
    clearInterval(ticker);
  }
  return stats;
}

/** One try: the HTTP status, or 0 when nothing answered in time (refused, reset, timed out). */
async function post(baseUrl: string, event: StripeEvent, timeoutMs: number): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetchWithin(
      `${baseUrl}/api/webhook/payment`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": signatureHeader(event.body, STRIPE_WEBHOOK_SECRET, timestamp),
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: event.body,
        redirect: "manual",
      },
      timeoutMs,
    );
    return response.status;
  } catch {
    return 0;
  }
}

/** `run` on slices of `size`, four at a time (the pool has ten connections); results in order. */
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  run: (batch: T[]) => Promise<R>,
): Promise<R[]> {
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
  const results: R[] = new Array<R>(slices.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < slices.length; i = next++) results[i] = await run(slices[i]!);
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  return results;
}

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
