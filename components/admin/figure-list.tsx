import type { ReactNode } from "react";

export interface Figure {
  key: string;
  label: ReactNode;
  value: ReactNode;
  /** A smaller line under the value ("3 payments"). */
  note?: ReactNode;
  testId?: string;
}

/** Label / value rows for an overview card; values right-aligned in tabular figures. */
export function FigureList({ figures, empty }: { figures: Figure[]; empty: string }) {
  if (figures.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      {figures.map((figure) => (
        <div key={figure.key} className="flex items-baseline justify-between gap-3 py-1.5">
          <dt className="min-w-0 truncate text-slate-700">{figure.label}</dt>
          <dd className="shrink-0 text-right">
            <span className="font-medium tabular-nums text-slate-900" data-testid={figure.testId}>
              {figure.value}
            </span>
            {figure.note ? <span className="block text-xs text-slate-500">{figure.note}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A per-currency heading inside a card: amounts of different currencies are never added up. */
export function CurrencyGroup({ currency, children }: { currency: string; children: ReactNode }) {
  return (
    <div className="not-first:mt-4" data-currency={currency}>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{currency}</h3>
      {children}
    </div>
  );
}
