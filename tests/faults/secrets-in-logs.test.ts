import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { generateApiKey } from "@/lib/billing/api-keys/secret";
import { createLogger, REDACTED } from "@/lib/log";

// No secret of the suite in its log. `npm test` (scripts/test.sh) runs the unit and integration
// tests with the app logging everything (LOG_LEVEL=trace) to one file, then this file, which
// greps every line of it for:
// - every secret the tests configure: string literals the tests assign to a name ending in
//   secret, token, password or (secret/api) key, read from their sources, so a new test's secret
//   is checked without being listed here;
// - the shapes of secrets made at run time: API keys, JWTs and session cookies, bearer tokens,
//   Stripe keys, Telegram bot tokens, signed links and link tokens, password hashes, database
//   URLs with a password.
// A log that is empty or cut short passes nothing: it must hold whole JSON lines of the pipeline.

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Public by design (printed at start-up as the demo's accounts): not secrets. */
const PUBLIC_VALUES = new Set(["admin-demo", "customer-demo"]);

const ASSIGNED_SECRET =
  /\b[A-Za-z_]*?(?:secret|token|password|api_?key|secret_?key)\s*[:=]\s*(["'])([^"'\n]{8,})\1/gi;

/** Secret values the tests set, read from their sources (everything under tests/ and e2e/). */
export function suiteSecrets(): string[] {
  const found = new Set<string>();
  const files = ["tests", "e2e"].flatMap((dir) => sourceFiles(path.join(ROOT, dir)));
  for (const file of files) {
    for (const match of fs.readFileSync(file, "utf8").matchAll(ASSIGNED_SECRET)) {
      const value = match[2]!;
      if (!PUBLIC_VALUES.has(value) && !value.includes("${")) found.add(value);
    }
  }
  return [...found].sort();
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .flatMap((entry) =>
      entry.isFile() && /\.tsx?$/.test(entry.name) ? [path.join(entry.parentPath, entry.name)] : [],
    );
}

/** Shapes of secrets made while the suite runs; each names what it found. */
export const SECRET_SHAPES: { name: string; pattern: RegExp }[] = [
  { name: "API key", pattern: /bk_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/ },
  { name: "JWT / JWE (session cookie, postback token)", pattern: /eyJ[\w-]{8,}\.[\w-]*\.[\w-]{8,}/ },
  { name: "session cookie", pattern: /session-token=(?!\[redacted\])[^;\s"]{8,}/ },
  { name: "bearer token", pattern: /Bearer\s+(?!\[redacted\])[\w.~+/=-]{8,}/ },
  { name: "Stripe secret key", pattern: /\b[sr]k_(?:test|live)_[A-Za-z0-9_]{4,}/ },
  { name: "Stripe webhook secret", pattern: /whsec_[A-Za-z0-9_]{4,}/ },
  { name: "Telegram bot token", pattern: /\b\d{5,12}:[\w-]{30,}/ },
  { name: "Telegram Bot API URL", pattern: /\/bot\d+:[\w-]+/ },
  { name: "signed link", pattern: /[?&]sig=[0-9a-f]{16,}/ },
  { name: "link token", pattern: /(?:[?&]start=|\/start\s+)[\w-]{32}(?![\w-])/ },
  { name: "password hash", pattern: /\$argon2(?:id|i|d)\$/ },
  { name: "database URL with a password", pattern: /postgres(?:ql)?:\/\/[^:/\s"@]+:[^@\s"]+@/ },
];

export type Finding = { line: number; what: string };

/** Every secret (by value, or by shape) in the log's text, with its line number. */
export function findSecrets(text: string, secrets: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  text.split("\n").forEach((line, index) => {
    for (const secret of secrets) {
      if (line.includes(secret)) findings.push({ line: index + 1, what: `the suite's secret "${secret}"` });
    }
    for (const { name, pattern } of SECRET_SHAPES) {
      const match = pattern.exec(line);
      if (match) findings.push({ line: index + 1, what: `${name}: ${match[0].slice(0, 24)}…` });
    }
  });
  return findings;
}

describe("the checker", () => {
  const secrets = suiteSecrets();

  it("knows the suite's configured secrets", () => {
    expect(secrets).toEqual(
      expect.arrayContaining([
        "whsec_integration_secret_0123456789",
        "sk_test_integration_key_0123456789",
        "test_integration_secret_0123456789",
        "test-secret-key-for-postback-tokens",
        "424242:bot-integration-token",
        "webhook-secret_for-tests-0123456789",
        "link-secret-for-bot-tests",
        "long enough password",
      ]),
    );
  });

  it("finds a secret in a line, by value and by shape", () => {
    const apiKey = generateApiKey();
    const log = [
      JSON.stringify({ level: "info", msg: "webhook delivery", provider: "stripe" }),
      JSON.stringify({
        level: "error",
        msg: "oops",
        detail: "signing with whsec_integration_secret_0123456789",
      }),
      JSON.stringify({ level: "info", msg: `key ${apiKey}` }),
      JSON.stringify({ level: "info", path: "/pay/course?tg_id=1&sig=" + "ab".repeat(32) }),
    ].join("\n");
    const findings = findSecrets(log, secrets);
    expect(findings.map((finding) => finding.line)).toEqual([2, 2, 3, 4]);
    expect(findSecrets(log.split("\n")[0]!, secrets)).toEqual([]);
  });

  it("passes what the logger redacts", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    createLogger({ level: "trace" }, sink).info(
      {
        headers: {
          authorization: "Bearer bk_" + "A".repeat(43),
          cookie: "next-auth.session-token=eyJhbGciOiJkaXIifQ..abcdefghijkl.mnopqrstuvwx.yzABCDEFGHIJ",
          "stripe-signature": "t=1,v1=" + "0".repeat(64),
          "x-telegram-bot-api-secret-token": "webhook-secret_for-tests-0123456789",
        },
        user: { password: "long enough password" },
      },
      "request",
    );
    expect(lines.join("")).toContain(REDACTED);
    expect(findSecrets(lines.join(""), secrets)).toEqual([]);
  });
});

describe("the suite's log (scripts/test.sh)", () => {
  it("holds the pipeline's lines, whole, and none of the suite's secrets", () => {
    const file = process.env.SECRETS_LOG_FILE;
    if (!file) {
      throw new Error(
        "SECRETS_LOG_FILE is not set: this check reads the log of a whole test run; run it with `npm test`",
      );
    }
    const text = fs.readFileSync(file, "utf8");
    const lines = text.split("\n").filter(Boolean);
    // Whole JSON lines: every process and thread appended to one file without cutting another's.
    const broken = lines.filter((line) => !isJson(line));
    expect(broken.slice(0, 3), `${broken.length} lines that are not JSON`).toEqual([]);
    const components = new Set(lines.map((line) => (JSON.parse(line) as { component?: string }).component));
    expect(lines.length).toBeGreaterThan(500);
    for (const component of ["webhook", "webhook-apply", "checkout", "jobs", "sweep"]) {
      expect(components, `no "${component}" lines in the log`).toContain(component);
    }

    const findings = findSecrets(text, suiteSecrets());
    expect(
      findings.slice(0, 20).map((finding) => `${file}:${finding.line}: ${finding.what}`),
      `${findings.length} secrets in the log`,
    ).toEqual([]);
  });
});

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
