// Standalone CryptoCloud emulator for manual demos and for processes that cannot import it
// (e.g. a Playwright web server): `tsx sandbox/cryptocloud/main.ts`. The first stdout line is
// the base URL alone, so a launcher can read it; everything else goes to stderr.
import { startCryptoCloudEmulator } from "./emulator";

const env = process.env;
const missing = ["CRYPTOCLOUD_API_KEY", "CRYPTOCLOUD_SHOP_ID", "CRYPTOCLOUD_SECRET_KEY"].filter(
  (k) => !env[k],
);
if (missing.length > 0) {
  console.error(`cryptocloud emulator: set ${missing.join(", ")} (the values the app is configured with)`);
  process.exit(2);
}
const format = env.CRYPTOCLOUD_POSTBACK_FORMAT || "json";
if (format !== "json" && format !== "form") {
  console.error(`cryptocloud emulator: CRYPTOCLOUD_POSTBACK_FORMAT must be json or form, not "${format}"`);
  process.exit(2);
}
const port = Number(env.EMULATOR_PORT || 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`cryptocloud emulator: EMULATOR_PORT must be a port number, not "${env.EMULATOR_PORT}"`);
  process.exit(2);
}

const emulator = await startCryptoCloudEmulator({
  apiKey: env.CRYPTOCLOUD_API_KEY ?? "",
  shopId: env.CRYPTOCLOUD_SHOP_ID ?? "",
  secretKey: env.CRYPTOCLOUD_SECRET_KEY ?? "",
  port,
  postbackUrl: env.CRYPTOCLOUD_POSTBACK_URL,
  postbackFormat: format,
  successUrl: env.CRYPTOCLOUD_SUCCESS_URL,
  failUrl: env.CRYPTOCLOUD_FAIL_URL,
});

console.log(emulator.url);
console.error(
  [
    `CryptoCloud emulator on ${emulator.url}`,
    `  API base (CRYPTOCLOUD_API_BASE): ${emulator.apiBase}`,
    `  postbacks: ${env.CRYPTOCLOUD_POSTBACK_URL ? `${format} → ${env.CRYPTOCLOUD_POSTBACK_URL}` : "not sent (CRYPTOCLOUD_POSTBACK_URL unset)"}`,
    `  invoices: GET ${emulator.url}/_emulator/invoices`,
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().finally(() => process.exit(0));
  });
}
