import { IntlMessageFormat } from "intl-messageformat";
import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { operationText } from "@/app/docs/api/doc-text";
import { outcomeMessage } from "@/components/admin/outcome-message";
import { FOUNDATION_ERROR_CODES } from "@/lib/api/error-envelope";
import { getV1OpenApiDocument } from "@/lib/api/v1-document";
import { ADMIN_OUTCOMES, money, type AdminOutcome, type AdminOutcomeCode } from "@/lib/billing/admin/outcome";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import { CATALOGS } from "@/lib/i18n/messages";
import type { Translator } from "@/lib/i18n/translator";

// The admin console's words: every outcome a billing module can answer has a message in each
// language that names exactly the values the module sends; every admin message is valid ICU; and
// the docs page's English is the API document's own text (so a change to the API's description is
// a change to the catalogs too).

/** A translator that fails the test on a missing message or a value the message does not get. */
function strict(locale: Locale): Translator {
  return createTranslator({
    locale,
    messages: CATALOGS[locale],
    timeZone: "UTC",
    onError: (error) => {
      throw error;
    },
  });
}

const USD = (minor: number) => money(minor, "USD");
const day = { date: new Date("2026-11-23T00:00:00Z") };

/** What each code is sent with, by the module that sends it. */
const SAMPLES: Record<AdminOutcomeCode, AdminOutcome["values"][]> = {
  payment_not_found: [undefined],
  refund_not_refundable: [{ status: { status: "pending" } }],
  refund_nothing_left: [undefined],
  refund_out_of_range: [{ min: USD(1), max: USD(1_290) }],
  refund_exceeds_balance: [{ refundable: money(5_000, "RUB") }],
  refund_pending: [{ providerStatus: "pending at the provider" }],
  refunded: [{ amount: USD(1_290) }],
  refunded_by_provider: [{ amount: USD(1_290) }],
  refunded_partly: [
    { amount: USD(500), effect: "none" },
    { amount: USD(500), effect: "access_kept" },
    { amount: USD(500), effect: "time_shortened", removed: USD(450) },
    { amount: USD(500), effect: "wallet_debited", debited: USD(500), shortfall: USD(0) },
    { amount: USD(500), effect: "wallet_short", debited: USD(300), shortfall: USD(200) },
  ],
  refund_raced: [undefined],
  provider_error: [{ detail: "card_declined" }],
  provider_unreachable: [undefined],
  nothing_to_change: [{ status: { status: "completed" } }],
  not_applied: [{ detail: "currency USD ≠ RUB" }],
  no_provider: [undefined],
  unknown_to_provider: [{ provider: { provider: "stripe" } }],
  reconciled: [{ providerStatus: "paid", status: { status: "completed" } }],
  delivery_not_found: [undefined],
  delivery_other_payment: [undefined],
  delivery_rejected: [{ reason: "signature does not match" }],
  nothing_to_apply: [{ reason: "event type x is not used" }],
  replayed: [{ delivery: "cm123", status: { status: "completed" } }],
  not_waiting: [undefined],
  not_plan_payment: [undefined],
  payment_changed: [undefined],
  applied_as_time: [{ plan: "Pro", months: 12, until: day }],
  plan_not_found: [undefined],
  nothing_to_cancel: [undefined],
  subscription_refused: [{ reason: "The customer is on Pro already." }],
  subscription_extended: [{ plan: "Pro", days: 7, until: day }],
  subscription_plan_changed: [{ from: "Basic", to: "Pro", until: day }],
  subscription_cancelled: [{ plan: "Pro", until: day, free: "Free" }],
  subscription_ended: [{ free: "Free" }],
  balance_too_low: [{ balance: money(150_000, "RUB") }],
  adjustment_duplicate: [undefined],
};

