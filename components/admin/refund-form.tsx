"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/validated-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/**
 * A refund, whole or partial, behind a confirmation that says what will happen. For a plan
 * payment the admin chooses whether the refund also ends the time it bought.
 */
export function RefundForm({
  action,
  paymentId,
  left,
  leftDecimal,
  planPayment,
  how,
}: {
  action: Action;
  paymentId: string;
  /** What is left to refund, formatted ("$19.00"). */
  left: string;
  /** The same as a decimal ("19.00"), the amount field's hint. */
  leftDecimal: string;
  planPayment: boolean;
  /** Where the money goes back, worded: "The money goes back through Card (Stripe)." */
  how: string;
}) {
  const t = useTranslations("admin.refund");
  const [state, formAction, pending] = useActionState(action, null);
  const [open, setOpen] = useState(false);
  const errors = state && !state.ok ? (state.errors ?? {}) : {};

  if (!open) {
    return (
      <div className="space-y-2">
        <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
          {t("open")}
        </Button>
        <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
      </div>
    );
  }
  return (
    <form action={formAction} className="w-full max-w-md space-y-3" aria-label={t("form")}>
      <input type="hidden" name="paymentId" value={paymentId} />
      <div className="space-y-1">
        <label htmlFor="refund-amount" className="block text-sm font-medium text-slate-700">
          {t("amount", { left })}
        </label>
        <input
          id="refund-amount"
          name="amount"
          inputMode="decimal"
          placeholder={leftDecimal}
          aria-invalid={errors.amount ? true : undefined}
          aria-describedby={errors.amount ? "refund-amount-error" : undefined}
          className="block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
        />
        {errors.amount ? (
          <p id="refund-amount-error" className="text-sm text-red-600">
            {errors.amount.join(" ")}
          </p>
        ) : null}
      </div>
      {planPayment ? (
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium text-slate-700">{t("time")}</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="access" value="end" defaultChecked /> {t("endTime")}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="access" value="keep" /> {t("keepAccess")}
          </label>
        </fieldset>
      ) : (
        <input type="hidden" name="access" value="keep" />
      )}
      <p className="text-sm text-slate-600">{how}</p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? t("working") : t("confirm")}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          {t("cancel")}
        </Button>
      </div>
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}
