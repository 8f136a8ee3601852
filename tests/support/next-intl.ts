// next-intl outside Next, for tests that render pages or components: the translations and locale
// come from the catalogs in the language of the test's stand-in request (test-request.ts), read as
// requestLocale() reads it, so a test that sets `testRequest.acceptLanguage = "ru"` gets Russian
// pages, actions and PDFs alike. Mocked for every integration test by tests/setup/test-database.ts.

import { createTranslator } from "use-intl/core";
import { isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "@/lib/i18n/locales";
import { CATALOGS } from "@/lib/i18n/messages";
import { testRequest } from "./test-request";

/** The reader's language: the locale cookie, else Accept-Language, else English. */
export function testLocale(): Locale {
  const cookie = testRequest.cookies.get(LOCALE_COOKIE);
  return isLocale(cookie) ? cookie : (negotiateLocale(testRequest.acceptLanguage) ?? "en");
}

function translator(namespace?: string) {
  const locale = testLocale();
  return createTranslator({
    locale,
    messages: CATALOGS[locale],
    namespace: namespace as never,
    timeZone: "UTC",
  });
}

/** Stands in for next-intl/server (whose non-RSC build refuses every call). */
export const nextIntlServer = {
  getLocale: () => Promise.resolve(testLocale()),
  getTranslations: (namespace?: string) => Promise.resolve(translator(namespace)),
};

/** Stands in for next-intl's hooks, which need NextIntlClientProvider in a plain server render. */
export const nextIntlHooks = {
  useLocale: testLocale,
  useTranslations: translator,
};
