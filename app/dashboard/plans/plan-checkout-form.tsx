"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { startCheckoutAction } from "./actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { ProviderName } from "@/lib/billing/providers/types";

/** The button that starts checkout of one plan, for the period and payment method chosen on the page. */
export function PlanCheckoutForm({
  plan,
  months,
  provider,
  buttonLabel,
  disabledReason,
}: {
  plan: { slug: string; name: string };
  months: 1 | 12;
  provider: ProviderName | undefined;
  buttonLabel: string;
  /** Why this option can't be bought now; shown beside the disabled button. */
  disabledReason: string | null;
}) {
  const t = useTranslations("dashboard.plans");
  const [state, formAction, pending] = useActionState(startCheckoutAction, null);
  return (
    <form action={formAction} className="space-y-2" aria-label={t("buy", { plan: plan.name })}>
      <input type="hidden" name="plan" value={plan.slug} />
      <input type="hidden" name="months" value={String(months)} />
      {provider ? <input type="hidden" name="provider" value={provider} /> : null}
      <Button type="submit" disabled={pending || disabledReason !== null} className="w-full">
        {pending ? t("opening") : buttonLabel}
      </Button>
      {disabledReason ? <p className="text-xs text-slate-600">{disabledReason}</p> : null}
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}
