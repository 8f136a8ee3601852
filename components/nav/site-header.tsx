import Link from "next/link";
import type { Route } from "next";
import type { AuthenticatedUser } from "@/lib/auth/credentials";
import { SignOutButton } from "@/components/auth/sign-out-button";

type NavLink = { href: Route; label: string };

function linksFor(user: AuthenticatedUser | null): NavLink[] {
  if (!user) return [{ href: "/login", label: "Sign in" }, { href: "/register", label: "Register" }];
  const links: NavLink[] = [{ href: "/dashboard", label: "Dashboard" }];
  if (user.role === "ADMIN") links.push({ href: "/admin", label: "Admin" });
  return links;
}

/**
 * Top navigation. On a phone the links fold into a <details> menu: it opens and closes without
 * JavaScript, so navigation works before hydration and on slow connections.
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
        <details className="relative sm:hidden">
          <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-3 py-1.5 text-sm" aria-label="Menu">
            Menu
          </summary>
          <div className="absolute right-0 z-10 mt-2 flex w-56 flex-col rounded-md border border-slate-200 bg-white p-2 shadow-lg">
            {user ? <span className="truncate px-3 py-2 text-xs text-slate-500">{user.email}</span> : null}
            {links.map((link) => (
              <Link key={link.href} href={link.href} className={linkClass}>
                {link.label}
              </Link>
            ))}
            {user ? <SignOutButton className={`${linkClass} text-left`} /> : null}
          </div>
        </details>
      </nav>
    </header>
  );
}
