import { describe, expect, it } from "vitest";
import { catalogDiff, placeholders } from "@/lib/i18n/catalog-diff";
import { CATALOGS } from "@/lib/i18n/messages";

// Every key exists in both languages with the same placeholders, so no reader ever sees a raw
// key or a hole where a value should be.

describe("the message catalogs", () => {
  it("have the same keys and placeholders in Russian and English", () => {
    expect(catalogDiff(CATALOGS.en, CATALOGS.ru)).toEqual({
      missing: [],
      extra: [],
      placeholders: [],
      empty: [],
    });
    expect(catalogDiff(CATALOGS.ru, CATALOGS.en)).toEqual({
      missing: [],
      extra: [],
      placeholders: [],
      empty: [],
    });
  });

  it("catch a key removed from one language (the check above can fail)", () => {
    const ru: { common: { nav: Record<string, string> } } = structuredClone(CATALOGS.ru);
    delete ru.common.nav.balance;
    ru.common.nav.payments = "{sum} платежей";
    const diff = catalogDiff(CATALOGS.en, ru);
    expect(diff.missing).toEqual(["common.nav.balance"]);
    expect(diff.placeholders).toEqual(["common.nav.payments"]);
  });

  it("read the placeholders of ICU messages", () => {
    expect(placeholders("{plan} · {months, plural, one {# month} other {# months}}")).toEqual([
      "months",
      "plan",
    ]);
    expect(placeholders("No values here")).toEqual([]);
  });
});
