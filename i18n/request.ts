import { getRequestConfig } from "next-intl/server";
import { requestLocale } from "@/lib/i18n/request-locale";
import { CATALOGS } from "@/lib/i18n/messages";

// next-intl's per-request configuration (found by its plugin in next.config.ts): the locale of the
// request and every catalog for it. Dates are shown in UTC, so server and browser agree.
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: CATALOGS[locale], timeZone: "UTC" };
});
