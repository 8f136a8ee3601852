import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhook/payment/route";
import { db } from "@/lib/db";
import { startWorkers, type Workers } from "@/lib/jobs/workers";
import { customerWithInvoice, webhookRequest, withCryptoCloudEmulator } from "./cryptocloud-context";

// The worker process as the app runs it: deliveries acknowledged by the route are applied by the
// worker on its own, woken by the recording statement's NOTIFY rather than by its poll.

const cc = withCryptoCloudEmulator();
let workers: Workers;

beforeAll(async () => {
  // A poll this slow cannot be what applies a delivery within the test: only the wake-up can.
  workers = await startWorkers(process.env.DATABASE_URL!, { pollingIntervalSeconds: 30 });
  // The first poll of every queue happens at start; let it pass.
  await new Promise((resolve) => setTimeout(resolve, 500));
});
afterAll(async () => {
  await workers.stop();
});

describe("the webhook worker", () => {
  it("applies acknowledged deliveries by itself, woken as each is recorded", async () => {
    for (let round = 0; round < 3; round += 1) {
      const { payment, invoice } = await customerWithInvoice();
      await cc.emulator().pay(invoice, "full");
      const postback = await cc.emulator().buildPostback(invoice);
      const response = await POST(webhookRequest(postback.body, postback.contentType));
      expect(await response.json()).toMatchObject({ received: true, outcome: "received" });
      await expect
        .poll(async () => (await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status, {
          timeout: 10_000,
          interval: 50,
        })
        .toBe("completed");
    }
  });
});
