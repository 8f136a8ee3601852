"use client";

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
  what: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? (state.errors ?? {}) : {};
  const reasonId = `reason-${paymentId}`;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2" aria-label={`Apply ${what} as time`}>
      <input type="hidden" name="paymentId" value={paymentId} />
      <div className="space-y-1">
        <label htmlFor={reasonId} className="block text-xs font-medium text-slate-700">
          Reason
        </label>
        <input
          id={reasonId}
          name="reason"
          required
          minLength={3}
          aria-invalid={errors.reason ? true : undefined}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Working…" : `Apply ${what} after the paid time`}
      </Button>
      <FormMessage message={state?.message ?? errors.reason?.join(" ")} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}
