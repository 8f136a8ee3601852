import { isIP } from "node:net";
import { z } from "zod";

// Every setting the app reads, validated once at start-up (scripts/serve.ts and instrumentation.ts)
// so a bad deployment fails immediately with the variable's name, not later in a request.
// Names are part of the operator contract: README.md and .env.example list each one.

/** pino's levels, and "silent" (lib/log.ts). */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "must be a postgresql:// connection URL");

/** Seconds, written as a number of seconds or with a unit: "90", "90s", "2m", "1h". */
const duration = z.union([z.number(), z.string()]).transform((value, context) => {
  const match = /^(\d+)\s*(s|m|h)?$/.exec(String(value).trim());
  if (!match) {
    context.addIssue({ code: "custom", message: 'must be a duration such as "90s", "2m" or "1h"' });
    return z.NEVER;
  }
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? "s") as "s" | "m" | "h"];
});

/** A comma-separated list of IP addresses and CIDRs, validated entry by entry. */
function addressList(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((value, context) => {
      const entries = value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean);
      for (const entry of entries) {
        if (!isAddressOrCidr(entry))
          context.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR` });
      }
      return entries;
    });
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Unset in development: the embedded PostgreSQL under DATA_DIR is started instead. */
  DATABASE_URL: postgresUrl.optional(),
  /** Signs session cookies. Generated and kept under DATA_DIR in development when unset. */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)"),
  /** Public base URL of the app, used for links and provider redirects. Default: localhost:PORT. */
  APP_URL: z.url("must be an absolute URL such as https://billing.example.com").optional(),
  /** The admin account the seed creates or updates. */
  ADMIN_EMAIL: z.email("must be an email address").default("admin@example.com"),
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  /** Port the app listens on. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Where the embedded PostgreSQL keeps its data when DATABASE_URL is unset. */
  DATA_DIR: z.string().min(1).default(".data"),

  /** CryptoCloud (crypto invoices). All three, or none: then the local emulator is used in dev. */
  CRYPTOCLOUD_API_KEY: z.string().min(1).optional(),
  CRYPTOCLOUD_SHOP_ID: z.string().min(1).optional(),
  CRYPTOCLOUD_SECRET_KEY: z.string().min(1).optional(),
  CRYPTOCLOUD_API_BASE: z.url("must be an absolute URL").default("https://api.cryptocloud.plus/v2"),

  /** Stripe Checkout. Both keys, or none: then the local emulator is used in dev. */
  STRIPE_SECRET_KEY: z.string().startsWith("sk_", "must be a Stripe secret key (sk_…)").optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .startsWith("whsec_", "must be a webhook signing secret (whsec_…)")
    .optional(),
  /** Unset: the real API. An http(s) URL points the official SDK elsewhere (the emulator). */
  STRIPE_API_BASE: z.url("must be an absolute URL").optional(),

  /** YooKassa (roubles: plans and wallet top-ups). Both, or none: then the local emulator is used in dev. */
  YOOKASSA_SHOP_ID: z.string().min(1).optional(),
  YOOKASSA_SECRET_KEY: z.string().min(1).optional(),
  YOOKASSA_API_BASE: z.url("must be an absolute URL").default("https://api.yookassa.ru/v3"),
  /**
   * Where YooKassa's notifications may come from (IPs or CIDRs, comma-separated): API v3 signs
   * nothing, so the sender's address is what tells a notification from a forgery. Default: the
   * addresses YooKassa publishes.
   */
  YOOKASSA_ALLOWED_IPS: addressList(
    "185.71.76.0/27,185.71.77.0/27,77.75.153.0/25,77.75.154.128/25,77.75.156.11,77.75.156.35,2a02:5180::/32",
  ),
  /** Send a 54-FZ receipt ("Чеки от ЮKassa") with every payment and refund: "true" or "false". */
  YOOKASSA_RECEIPTS: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("false")
    .transform((value) => value === "true"),
  /** The receipts' VAT code (YooKassa's `vat_code`, 1–12; 1 = no VAT). */
  YOOKASSA_VAT_CODE: z.coerce.number().int().min(1).max(12).default(1),

  /** Telegram bot that sends customers their notifications and invite links. */
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_BASE: z.url("must be an absolute URL").default("https://api.telegram.org"),
  /** Where t.me/<bot>?start=… links point: Telegram's own, or the emulator (which plays t.me too). */
  TELEGRAM_DEEP_LINK_BASE: z.url("must be an absolute URL").default("https://t.me"),
  /** Signs /pay/[product]?tg_id=…&sig=… links the bot hands out (HMAC-SHA256 of the chat id). */
  TELEGRAM_LINK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** The invite link a paid course buyer receives. */
  PAID_CHANNEL_LINK: z.url("must be an absolute URL").optional(),
  /**
   * How the bot gets its updates: "true" — Telegram posts them to APP_URL/api/telegram/webhook
   * (`npm run bot` registers it); "false" — `npm run bot` asks for them (long polling).
   */
  TELEGRAM_WEBHOOK: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("false")
    .transform((value) => value === "true"),
  /** Telegram sends it with every webhook update (its `secret_token`): 1–256 of A–Z, a–z, 0–9, _ and -. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1–256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
    .optional(),
  /** The bot's demo paid command, without the slash: `/generate <text>`. */
  BOT_PAID_COMMAND: z
    .string()
    .regex(/^[a-z0-9_]{1,32}$/, "must be a Telegram command: 1–32 of a-z, 0-9 and _")
    .default("generate"),
  /** The operation type (its slug, /admin/operation-types) the paid command charges. */
  BOT_PAID_OPERATION: z.string().trim().min(1).max(64).default("generate"),
  /** Run the job workers in the app process, on their own thread ("false" when `npm run worker` runs them). */
  RUN_WORKERS: z.enum(["true", "false"]).default("true"),
  /**
   * On SIGTERM, how long requests in flight and jobs in hand may take to finish before the
   * process exits anyway (what is cut short is retried: by the provider, or by the job queue).
   * Keep it below the supervisor's grace period (Kubernetes 30 s; docker-compose.yml sets 30 s).
   */
  SHUTDOWN_TIMEOUT: duration.default(25),

  /**
   * Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs, comma-separated). Empty: the
   * client address is the TCP peer's, whatever headers say.
   */
  TRUSTED_PROXIES: addressList(""),
  /**
   * Client addresses (IPs or CIDRs, comma-separated) exempt from the per-address sign-in and
   * registration limits: an office that signs its staff up at once, end-to-end tests on one
   * machine. Empty: none.
   */
  ABUSE_LIMITS_EXEMPT: addressList(""),
  /**
   * The bearer token GET /api/metrics (and the worker's WORKER_METRICS_PORT) asks for. Unset: the
   * metrics endpoint answers 404.
   */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (try: openssl rand -hex 32)").optional(),
  /** `npm run worker` serves its own metrics on this port (GET /metrics, with METRICS_TOKEN). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** How long a payment stays open before the reconcile sweep asks its provider about it. */
  RECONCILE_AFTER: duration.default(120),
  /** How often the reconcile and expiry sweeps run (whole minutes; the job queue's clock is per minute). */
  RECONCILE_INTERVAL: duration.default(60),
  /** Days before paid time ends that the customer is reminded (in Telegram) to renew. */
  RENEWAL_REMINDER_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  /** Days that rejected and unrecognised webhook deliveries are kept; authentic ones are kept. */
  WEBHOOK_REJECTED_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),

  /** The seller named on customers' receipts: your business's legal or trading name. */
  SELLER_NAME: z.string().trim().min(1).max(200).default("Billing Dashboard"),
  /** The seller's postal address on receipts (optional; its line breaks are kept). */
  SELLER_ADDRESS: z.string().trim().min(1).max(500).optional(),
  /** The seller's tax or VAT number on receipts (optional). */
  SELLER_TAX_ID: z.string().trim().min(1).max(100).optional(),
  /** The largest wallet top-up a customer may make at once, in whole roubles. */
  TOPUP_MAX_RUB: z.coerce.number().int().min(10).max(10_000_000).default(100_000),
  /** Free operations every new customer gets before operations are charged to the balance. */
  FREE_OPERATIONS_COUNT: z.coerce.number().int().min(0).max(1_000_000).default(4),
  /** The price of a paid operation type when the catalog is first seeded, in whole roubles. */
  PRICE_PER_OPERATION: z.coerce.number().int().min(0).max(1_000_000).default(10),
  /**
   * The language of a visitor who has chosen none and whose browser asks for neither Russian nor
   * English, and of messages to customers with no saved choice (Telegram, receipts).
   */
  DEFAULT_LOCALE: z.enum(["ru", "en"]).default("ru"),
  /** Minutes a held operation may stay neither completed nor released before a sweep refunds it. */
  OPERATION_HOLD_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),

  /** How much the app logs (JSON lines, lib/log.ts): pino's levels, or "silent". */
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }))
    .default("info"),
  /** A file the logs are appended to instead of stdout (the directory is created). */
  LOG_FILE: z.string().min(1).optional(),
});

const CRYPTOCLOUD_KEYS = ["CRYPTOCLOUD_API_KEY", "CRYPTOCLOUD_SHOP_ID", "CRYPTOCLOUD_SECRET_KEY"] as const;

const KEY_GROUPS = [
  CRYPTOCLOUD_KEYS,
  ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"],
  ["YOOKASSA_SHOP_ID", "YOOKASSA_SECRET_KEY"],
] as const;

const checkedEnvSchema = envSchema
  .superRefine((value, context) => {
    if (value.TELEGRAM_WEBHOOK && !value.TELEGRAM_WEBHOOK_SECRET) {
      context.addIssue({
        code: "custom",
        path: ["TELEGRAM_WEBHOOK_SECRET"],
        message: "is required when TELEGRAM_WEBHOOK is true (try: openssl rand -hex 32)",
      });
    }
    if (value.WORKER_METRICS_PORT !== undefined && !value.METRICS_TOKEN) {
      context.addIssue({
        code: "custom",
        path: ["METRICS_TOKEN"],
        message: "is required when WORKER_METRICS_PORT is set (the worker's metrics need it too)",
      });
    }
    for (const group of KEY_GROUPS) {
      const set = group.filter((key) => value[key] !== undefined);
      if (set.length === 0 || set.length === group.length) continue;
      for (const key of group.filter((k) => value[k] === undefined)) {
        context.addIssue({
          code: "custom",
          path: [key],
          message: `is required when ${set.join(", ")} is set`,
        });
      }
    }
  })
  // Unset, the app is where it listens: `PORT=3055 npm run dev` must send provider redirects and
  // the emulators' webhooks to 3055, not to a default port nothing listens on.
  .transform((value) => ({ ...value, APP_URL: value.APP_URL ?? `http://localhost:${value.PORT}` }));

export type Env = z.output<typeof checkedEnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses the given variables; throws an EnvError naming every invalid one. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseWith(checkedEnvSchema, source);
}

/** Only what locating the database needs: for db:* commands, which need no AUTH_SECRET. */
export function parseDatabaseEnv(source: Record<string, string | undefined> = process.env) {
  return parseWith(envSchema.pick({ DATABASE_URL: true, DATA_DIR: true }), source);
}

/** What `npm run db:seed` needs besides the database: the admin account to create. */
export function parseSeedEnv(source: Record<string, string | undefined> = process.env) {
  return parseWith(envSchema.pick({ ADMIN_EMAIL: true, ADMIN_PASSWORD: true }), source);
}

/** What opening a wallet and seeding operation types need (the seed runs without AUTH_SECRET). */
export function parseWalletEnv(source: Record<string, string | undefined> = process.env) {
  return parseWith(envSchema.pick({ FREE_OPERATIONS_COUNT: true, PRICE_PER_OPERATION: true }), source);
}

function parseWith<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  // Empty strings (an `.env` line like `DATABASE_URL=`) mean "unset", as operators expect.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "(environment)";
      const message =
        issue.code === "invalid_type" && cleaned[name] === undefined ? "is required" : issue.message;
      return `  ${name} ${message}`;
    });
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return result.data;
}

const ENV_KEYS = Object.keys(envSchema.shape);
let cached: { fingerprint: string; value: Env } | undefined;

/**
 * The validated environment of this process. Parsed again only when one of its variables changed
 * (tests and the launcher set them as they go); otherwise the hot paths (every webhook delivery)
 * pay for a string join, not a zod parse.
 */
export function env(): Env {
  const fingerprint = ENV_KEYS.map((key) => process.env[key] ?? "").join("\u0000");
  if (cached?.fingerprint !== fingerprint) cached = { fingerprint, value: parseEnv() };
  return cached.value;
}

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split("/");
  if (rest.length > 0 || !address || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d+$/.test(bits) && Number(bits) <= max;
}
