"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { startCheckoutAction } from "@/app/dashboard/plans/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/** Starts the same purchase again (same plan, period and payment method) with a fresh invoice. */
export function RetryCheckoutButton({
  plan,
  months,
  provider,
}: {
  plan: string;
  months: number;
  provider: string;
}) {
  const t = useTranslations("dashboard.payment.error");
  const [state, formAction, pending] = useActionState(startCheckoutAction, null);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="plan" value={plan} />
      <input type="hidden" name="months" value={months} />
      <input type="hidden" name="provider" value={provider} />
      <Button type="submit" disabled={pending}>
        {pending ? t("retrying") : t("retry")}
      </Button>
      <FormMessage message={state && !state.ok ? state.message : null} />
    </form>
  );
}
