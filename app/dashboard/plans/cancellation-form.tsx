"use client";

import { useActionState, useState } from "react";
import { cancelSubscriptionAction, resumeSubscriptionAction } from "./subscription-actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/**
 * Cancel (after a confirmation that names the date the paid time ends) or, once cancelled, resume.
 * `endsOn` is that date, formatted by the server.
 */
export function CancellationForm({
  cancelled,
  planName,
  endsOn,
}: {
  cancelled: boolean;
  planName: string;
  endsOn: string;
}) {
  const [cancelState, cancelAction, cancelling] = useActionState(cancelSubscriptionAction, null);
  const [resumeState, resumeAction, resuming] = useActionState(resumeSubscriptionAction, null);
  const [confirming, setConfirming] = useState(false);

  if (cancelled) {
    return (
      <form action={resumeAction} className="space-y-2">
        <p className="text-sm text-slate-700" data-testid="cancellation-notice">
          Cancelled: {planName} ends on {endsOn}, then you move to Free.
        </p>
        <Button type="submit" variant="secondary" disabled={resuming}>
          {resuming ? "Resuming…" : "Resume subscription"}
        </Button>
        <FormMessage
          message={resumeState?.message ?? cancelState?.message}
          tone={resumeState?.ok === false ? "error" : "info"}
        />
      </form>
    );
  }
  if (!confirming) {
    return (
      <div className="space-y-2">
        <Button type="button" variant="secondary" onClick={() => setConfirming(true)} className="w-full">
          Cancel subscription
        </Button>
        <FormMessage message={resumeState?.message} tone="info" />
      </div>
    );
  }
  return (
    <form action={cancelAction} className="space-y-2" aria-label="Confirm cancellation">
      <p className="text-sm text-slate-700">
        {planName} stays until {endsOn}; then you move to Free. Nothing you paid for is lost, and you can
        resume until then.
      </p>
      <div className="flex gap-2">
        <Button type="submit" disabled={cancelling}>
          {cancelling ? "Cancelling…" : `Cancel on ${endsOn}`}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Keep my plan
        </Button>
      </div>
      <FormMessage message={cancelState?.message} tone={cancelState?.ok ? "info" : "error"} />
    </form>
  );
}
