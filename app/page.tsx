import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { CheckIcon } from "@/components/ui/check-icon";
import { getSessionUser } from "@/lib/auth/session";
import { YEARLY_DISCOUNT_PERCENT } from "@/lib/billing/pricing";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("landing.home");
  return { description: t("metaDescription") };
}

const primary =
  "inline-flex items-center justify-center rounded-md bg-brand-600 px-5 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";
const secondary =
  "inline-flex items-center justify-center rounded-md border border-slate-300 bg-surface px-5 py-2.5 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

const FEATURES = ["plans", "payments", "balance", "api", "telegram", "admin"] as const;
type Feature = (typeof FEATURES)[number];

/** The public start page: what the product is, and the way to its prices and an account. */
export default async function HomePage() {
  const [user, t] = await Promise.all([getSessionUser(), getTranslations("landing.home")]);
  const percent = YEARLY_DISCOUNT_PERCENT;
  const account = user ? (
    <Link href="/dashboard" className={primary}>
      {t("dashboard")}
    </Link>
  ) : (
    <Link href="/register" className={primary}>
      {t("register")}
    </Link>
  );

  return (
    <div className="space-y-20 pb-8 sm:space-y-24">
      <section
        aria-labelledby="hero-title"
        className="relative overflow-hidden rounded-2xl border border-slate-200 bg-linear-to-b from-brand-50 to-surface px-5 py-14 text-center sm:px-10 sm:py-20"
      >
        <p className="mx-auto inline-block rounded-full border border-brand-100 bg-surface px-3 py-1 text-xs font-semibold text-brand-700">
          {t("eyebrow")}
        </p>
        <h1
          id="hero-title"
          className="mx-auto mt-5 max-w-3xl text-4xl font-bold tracking-tight text-balance sm:text-5xl"
        >
          {t("title")}
        </h1>
        <p className="mx-auto mt-5 max-w-2xl text-base text-pretty text-slate-600 sm:text-lg">{t("lead")}</p>
        <div className="mt-8 flex flex-col items-stretch justify-center gap-3 sm:flex-row sm:items-center">
          {account}
          <Link href="/pricing" className={secondary}>
            {t("seePricing")}
          </Link>
        </div>
        {user ? (
          <p className="mt-4 truncate text-sm text-slate-600">{t("signedInAs", { email: user.email })}</p>
        ) : (
          <p className="mt-4 text-sm">
            <Link href="/login" className="font-medium text-brand-700 hover:underline">
              {t("signIn")}
            </Link>
          </p>
        )}
        <ul
          aria-label={t("facts.label")}
          className="mx-auto mt-10 grid max-w-3xl gap-3 text-sm font-medium text-slate-700 sm:grid-cols-3"
        >
          <Fact>{t("facts.discount", { percent })}</Fact>
          <Fact>{t("facts.methods")}</Fact>
          <Fact>{t("facts.selfHosted")}</Fact>
        </ul>
      </section>

      <section aria-labelledby="features-title">
        <div className="mx-auto max-w-2xl text-center">
          <h2 id="features-title" className="text-2xl font-bold tracking-tight text-balance sm:text-3xl">
            {t("features.title")}
          </h2>
          <p className="mt-3 text-slate-600">{t("features.lead")}</p>
        </div>
        <ul className="mt-10 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {FEATURES.map((feature) => (
            <li key={feature} className="rounded-xl border border-slate-200 bg-surface p-6 shadow-sm">
              <span className="flex size-10 items-center justify-center rounded-lg bg-brand-50 text-brand-700">
                <FeatureIcon feature={feature} />
              </span>
              <h3 className="mt-4 text-base font-semibold">{t(`features.${feature}.title`)}</h3>
              <p className="mt-2 text-sm text-slate-600">{t(`features.${feature}.body`, { percent })}</p>
            </li>
          ))}
        </ul>
      </section>

      <section
        aria-labelledby="self-hosted-title"
        className="grid gap-8 rounded-2xl border border-slate-200 bg-surface p-6 shadow-sm sm:p-10 lg:grid-cols-2"
      >
        <div>
          <h2 id="self-hosted-title" className="text-2xl font-bold tracking-tight">
            {t("selfHosted.title")}
          </h2>
          <p className="mt-3 text-slate-600">{t("selfHosted.body")}</p>
        </div>
        <ul className="space-y-3 text-sm text-slate-700">
          {(["data", "receipts", "languages"] as const).map((point) => (
            <li key={point} className="flex gap-3">
              <CheckIcon />
              <span>{t(`selfHosted.points.${point}`)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="cta-title" className="text-center">
        <h2 id="cta-title" className="text-2xl font-bold tracking-tight sm:text-3xl">
          {t("cta.title")}
        </h2>
        <p className="mx-auto mt-3 max-w-xl text-slate-600">
          {user ? t("cta.dashboardBody") : t("cta.body")}
        </p>
        <div className="mt-6 flex flex-col items-stretch justify-center gap-3 sm:flex-row sm:items-center">
          {account}
          <Link href="/pricing" className={secondary}>
            {t("seePricing")}
          </Link>
        </div>
      </section>
    </div>
  );
}

function Fact({ children }: { children: ReactNode }) {
  return (
    <li className="flex items-center justify-center gap-2 rounded-lg border border-slate-200 bg-surface px-3 py-2">
      <CheckIcon />
      <span>{children}</span>
    </li>
  );
}

/** Simple line icons, decorative only (the heading next to each says what it is). */
const ICON_PATHS: Record<Feature, string> = {
  plans: "M4 6h16M4 12h16M4 18h10",
  payments: "M3 7h18v10H3zM3 11h18M7 15h3",
  balance: "M12 3v18M17 7.5c0-1.9-2.2-3-5-3s-5 1.1-5 3 2.2 2.7 5 3.5 5 1.6 5 3.5-2.2 3-5 3-5-1.1-5-3",
  api: "M8 8l-4 4 4 4M16 8l4 4-4 4M13.5 5l-3 14",
  telegram: "M21 4 3 11l6 2 2 6 3-4 5 4 2-15ZM9 13l8-6",
  admin: "M4 20V10M10 20V4M16 20v-7M22 20H2",
};

function FeatureIcon({ feature }: { feature: Feature }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-5"
    >
      <path d={ICON_PATHS[feature]} />
    </svg>
  );
}
