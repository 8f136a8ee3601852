import Link from "next/link";
import type { Route } from "next";

const LINKS = [
  { href: "/admin", label: "Overview", key: "overview" },
  { href: "/admin/payments", label: "Payments", key: "payments" },
  { href: "/admin/customers", label: "Customers", key: "customers" },
  { href: "/admin/attention", label: "Needs attention", key: "attention" },
  { href: "/admin/api-keys", label: "API keys", key: "api-keys" },
  { href: "/admin/operation-types", label: "Operation types", key: "operation-types" },
] as const satisfies readonly { href: Route; label: string; key: string }[];

/** The admin area's sections; the current one is marked for screen readers and styled. */
export function AdminNav({ current }: { current: (typeof LINKS)[number]["key"] }) {
  return (
    <nav aria-label="Admin" className="flex flex-wrap gap-2 text-sm">
      {LINKS.map((link) => (
        <Link
          key={link.key}
          href={link.href}
          aria-current={link.key === current ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 font-medium ${
            link.key === current
              ? "bg-brand-600 text-white"
              : "border border-slate-300 bg-surface text-slate-700 hover:bg-slate-50"
          }`}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
