// Standalone YooKassa emulator for manual demos and for processes that cannot import it (e.g. a
// Playwright web server): `tsx sandbox/yookassa/main.ts`. The first stdout line is the base URL
// alone, so a launcher can read it; everything else goes to stderr.
import { startYooKassaEmulator } from "./emulator";

const env = process.env;
const fail = (message: string): never => {
  console.error(`yookassa emulator: ${message}`);
  process.exit(2);
};

const missing = ["YOOKASSA_SHOP_ID", "YOOKASSA_SECRET_KEY"].filter((k) => !env[k]);
if (missing.length > 0) fail(`set ${missing.join(", ")} (the values the app is configured with)`);
const receipts = env.YOOKASSA_RECEIPTS || "false";
if (receipts !== "true" && receipts !== "false")
  fail(`YOOKASSA_RECEIPTS must be true or false, not "${receipts}"`);
const port = Number(env.EMULATOR_PORT || 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`EMULATOR_PORT must be a port number, not "${env.EMULATOR_PORT}"`);
}

const emulator = await startYooKassaEmulator({
  shopId: env.YOOKASSA_SHOP_ID ?? "",
  secretKey: env.YOOKASSA_SECRET_KEY ?? "",
  notificationUrl: env.YOOKASSA_NOTIFICATION_URL,
  receipts: receipts === "true",
  port,
});

console.log(emulator.url);
console.error(
  [
    `YooKassa emulator on ${emulator.url}`,
    `  API base (YOOKASSA_API_BASE): ${emulator.apiBase}`,
    `  notifications: ${env.YOOKASSA_NOTIFICATION_URL ? `→ ${env.YOOKASSA_NOTIFICATION_URL} (the app needs YOOKASSA_ALLOWED_IPS=127.0.0.1,::1)` : "not sent (YOOKASSA_NOTIFICATION_URL unset)"}`,
    `  receipts: ${receipts === "true" ? "required" : "optional"}`,
    `  payments: GET ${emulator.url}/_emulator/payments`,
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().finally(() => process.exit(0));
  });
}
