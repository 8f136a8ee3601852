"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/validated-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/** An admin action behind a second click that says exactly what will happen. */
export function ConfirmAction({
  action,
  fields,
  label,
  confirmLabel,
  variant = "secondary",
}: {
  action: Action;
  fields: Record<string, string>;
  label: string;
  confirmLabel: string;
  variant?: "primary" | "secondary";
}) {
  const t = useTranslations("admin.common");
  const [state, formAction, pending] = useActionState(action, null);
  // The confirmation stays open until this action answers: it belongs to the state it was opened in.
  const [openedAt, setOpenedAt] = useState<ActionResult | null | undefined>(undefined);
  const asking = openedAt !== undefined && (openedAt === state || pending);
  const setAsking = (open: boolean) => setOpenedAt(open ? state : undefined);
  return (
    <div className="space-y-2">
      {asking ? (
        <form action={formAction} className="flex flex-wrap items-center gap-2">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? t("working") : confirmLabel}
          </Button>
          <Button type="button" variant="secondary" onClick={() => setAsking(false)}>
            {t("cancel")}
          </Button>
        </form>
      ) : (
        <Button type="button" variant={variant} onClick={() => setAsking(true)}>
          {label}
        </Button>
      )}
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </div>
  );
}
