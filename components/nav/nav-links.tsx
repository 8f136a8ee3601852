"use client";

import Link from "next/link";
import type { Route } from "next";
import { usePathname } from "next/navigation";

export type NavLink = { href: Route; label: string };

/** The header's links, the current page's marked (aria-current) for sighted and screen-reader users. */
export function NavLinks({ links, className }: { links: NavLink[]; className: string }) {
  const pathname = usePathname();
  // The longest link that prefixes the path is the current one: /dashboard/plans, not /dashboard.
  const current = links
    .filter((link) => pathname === link.href || pathname.startsWith(`${link.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return links.map((link) => (
    <Link
      key={link.href}
      href={link.href}
      aria-current={link.href === current ? "page" : undefined}
      className={`${className} ${link.href === current ? "bg-slate-100 text-slate-900" : ""}`}
    >
      {link.label}
    </Link>
  ));
}
