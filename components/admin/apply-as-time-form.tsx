"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/validated-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/** Gives a payment that could not be applied its value as time, with the admin's reason. */
export function ApplyAsTimeForm({
  action,
  paymentId,
  what,
}: {
  action: Action;
  paymentId: string;
  /** What the payment bought, worded: "Pro · 12 months". */
  what: string;
}) {
  const t = useTranslations("admin.attention");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? (state.errors ?? {}) : {};
  const reasonId = `reason-${paymentId}`;
  return (
    <form
      action={formAction}
      className="flex flex-wrap items-end gap-2"
      aria-label={t("applyForm", { what })}
    >
      <input type="hidden" name="paymentId" value={paymentId} />
      <div className="min-w-0 space-y-1">
        <label htmlFor={reasonId} className="block text-xs font-medium text-slate-700">
          {t("reason")}
        </label>
        <input
          id={reasonId}
          name="reason"
          required
          minLength={3}
          aria-invalid={errors.reason ? true : undefined}
          className="w-full rounded-md border border-slate-300 bg-surface px-2 py-1 text-sm"
        />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? t("working") : t("apply", { what })}
      </Button>
      <FormMessage message={state?.message ?? errors.reason?.join(" ")} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}