describe("admin outcomes", () => {
  it.each(LOCALES)("are worded in %s for every code, with every value they are sent", (locale) => {
    const t = strict(locale);
    for (const code of ADMIN_OUTCOMES) {
      for (const values of SAMPLES[code]) {
        const text = outcomeMessage(t, locale, values ? { code, values } : { code });
        expect(text, code).not.toMatch(/[{}]/);
        expect(text.trim(), code).not.toBe("");
      }
    }
  });

  it("format money, dates, statuses and providers for the reader", () => {
    const say = (locale: Locale, outcome: AdminOutcome) => outcomeMessage(strict(locale), locale, outcome);
    expect(say("en", { code: "refund_out_of_range", values: { min: USD(1), max: USD(129_000) } })).toBe(
      "Refund between $0.01 and $1,290.00.",
    );
    expect(say("ru", { code: "refund_out_of_range", values: { min: USD(1), max: USD(129_000) } })).toBe(
      "Сумма возврата — от 0,01\u00a0$ до 1\u00a0290,00\u00a0$.",
    );
    expect(say("ru", { code: "refund_not_refundable", values: { status: { status: "pending" } } })).toBe(
      "По платежу в статусе «Ожидает оплаты» возврат невозможен.",
    );
    expect(say("en", { code: "subscription_extended", values: { plan: "Basic", days: 1, until: day } })).toBe(
      "Done: Basic extended by 1 day, until 23 Nov 2026.",
    );
    expect(
      say("ru", { code: "subscription_extended", values: { plan: "Basic", days: 22, until: day } }),
    ).toBe(
      "Готово: Basic продлён на 22 дня, до 23 нояб. 2026 г.", // the date's own period ends it
    );
    expect(say("ru", { code: "unknown_to_provider", values: { provider: { provider: "stripe" } } })).toBe(
      "Карта (Stripe): такой платёж неизвестен.",
    );
  });
});

describe("the admin catalogs", () => {
  function* messages(tree: unknown, path: string): Generator<[string, string]> {
    if (typeof tree === "string") yield [path, tree];
    else for (const [key, value] of Object.entries(tree as object)) yield* messages(value, `${path}.${key}`);
  }

  it.each(LOCALES)("hold valid ICU messages only (%s)", (locale) => {
    for (const [key, message] of messages(CATALOGS[locale].admin, "admin")) {
      expect(() => new IntlMessageFormat(message, locale), key).not.toThrow();
    }
  });
});

describe("the API docs page", () => {
  const document = getV1OpenApiDocument();
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item));

  it("reads in English exactly what the API document says", () => {
    const t = createTranslator({
      locale: "en",
      messages: CATALOGS.en,
      namespace: "admin.apiDocs",
      timeZone: "UTC",
    });
    for (const operation of operations) {
      const text = operationText(t, operation);
      const access = operation["x-scope"]
        ? `Requires an API key with the \`${operation["x-scope"]}\` scope.`
        : "Public: no API key needed.";
      expect(text.summary, operation.operationId).toBe(operation.summary);
      expect([text.description, access].filter(Boolean).join("\n\n"), operation.operationId).toBe(
        operation.description,
      );
      expect(text.responses, operation.operationId).toEqual(
        Object.fromEntries(Object.entries(operation.responses).map(([status, r]) => [status, r.description])),
      );
      // Every text comes from the catalogs, none from the fallback.
      expect(t.has(`operations.${operation.operationId}.summary` as never), operation.operationId).toBe(true);
    }
    for (const [code, meaning] of Object.entries(FOUNDATION_ERROR_CODES)) {
      expect(t(`errorCodes.${code}` as never)).toBe(meaning);
    }
    expect(t("schemaDescriptions.Error")).toBe(document.components.schemas.Error!.description);
  });

  it("reads in Russian for every operation and response", () => {
    const t = createTranslator({
      locale: "ru",
      messages: CATALOGS.ru,
      namespace: "admin.apiDocs",
      timeZone: "UTC",
    });
    for (const operation of operations) {
      const text = operationText(t, operation);
      expect(text.summary).not.toBe(operation.summary);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(text.responses[status], `${operation.operationId} ${status}`).not.toBe(response.description);
      }
    }
  });
});
