"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/validated-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

const inputClass = "max-w-full rounded-md border border-slate-300 bg-surface px-2 py-1 text-sm";

/** One operation type's row of fields (or an empty one, to add a type). */
export function OperationTypeForm({
  action,
  type,
}: {
  action: Action;
  type?: { slug: string; name: string; price: string; free: boolean; active: boolean };
}) {
  const t = useTranslations("admin.operationTypes");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? (state.errors ?? {}) : {};
  const id = type?.slug ?? "new";
  return (
    <form
      action={formAction}
      className="flex flex-wrap items-end gap-3"
      aria-label={type ? t("formFor", { slug: type.slug }) : t("newForm")}
    >
      <label className="min-w-0 space-y-1 text-sm">
        <span className="block text-slate-600">{t("slug")}</span>
        {type ? (
          <>
            <code className="block break-all py-1">{type.slug}</code>
            <input type="hidden" name="slug" value={type.slug} />
          </>
        ) : (
          <input name="slug" required className={inputClass} id={`slug-${id}`} />
        )}
      </label>
      <label className="min-w-0 space-y-1 text-sm">
        <span className="block text-slate-600">{t("name")}</span>
        <input name="name" required defaultValue={type?.name} className={inputClass} />
      </label>
      <label className="space-y-1 text-sm">
        <span className="block text-slate-600">{t("price")}</span>
        <input
          name="price"
          required
          defaultValue={type?.price ?? "10.00"}
          inputMode="decimal"
          className={`${inputClass} w-24`}
        />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="free" defaultChecked={type?.free ?? false} /> {t("free")}
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="active" defaultChecked={type?.active ?? true} /> {t("active")}
      </label>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? t("saving") : type ? t("save") : t("add")}
      </Button>
      <FormMessage
        message={state?.message ? `${state.message} ${Object.values(errors).flat().join(" ")}` : null}
        tone={state?.ok ? "info" : "error"}
      />
    </form>
  );
}
