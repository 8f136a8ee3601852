import { cookies, headers } from "next/headers";
import { env } from "@/lib/env";
import { isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "@/lib/i18n/locales";

/**
 * The language of the current request: the choice saved in this browser (the cookie, which
 * sign-in fills from the account's saved choice: lib/i18n/sign-in-locale.ts), else the browser's
 * Accept-Language, else DEFAULT_LOCALE. The URL never carries it: provider dashboards are
 * configured with our paths.
 */
export async function requestLocale(): Promise<Locale> {
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return negotiateLocale((await headers()).get("accept-language")) ?? env().DEFAULT_LOCALE;
}
