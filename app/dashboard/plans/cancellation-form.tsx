"use client";

import { useActionState, useState } from "react";
import { cancelSubscriptionAction, resumeSubscriptionAction } from "./subscription-actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/** Its words, written by the server for the plan and its end date (./cancellation-labels.ts). */
export interface CancellationLabels {
  notice: string;
  resume: string;
  resuming: string;
  cancel: string;
  confirmLabel: string;
  confirm: string;
  cancelOn: string;
  cancelling: string;
  keep: string;
}

/**
 * Cancel (after a confirmation that names the date the paid time ends) or, once cancelled, resume.
 * It is on the dashboard's first page, so it takes its words as props rather than a translation library.
 */
export function CancellationForm({ cancelled, labels }: { cancelled: boolean; labels: CancellationLabels }) {
  const [cancelState, cancelAction, cancelling] = useActionState(cancelSubscriptionAction, null);
  const [resumeState, resumeAction, resuming] = useActionState(resumeSubscriptionAction, null);
  const [confirming, setConfirming] = useState(false);

  if (cancelled) {
    return (
      <form action={resumeAction} className="space-y-2">
        <p className="text-sm text-slate-700" data-testid="cancellation-notice">
          {labels.notice}
        </p>
        <Button type="submit" variant="secondary" disabled={resuming}>
          {resuming ? labels.resuming : labels.resume}
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
          {labels.cancel}
        </Button>
        <FormMessage message={resumeState?.message} tone="info" />
      </div>
    );
  }
  return (
    <form action={cancelAction} className="space-y-2" aria-label={labels.confirmLabel}>
      <p className="text-sm text-slate-700">{labels.confirm}</p>
      <div className="flex gap-2">
        <Button type="submit" disabled={cancelling}>
          {cancelling ? labels.cancelling : labels.cancelOn}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          {labels.keep}
        </Button>
      </div>
      <FormMessage message={cancelState?.message} tone={cancelState?.ok ? "info" : "error"} />
    </form>
  );
}
