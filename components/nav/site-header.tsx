import Link from "next/link";
import type { Route } from "next";
import type { AuthenticatedUser } from "@/lib/auth/credentials";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { MobileMenu } from "@/components/nav/mobile-menu";

type NavLink = { href: Route; label: string };

function linksFor(user: AuthenticatedUser | null): NavLink[] {
  if (!user)
    return [
      { href: "/login", label: "Sign in" },
      { href: "/register", label: "Register" },
    ];
  const links: NavLink[] = [
    { href: "/dashboard", label: "Dashboard" },
    { href: "/dashboard/plans", label: "Plans" },
    { href: "/dashboard/balance", label: "Balance" },
    { href: "/dashboard/payments", label: "Payments" },
  ];
  if (user.role === "ADMIN") links.push({ href: "/admin", label: "Admin" });
  return links;
}

/**
 * Top navigation. On a phone the links fold into a menu (components/nav/mobile-menu.tsx).
 */
export function SiteHeader({ user }: { user: AuthenticatedUser | null }) {
  const links = linksFor(user);
  const linkClass = "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100";
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between px-4 py-3">
        <Link href="/" className="text-base font-semibold text-brand-700">
          Billing
        </Link>
        <div className="hidden items-center gap-1 sm:flex">
          {links.map((link) => (
            <Link key={link.href} href={link.href} className={linkClass}>
              {link.label}
            </Link>
          ))}
          {user ? (
            <>
              <span className="px-2 text-sm text-slate-500">{user.email}</span>
              <SignOutButton className={linkClass} />
            </>
          ) : null}
        </div>
        <MobileMenu>
          {user ? <span className="truncate px-3 py-2 text-xs text-slate-500">{user.email}</span> : null}
          {links.map((link) => (
            <Link key={link.href} href={link.href} className={linkClass}>
              {link.label}
            </Link>
          ))}
          {user ? <SignOutButton className={`${linkClass} text-left`} /> : null}
        </MobileMenu>
      </nav>
    </header>
  );
}
