import { INTL_LOCALE, type Locale } from "@/lib/i18n/locales";

// One date style across the app, in the reader's language and always in UTC, so the server, the
// browser, Telegram messages and receipts agree. English dates read day-month-year ("23 Nov 2026",
// en-GB), which no reader misparses; numbers and money stay en-US.

const DATE_LOCALE: Record<Locale, string> = { ru: "ru-RU", en: "en-GB" };

/** "23 Nov 2026" / "23 нояб. 2026 г." */
export function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(DATE_LOCALE[locale], {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}

/** "23 Nov 2026, 14:05:09 UTC": admins compare times across pages and logs, so seconds and UTC. */
export function formatDateTime(date: Date, locale: Locale): string {
  const text = new Intl.DateTimeFormat(DATE_LOCALE[locale], {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  }).format(date);
  return `${text} UTC`;
}

/** A plain number in the reader's style: "12 345" / "12,345". */
export function formatNumber(value: number | bigint, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(value);
}
