import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * The pager of a keyset-paged list: back to the first page, and on to the next one. Either link is
 * left out when there is nowhere to go (`firstHref` null on the first page, `nextHref` on the last).
 * `firstLabel` defaults to "← Newest" in the reader's language.
 */
export function NewerOlderPager({
  firstHref,
  firstLabel,
  nextHref,
  nextLabel,
}: {
  firstHref: Route | null;
  firstLabel?: string;
  nextHref: Route | null;
  nextLabel: string;
}) {
  const t = useTranslations("dashboard.pager");
  return (
    <nav aria-label={t("label")} className="flex justify-between text-sm">
      {firstHref ? (
        <Link href={firstHref} className="text-brand-700 hover:underline">
          {firstLabel ?? t("newest")}
        </Link>
      ) : (
        <span />
      )}
      {nextHref ? (
        <Link href={nextHref} className="text-brand-700 hover:underline">
          {nextLabel}
        </Link>
      ) : null}
    </nav>
  );
}
