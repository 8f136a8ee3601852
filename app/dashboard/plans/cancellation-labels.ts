import type { Translator } from "@/lib/i18n/translator";
import type { CancellationLabels } from "./cancellation-form";

/** The cancel/resume form's words for one plan and the date its paid time ends, written on the server. */
export function cancellationLabels(t: Translator, planName: string, endsOn: string): CancellationLabels {
  const facts = { plan: planName, date: endsOn };
  return {
    notice: t("dashboard.cancellation.notice", facts),
    resume: t("dashboard.cancellation.resume"),
    resuming: t("dashboard.cancellation.resuming"),
    cancel: t("dashboard.cancellation.cancel"),
    confirmLabel: t("dashboard.cancellation.confirmLabel"),
    confirm: t("dashboard.cancellation.confirm", facts),
    cancelOn: t("dashboard.cancellation.cancelOn", { date: endsOn }),
    cancelling: t("dashboard.cancellation.cancelling"),
    keep: t("dashboard.cancellation.keep"),
  };
}
