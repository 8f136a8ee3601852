import { Worker } from "node:worker_threads";
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { POST } from "@/app/api/webhook/payment/route";
import { countRequests } from "@/lib/billing/subscriptions/usage";
import { chargeOperation } from "@/lib/billing/wallet/operations";
import { db } from "@/lib/db";
import { PaymentStatus } from "@/lib/generated/prisma/enums";
import { QUEUES } from "@/lib/jobs/queue";
import { forgetStateMetrics } from "@/lib/metrics/state";
import { linkWorkerThread } from "@/lib/metrics/worker-bridge";
import { STRIPE_WEBHOOK_SECRET, customerWithSession, withStripeEmulator } from "./stripe-context";

// GET /api/metrics through its route handler, against the real database: who may read it, that
// events counted at their call sites show up, that the state gauges are the database's counts, and
// that a worker thread's counts are merged into the scrape.

withStripeEmulator();

const TOKEN = "metrics-token-for-tests-0123456789";

beforeEach(() => {
  process.env.METRICS_TOKEN = TOKEN;
  forgetStateMetrics();
});
afterEach(() => {
  delete process.env.METRICS_TOKEN;
});

function scrape(authorization: string | null = `Bearer ${TOKEN}`) {
  const headers = new Headers();
  if (authorization !== null) headers.set("authorization", authorization);
  return GET(new Request("http://127.0.0.1/api/metrics", { headers }));
}

async function scrapeText(): Promise<string> {
  forgetStateMetrics();
  const response = await scrape();
  expect(response.status).toBe(200);
  return response.text();
}

