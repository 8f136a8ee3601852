import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/auth/login-form";
import { Card } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { registrationPath } from "@/lib/billing/plans/public-catalog";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { parsePlanIntent } from "@/lib/validations/auth";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.login");
  return { title: t("metaTitle") };
}

export default async function LoginPage({ searchParams }: PageProps<"/login">) {
  const { callbackUrl, error } = await searchParams;
  const callbackPath = safeCallbackPath(callbackUrl);
  if (await getSessionUser()) redirect(callbackPath);
  const t = await getTranslations("auth.login");
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-6 text-2xl font-semibold">{t("title")}</h1>
      <Card>
        {/* next-auth sends a failed sign-in without the script here with ?error=<code>. */}
        <LoginForm
          callbackPath={callbackPath}
          initialError={typeof error === "string" ? error : null}
          labels={{
            email: t("email"),
            password: t("password"),
            submit: t("submit"),
            pending: t("pending"),
            errors: {
              CredentialsSignin: t("errors.CredentialsSignin"),
              TooManyAttempts: t("errors.TooManyAttempts"),
              // The form puts the wait in: it arrives with the error code (lib/auth/too-many-requests.ts).
              TooManyRequests: t("errors.TooManyRequests", { minutes: "{minutes}" }),
              SessionRequired: t("errors.SessionRequired"),
              failed: t("errors.failed"),
            },
          }}
        />
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        {t("noAccount")}{" "}
        <Link
          href={registrationPath(planIntentOf(callbackPath))}
          className="font-medium text-brand-700 hover:underline"
        >
          {t("register")}
        </Link>
      </p>
    </div>
  );
}

/** A plan chosen on /pricing, when sign-in returns to the plans page with it: registering keeps it. */
function planIntentOf(callbackPath: string) {
  const url = new URL(callbackPath, "http://same-site.invalid");
  if (url.pathname !== "/dashboard/plans") return null;
  return parsePlanIntent(Object.fromEntries(url.searchParams));
}
