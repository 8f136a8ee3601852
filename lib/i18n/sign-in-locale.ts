import { cookies } from "next/headers";
import type { AuthenticatedUser } from "@/lib/auth/credentials";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_OPTIONS } from "@/lib/i18n/locales";
import { saveLocale } from "@/lib/users";

/**
 * At sign-in, this browser's language and the account's agree again: a browser that chose one (on
 * the sign-in page, say) makes it the account's choice; a browser that chose none (a new device)
 * takes the account's. Runs in next-auth's route handler, where cookies can be set.
 */
export async function rememberLocaleAtSignIn(user: AuthenticatedUser): Promise<void> {
  const store = await cookies();
  const chosen = store.get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) {
    if (chosen !== user.locale) await saveLocale(user.id, chosen);
  } else if (isLocale(user.locale)) {
    store.set(LOCALE_COOKIE, user.locale, LOCALE_COOKIE_OPTIONS);
  }
}
