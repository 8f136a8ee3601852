"use client";

import { useTranslations } from "next-intl";
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
  const t = useTranslations("dashboard.cancellation");
  const [cancelState, cancelAction, cancelling] = useActionState(cancelSubscriptionAction, null);
  const [resumeState, resumeAction, resuming] = useActionState(resumeSubscriptionAction, null);
  const [confirming, setConfirming] = useState(false);

  if (cancelled) {
    return (
      <form action={resumeAction} className="space-y-2">
        <p className="text-sm text-slate-700" data-testid="cancellation-notice">
          {t("notice", { plan: planName, date: endsOn })}
        </p>
        <Button type="submit" variant="secondary" disabled={resuming}>
          {resuming ? t("resuming") : t("resume")}
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
          {t("cancel")}
        </Button>
        <FormMessage message={resumeState?.message} tone="info" />
      </div>
    );
  }
  return (
    <form action={cancelAction} className="space-y-2" aria-label={t("confirmLabel")}>
      <p className="text-sm text-slate-700">{t("confirm", { plan: planName, date: endsOn })}</p>
      <div className="flex gap-2">
        <Button type="submit" disabled={cancelling}>
          {cancelling ? t("cancelling") : t("cancelOn", { date: endsOn })}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          {t("keep")}
        </Button>
      </div>
      <FormMessage message={cancelState?.message} tone={cancelState?.ok ? "info" : "error"} />
    </form>
  );
}
