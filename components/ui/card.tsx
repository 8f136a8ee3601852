import type { ReactNode } from "react";

export function Card({
  title,
  children,
  className = "",
  padded = true,
}: {
  title?: string;
  children: ReactNode;
  className?: string;
  /** Off for content that reaches the edges, such as a table. */
  padded?: boolean;
}) {
  return (
    <section
      className={`rounded-lg border border-slate-200 bg-surface shadow-sm ${padded ? "p-5" : ""} ${className}`}
    >
      {title ? (
        <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      ) : null}
      {children}
    </section>
  );
}
