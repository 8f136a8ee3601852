import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { CATALOGS, type Messages } from "@/lib/i18n/messages";

/**
 * next-intl's client hooks (useTranslations) for the client components inside, with the catalog
 * namespaces they read. Only where a client component words things itself (forms with live
 * messages, the admin console): the root layout has no provider, so the pages a visitor loads
 * first (sign-in, pricing, the dashboard) ship no translation library; their client components
 * take their words as props.
 */
export async function ClientMessages({
  namespaces,
  children,
}: {
  namespaces: (keyof Messages)[];
  children: ReactNode;
}) {
  const locale = await getLocale();
  const messages = Object.fromEntries(
    namespaces.map((namespace) => [namespace, CATALOGS[locale][namespace]]),
  );
  return (
    <NextIntlClientProvider locale={locale} messages={messages}>
      {children}
    </NextIntlClientProvider>
  );
}
