// The languages the app speaks. Pure (no Next.js, no env): the browser, the worker, the PDF
// renderer and the tests all import it.

export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** The cookie that remembers a visitor's choice (a signed-in user's is also kept in User.locale). */
export const LOCALE_COOKIE = "locale";
export const LOCALE_COOKIE_OPTIONS = { path: "/", maxAge: 365 * 86_400, sameSite: "lax" } as const;

/** BCP 47 tags for Intl: Russian formats as "1 290,00 ₽", English as "$1,290.00". */
export const INTL_LOCALE: Record<Locale, string> = { ru: "ru-RU", en: "en-US" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best of our locales for an Accept-Language header ("en-GB,en;q=0.9,ru;q=0.8"), by quality
 * then order; null when it names neither language.
 */
export function negotiateLocale(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return {
        language: tag.trim().toLowerCase().split("-")[0],
        quality: q === undefined ? 1 : Number(q),
        index,
      };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? null;
}
