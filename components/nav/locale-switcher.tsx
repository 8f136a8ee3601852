import { getLocale, getTranslations } from "next-intl/server";
import { setLocaleAction } from "@/lib/i18n/actions";
import { LOCALES } from "@/lib/i18n/locales";

/**
 * "RU | EN": a form, so it works before the page's JavaScript has loaded. The action saves the
 * choice and the page re-renders in the new language.
 */
export async function LocaleSwitcher() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("common.locale")]);
  return (
    <form action={setLocaleAction} className="flex items-center gap-0.5" aria-label={t("label")}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="submit"
          name="locale"
          value={option}
          lang={option}
          aria-pressed={option === locale}
          aria-label={t(option)}
          className={`rounded-md px-2 py-1 text-xs font-semibold uppercase ${
            option === locale ? "bg-slate-200 text-slate-900" : "text-slate-600 hover:bg-slate-100"
          }`}
        >
          {option}
        </button>
      ))}
    </form>
  );
}
