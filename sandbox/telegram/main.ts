// Standalone Telegram emulator for manual demos and for processes that cannot import it (e.g. a
// Playwright web server): `tsx sandbox/telegram/main.ts`. The first stdout line is the base URL
// alone, so a launcher can read it; everything else goes to stderr.
import { startTelegramEmulator } from "./emulator";

const env = process.env;
if (!env.TELEGRAM_BOT_TOKEN) {
  console.error("telegram emulator: set TELEGRAM_BOT_TOKEN (the token the app is configured with)");
  process.exit(2);
}
const port = Number(env.EMULATOR_PORT || 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`telegram emulator: EMULATOR_PORT must be a port number, not "${env.EMULATOR_PORT}"`);
  process.exit(2);
}

const emulator = await startTelegramEmulator({ token: env.TELEGRAM_BOT_TOKEN, port });

console.log(emulator.url);
console.error(
  [
    `Telegram emulator on ${emulator.url}`,
    `  API base (TELEGRAM_API_BASE): ${emulator.url}`,
    `  chats: ${emulator.url}/_emulator/chats`,
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().finally(() => process.exit(0));
  });
}
