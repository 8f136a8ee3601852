import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { SiteHeader } from "@/components/nav/site-header";
import { THEME_COOKIE, type Theme } from "@/components/nav/theme-toggle";
import { getSessionUser } from "@/lib/auth/session";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return {
    title: { default: t("appName"), template: `%s · ${t("appName")}` },
    description: t("metaDescription"),
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [user, locale, cookieStore] = await Promise.all([getSessionUser(), getLocale(), cookies()]);
  const saved = cookieStore.get(THEME_COOKIE)?.value;
  const theme: Theme = saved === "light" || saved === "dark" ? saved : "system";
  return (
    // The theme is rendered by the server from the cookie, so the page never flashes the wrong one.
    <html lang={locale} data-theme={theme === "system" ? undefined : theme}>
      <body>
        {/* No NextIntlClientProvider here: see components/i18n/client-messages.tsx. */}
        <SiteHeader user={user} theme={theme} />
        <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
      </body>
    </html>
  );
}
