"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * The phone menu: a <details> disclosure, so it works before hydration. The layout survives client
 * navigation, so without this the menu would stay open on the next page; close it on every route change.
 */
export function MobileMenu({ label, children }: { label: string; children: ReactNode }) {
  const pathname = usePathname();
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (details.current) details.current.open = false;
  }, [pathname]);
  return (
    <details ref={details} className="relative md:hidden">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-3 py-1.5 text-sm">
        {label}
      </summary>
      <div className="absolute right-0 z-10 mt-2 flex w-56 flex-col rounded-md border border-slate-200 bg-surface p-2 shadow-lg">
        {children}
      </div>
    </details>
  );
}
