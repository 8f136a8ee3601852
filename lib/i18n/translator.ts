import { createTranslator } from "use-intl/core";
import { env } from "@/lib/env";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { CATALOGS } from "@/lib/i18n/messages";

// Translation outside a page render: server actions, the notification worker, receipt PDFs. Pages
// and client components use next-intl's getTranslations / useTranslations; all read the same
// catalogs (lib/i18n/messages.ts).

/** A translator for one locale, over the whole catalog ("dashboard.plans.title"). */
export function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: CATALOGS[locale], timeZone: "UTC" });
}

export type Translator = ReturnType<typeof translatorFor>;

/** The language for a reader with a saved choice or none: a customer in Telegram, a receipt. */
export function localeOrDefault(saved: string | null | undefined): Locale {
  return isLocale(saved) ? saved : env().DEFAULT_LOCALE;
}
