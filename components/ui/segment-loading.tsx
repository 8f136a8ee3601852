import { getTranslations } from "next-intl/server";

/**
 * What a dashboard or admin page shows while its data loads: the page's outline at once, so a
 * slow query never leaves the previous page on screen with no sign that something is happening.
 *
 * Each listing page has its own loading.tsx (the home pages in a route group, "(home)", "(list)"),
 * not the dashboard or admin segment as a whole: a page that can answer 404 (a payment, a receipt,
 * a customer by id) must decide before the first byte, and a loading boundary above it would
 * send 200 first.
 */
export async function SegmentLoading() {
  const t = await getTranslations("common");
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">{t("loading")}</span>
      <div aria-hidden="true" className="h-8 w-48 animate-pulse rounded-md bg-slate-200" />
      <div aria-hidden="true" className="grid gap-4 sm:grid-cols-3">
        <div className="h-24 animate-pulse rounded-lg bg-slate-200" />
        <div className="h-24 animate-pulse rounded-lg bg-slate-200" />
        <div className="h-24 animate-pulse rounded-lg bg-slate-200" />
      </div>
      <div aria-hidden="true" className="h-64 animate-pulse rounded-lg bg-slate-200" />
    </div>
  );
}
