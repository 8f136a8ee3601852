import { ClientMessages } from "@/components/i18n/client-messages";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { RegisterForm } from "./register-form";
import { Card } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { planChoicePath, purchasableIntent, signInPath } from "@/lib/billing/plans/public-catalog";
import { parsePlanIntent } from "@/lib/validations/auth";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.register");
  return { title: t("metaTitle") };
}

/** Registration; `?plan=…&months=…` (from /pricing) is carried through to the plans page. */
export default async function RegisterPage({ searchParams }: PageProps<"/register">) {
  const intent = await purchasableIntent(parsePlanIntent(await searchParams));
  if (await getSessionUser()) redirect(intent ? planChoicePath(intent) : "/dashboard");
  const t = await getTranslations("auth.register");
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-6 text-2xl font-semibold">{t("title")}</h1>
      {intent ? (
        <p className="mb-4 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700">
          {t("chosenPlan", { plan: intent.planName, months: intent.months })}
        </p>
      ) : null}
      <Card>
        <ClientMessages namespaces={["auth"]}>
          <RegisterForm
            passwordMinLength={PASSWORD_MIN_LENGTH}
            intent={
              intent ? { plan: intent.plan, months: String(intent.months), currency: intent.currency } : null
            }
          />
        </ClientMessages>
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        {t("haveAccount")}{" "}
        <Link href={signInPath(intent)} className="font-medium text-brand-700 hover:underline">
          {t("signIn")}
        </Link>
      </p>
    </div>
  );
}
