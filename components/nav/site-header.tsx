import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { AuthenticatedUser } from "@/lib/auth/credentials";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { LocaleSwitcher } from "@/components/nav/locale-switcher";
import { MobileMenu } from "@/components/nav/mobile-menu";
import { NavLinks, type NavLink } from "@/components/nav/nav-links";
import { ThemeToggle, type Theme } from "@/components/nav/theme-toggle";

async function linksFor(user: AuthenticatedUser | null): Promise<NavLink[]> {
  const t = await getTranslations("common.nav");
  if (!user)
    return [
      { href: "/pricing", label: t("pricing") },
      { href: "/login", label: t("signIn") },
      { href: "/register", label: t("register") },
    ];
  const links: NavLink[] = [
    { href: "/dashboard", label: t("dashboard") },
    { href: "/dashboard/plans", label: t("plans") },
    { href: "/dashboard/balance", label: t("balance") },
    { href: "/dashboard/payments", label: t("payments") },
  ];
  if (user.role === "ADMIN") links.push({ href: "/admin", label: t("admin") });
  return links;
}

/**
 * Top navigation: the links (the current page marked), the language and the colour scheme. On a
 * phone the links fold into a menu (components/nav/mobile-menu.tsx).
 */
export async function SiteHeader({ user, theme }: { user: AuthenticatedUser | null; theme: Theme }) {
  const [links, t] = await Promise.all([linksFor(user), getTranslations("common")]);
  const linkClass = "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100";
  return (
    <header className="border-b border-slate-200 bg-surface">
      <nav
        aria-label={t("nav.main")}
        className="mx-auto flex max-w-6xl items-center justify-between gap-2 px-4 py-3"
      >
        <Link href="/" className="text-base font-semibold text-brand-700">
          {t("appName")}
        </Link>
        <div className="hidden items-center gap-1 md:flex">
          <NavLinks links={links} className={linkClass} />
          {user ? (
            <>
              <span className="max-w-48 truncate px-2 text-sm text-slate-500">{user.email}</span>
              <SignOutButton className={linkClass} label={t("nav.signOut")} />
            </>
          ) : null}
        </div>
        <div className="flex items-center gap-1">
          <LocaleSwitcher />
          <ThemeToggle
            initial={theme}
            labels={{
              system: t("theme.label", { scheme: t("theme.system") }),
              light: t("theme.label", { scheme: t("theme.light") }),
              dark: t("theme.label", { scheme: t("theme.dark") }),
            }}
          />
          <MobileMenu label={t("nav.menu")}>
            {user ? <span className="truncate px-3 py-2 text-xs text-slate-500">{user.email}</span> : null}
            <NavLinks links={links} className={linkClass} />
            {user ? <SignOutButton className={`${linkClass} text-left`} label={t("nav.signOut")} /> : null}
          </MobileMenu>
        </div>
      </nav>
    </header>
  );
}
