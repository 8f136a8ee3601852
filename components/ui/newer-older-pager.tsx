import type { Route } from "next";
import Link from "next/link";

/**
 * The pager of a keyset-paged list: back to the first page, and on to the next one. Either link is
 * left out when there is nowhere to go (`firstHref` null on the first page, `nextHref` on the last).
 */
export function NewerOlderPager({
  firstHref,
  firstLabel = "← Newest",
  nextHref,
  nextLabel,
}: {
  firstHref: Route | null;
  firstLabel?: string;
  nextHref: Route | null;
  nextLabel: string;
}) {
  return (
    <nav aria-label="Pages" className="flex justify-between text-sm">
      {firstHref ? (
        <Link href={firstHref} className="text-brand-700 hover:underline">
          {firstLabel}
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