/** A sample's value in Prometheus text (0 when the series is absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value))
      return Number(match[3]);
  }
  return 0;
}

function deliver(body: string, headers: Record<string, string>) {
  return POST(
    new Request("http://127.0.0.1/api/webhook/payment", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
  );
}

function signedStripeEvent(event: object) {
  const body = JSON.stringify(event);
  const header = new Stripe("sk_test_unused").webhooks.generateTestHeaderString({
    payload: body,
    secret: STRIPE_WEBHOOK_SECRET,
  });
  return { body, header };
}

describe("who may read GET /api/metrics", () => {
  it("answers 404 while METRICS_TOKEN is unset", async () => {
    delete process.env.METRICS_TOKEN;
    const response = await scrape();
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("billing_");
  });

  it("answers 401 with a Bearer challenge to a wrong token and to none", async () => {
    for (const authorization of [`Bearer ${TOKEN}x`, "Bearer short", `Basic ${TOKEN}`, null]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      const text = await response.text();
      expect(text).not.toContain("billing_");
      expect(text).not.toContain(TOKEN);
    }
  });

  it("answers the Prometheus text format, uncached, to the right token", async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      "billing_webhook_deliveries_total",
      "billing_webhook_apply_duration_seconds",
      "billing_webhook_apply_latency_seconds",
      "billing_checkouts_total",
      "billing_job_failures_total",
      "billing_sweep_runs_total",
      "billing_sweep_items_total",
      "billing_notification_sends_total",
      "billing_operations_total",
      "billing_usage_counts_total",
      "billing_http_request_duration_seconds",
      "billing_payments",
      "billing_job_queue_jobs",
      "billing_metrics_database_up",
      "process_cpu_user_seconds_total",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, "billing_metrics_database_up")).toBe(1);
    expect(text).not.toContain(TOKEN);
  });
});

describe("what the metrics count", () => {
  it("counts a delivery through the webhook route under its provider and outcome", async () => {
    const { sessionId } = await customerWithSession();
    const event = signedStripeEvent({
      id: `evt_metrics_${Date.now()}`,
      type: "checkout.session.expired",
      data: { object: { id: sessionId, amount_total: null, currency: "usd", payment_status: "unpaid" } },
    });
    const before = await scrapeText();
    const response = await deliver(event.body, { "stripe-signature": event.header });
    expect(response.status).toBe(200);
    const { outcome } = (await response.json()) as { outcome: string };
    const forged = await deliver(event.body, { "stripe-signature": "t=1,v1=00" });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    const after = await scrapeText();

    const count = (text: string, labels: Record<string, string>) =>
      sample(text, "billing_webhook_deliveries_total", labels);
    expect(count(after, { provider: "stripe", outcome })).toBe(
      count(before, { provider: "stripe", outcome }) + 1,
    );
    const refused = { provider: "stripe", outcome: "refused" };
    expect(count(after, refused)).toBe(count(before, refused) + 1);
    // Nothing was counted under another provider.
    const cryptocloud = { provider: "cryptocloud", outcome };
    expect(count(after, cryptocloud)).toBe(count(before, cryptocloud));
  });

  it("counts a checkout opened at its provider", async () => {
    const before = sample(await scrapeText(), "billing_checkouts_total", {
      provider: "stripe",
      outcome: "opened",
    });
    await customerWithSession();
    const after = sample(await scrapeText(), "billing_checkouts_total", {
      provider: "stripe",
      outcome: "opened",
    });
    expect(after).toBe(before + 1);
  });

  it("reports payments by status as the database counts them, every status present", async () => {
    await customerWithSession();
    await customerWithSession();
    const text = await scrapeText();
    const counts = await db.payment.groupBy({ by: ["status"], _count: true });
    for (const status of Object.values(PaymentStatus)) {
      const expected = counts.find((row) => row.status === status)?._count ?? 0;
      expect(text).toContain(`billing_payments{status="${status}"}`);
      expect(sample(text, "billing_payments", { status }), status).toBe(expected);
    }
    expect(sample(text, "billing_payments", { status: "pending" })).toBeGreaterThanOrEqual(2);
  });

  it("reports the job queue's depth by queue as pgboss.job holds it", async () => {
    const { sessionId } = await customerWithSession();
    const event = signedStripeEvent({
      id: `evt_queue_${Date.now()}`,
      type: "checkout.session.expired",
      data: { object: { id: sessionId, amount_total: null, currency: "usd", payment_status: "unpaid" } },
    });
    expect((await deliver(event.body, { "stripe-signature": event.header })).status).toBe(200);
    const [row] = await db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM pgboss.job WHERE name = ${QUEUES.webhook} AND state = 'created'`;
    expect(row!.count).toBeGreaterThan(0);
    const text = await scrapeText();
    expect(sample(text, "billing_job_queue_jobs", { queue: QUEUES.webhook, state: "created" })).toBe(
      row!.count,
    );
    expect(sample(text, "billing_job_queue_jobs", { queue: QUEUES.telegram, state: "active" })).toBe(0);
  });
});

describe("operations and quota", () => {
  it("count a charge refused for an unknown customer, and a quota check without a plan", async () => {
    const before = await scrapeText();
    const charge = await chargeOperation({
      userId: "no-such-customer",
      type: "generate",
      idempotencyKey: "metrics-unknown-customer",
      apiKeyId: null,
      requestFingerprint: "metrics",
    });
    expect(charge.kind).toBe("unknown_customer");
    expect((await countRequests("no-such-customer", 1)).kind).toBe("no_subscription");
    const after = await scrapeText();
    const refused = { outcome: "unknown_customer" };
    expect(sample(after, "billing_operations_total", refused)).toBe(
      sample(before, "billing_operations_total", refused) + 1,
    );
    expect(sample(after, "billing_operations_total", { outcome: "charged" })).toBe(
      sample(before, "billing_operations_total", { outcome: "charged" }),
    );
    const noPlan = { outcome: "no_subscription" };
    expect(sample(after, "billing_usage_counts_total", noPlan)).toBe(
      sample(before, "billing_usage_counts_total", noPlan) + 1,
    );
  });
});

describe("a worker thread's metrics", () => {
  it("are merged into the scrape, summed with this thread's", async () => {
    const queue = QUEUES.sweepHolds;
    const before = sample(await scrapeText(), "billing_job_failures_total", { queue });
    // A stand-in for lib/jobs/worker-thread.ts: answers the bridge's requests as answerBridgeRequests does.
    const thread = new Worker(
      `const { parentPort } = require("node:worker_threads");
       parentPort.on("message", (m) => {
         if (m.kind !== "bridge-request") return;
         parentPort.postMessage({ kind: "bridge-reply", id: m.id, metrics: m.what === "ping" ? undefined : [{
           name: "billing_job_failures_total", help: "h", type: "counter", aggregator: "sum",
           values: [{ value: 3, labels: { queue: ${JSON.stringify(queue)} } }],
         }] });
       });`,
      { eval: true },
    );
    const unlink = linkWorkerThread(thread);
    try {
      const text = await scrapeText();
      expect(sample(text, "billing_job_failures_total", { queue })).toBe(before + 3);
      expect(sample(text, "billing_metrics_worker_threads_late")).toBe(0);
    } finally {
      unlink();
      await thread.terminate();
    }
    // Unlinked, its counts are gone from the scrape again.
    expect(sample(await scrapeText(), "billing_job_failures_total", { queue })).toBe(before);
  });
});
