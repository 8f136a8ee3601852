import Link from "next/link";
import type { Route } from "next";
import { useTranslations } from "next-intl";

const LINKS = [
  { href: "/admin", key: "overview" },
  { href: "/admin/payments", key: "payments" },
  { href: "/admin/customers", key: "customers" },
  { href: "/admin/attention", key: "attention" },
  { href: "/admin/api-keys", key: "apiKeys" },
  { href: "/admin/operation-types", key: "operationTypes" },
] as const satisfies readonly { href: Route; key: string }[];

/** The admin area's sections; the current one is marked for screen readers and styled. */
export function AdminNav({ current }: { current: (typeof LINKS)[number]["key"] }) {
  const t = useTranslations("admin.nav");
  return (
    <nav aria-label={t("label")} className="flex flex-wrap gap-2 text-sm">
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
          {t(link.key)}
        </Link>
      ))}
    </nav>
  );
}
