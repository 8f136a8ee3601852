// Standalone Stripe emulator for manual demos and for processes that cannot import it (e.g. a
// Playwright web server): `tsx sandbox/stripe/main.ts`. The first stdout line is the base URL
// alone, so a launcher can read it; everything else goes to stderr.
import { startStripeEmulator } from "./emulator";

const env = process.env;
const fail = (message: string): never => {
  console.error(`stripe emulator: ${message}`);
  process.exit(2);
};

const missing = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"].filter((k) => !env[k]);
if (missing.length > 0) fail(`set ${missing.join(", ")} (the values the app is configured with)`);
const timing = env.STRIPE_REFUND_EVENT_TIMING || "after-response";
if (timing !== "after-response" && timing !== "before-response") {
  fail(`STRIPE_REFUND_EVENT_TIMING must be after-response or before-response, not "${timing}"`);
}
const port = Number(env.EMULATOR_PORT || 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`EMULATOR_PORT must be a port number, not "${env.EMULATOR_PORT}"`);
}

const emulator = await startStripeEmulator({
  secretKey: env.STRIPE_SECRET_KEY ?? "",
  webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "",
  webhookUrl: env.STRIPE_WEBHOOK_URL,
  port,
  refundEventTiming: timing === "before-response" ? "before-response" : "after-response",
});

console.log(emulator.url);
console.error(
  [
    `Stripe emulator on ${emulator.url}`,
    `  SDK options: host ${emulator.sdkOptions.host}, port ${emulator.sdkOptions.port}, protocol http`,
    `  events: ${env.STRIPE_WEBHOOK_URL ? `→ ${env.STRIPE_WEBHOOK_URL}` : "not sent (STRIPE_WEBHOOK_URL unset)"}`,
    `  sessions: GET ${emulator.url}/_emulator/sessions`,
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().finally(() => process.exit(0));
  });
}
