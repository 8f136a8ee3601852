"use server";

import { cookies } from "next/headers";
import { getSessionUser } from "@/lib/auth/session";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_OPTIONS } from "@/lib/i18n/locales";
import { saveLocale } from "@/lib/users";

/**
 * The language switcher's action: remembered in this browser (a cookie) and, for a signed-in
 * user, on the account (their Telegram messages and other devices follow). Setting a cookie in an
 * action re-renders the page the switcher is on, in the new language.
 */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (!isLocale(locale)) return; // a forged value changes nothing
  (await cookies()).set(LOCALE_COOKIE, locale, LOCALE_COOKIE_OPTIONS);
  const user = await getSessionUser();
  if (user && user.locale !== locale) await saveLocale(user.id, locale);
}
