"use client";

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
  /** "through Stripe", or "as a manual refund you made yourself". */
  how: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [open, setOpen] = useState(false);
  const errors = state && !state.ok ? (state.errors ?? {}) : {};

  if (!open) {
    return (
      <div className="space-y-2">
        <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
          Refund
        </Button>
        <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
      </div>
    );
  }
  return (
    <form action={formAction} className="max-w-md space-y-3" aria-label="Refund">
      <input type="hidden" name="paymentId" value={paymentId} />
      <div className="space-y-1">
        <label htmlFor="refund-amount" className="block text-sm font-medium text-slate-700">
          Amount (empty: all that is left, {left})
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
          <legend className="font-medium text-slate-700">The time this payment bought</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="access" value="end" defaultChecked /> Refund and end the time it bought
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="access" value="keep" /> Refund, keep access
          </label>
        </fieldset>
      ) : (
        <input type="hidden" name="access" value="keep" />
      )}
      <p className="text-sm text-slate-600">The money goes back {how}.</p>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Working…" : "Confirm refund"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}
