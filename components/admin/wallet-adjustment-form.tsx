"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/validated-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";

/** An admin's credit or debit of a customer's wallet, with the reason the customer sees. */
export function WalletAdjustmentForm({ action, userId }: { action: Action; userId: string }) {
  const t = useTranslations("admin.wallet");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? (state.errors ?? {}) : {};
  return (
    <form action={formAction} className="space-y-3" aria-label={t("form")}>
      <input type="hidden" name="userId" value={userId} />
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">{t("direction")}</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="direction" value="credit" defaultChecked /> {t("credit")}
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="direction" value="debit" /> {t("debit")}
        </label>
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="adjust-amount" className="block text-sm font-medium text-slate-700">
          {t("amount")}
        </label>
        <input id="adjust-amount" name="amount" inputMode="decimal" required className={inputClass} />
        {errors.amount ? <p className="text-sm text-red-600">{errors.amount.join(" ")}</p> : null}
      </div>
      <div className="space-y-1">
        <label htmlFor="adjust-reason" className="block text-sm font-medium text-slate-700">
          {t("reason")}
        </label>
        <input id="adjust-reason" name="reason" required minLength={3} className={inputClass} />
        {errors.reason ? <p className="text-sm text-red-600">{errors.reason.join(" ")}</p> : null}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? t("working") : t("adjust")}
      </Button>
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}
