import { providerLabel } from "@/components/billing/payment-labels";
import type { AdminOutcome, OutcomeValue } from "@/lib/billing/admin/outcome";
import { formatMoney } from "@/lib/billing/pricing";
import { formatDate } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";
import type { Translator } from "@/lib/i18n/translator";

// An admin command's answer in the reader's words: admin.outcomes.<code> of the catalogs, with its
// values formatted the reader's way (money and dates by locale, statuses and providers by their one
// spelling in common.*). The billing modules return the code (lib/billing/admin/outcome.ts).

type Key = Parameters<Translator>[0];

export function outcomeMessage(t: Translator, locale: Locale, outcome: AdminOutcome): string {
  const values = Object.fromEntries(
    Object.entries(outcome.values ?? {}).map(([name, value]) => [name, word(t, locale, value)]),
  );
  // Each message names its own values (checked against the catalogs by tests/unit/admin-outcomes.test.ts).
  return t(`admin.outcomes.${outcome.code}` as Key, values as never);
}

function word(t: Translator, locale: Locale, value: OutcomeValue): string | number {
  if (typeof value === "string" || typeof value === "number") return value;
  if ("money" in value) return formatMoney(value.money, value.currency, locale);
  if ("date" in value) return formatDate(value.date, locale);
  if ("status" in value) return t(`common.status.${value.status}`);
  return providerLabel(t, value.provider);
}
