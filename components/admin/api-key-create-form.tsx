"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/validated-action";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export type CreatedApiKey = { key: string; name: string; prefix: string };
type Action = (
  previous: ActionResult<CreatedApiKey> | null,
  formData: FormData,
) => Promise<ActionResult<CreatedApiKey>>;

const SCOPES = ["operations", "usage", "customers"] as const satisfies readonly ApiKeyScope[];

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";

/**
 * A new /api/v1 key: a name and its scopes. The key comes back once, in the action's answer, and
 * lives only in this component's state: leaving or reloading the page drops it for good.
 */
export function ApiKeyCreateForm({ action }: { action: Action }) {
  const t = useTranslations("admin.apiKeys");
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? (state.errors ?? {}) : {};
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-3" aria-label={t("createForm")}>
        <div className="space-y-1">
          <label htmlFor="api-key-name" className="block text-sm font-medium text-slate-700">
            {t("name")}
          </label>
          <input
            id="api-key-name"
            name="name"
            required
            maxLength={100}
            placeholder={t("namePlaceholder")}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "api-key-name-error" : undefined}
            className={inputClass}
          />
          {errors.name ? (
            <p id="api-key-name-error" className="text-sm text-red-600">
              {errors.name.join(" ")}
            </p>
          ) : null}
        </div>
        <fieldset className="space-y-1" aria-describedby={errors.scopes ? "api-key-scopes-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">{t("scopes")}</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm">
              <input type="checkbox" name={`scope_${scope}`} className="mt-0.5" />
              <span>
                <code>{scope}</code> <span className="text-slate-600">— {t(`scope.${scope}`)}</span>
              </span>
            </label>
          ))}
          {errors.scopes ? (
            <p id="api-key-scopes-error" className="text-sm text-red-600">
              {errors.scopes.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? t("creating") : t("create")}
        </Button>
        {state && !state.ok ? <FormMessage message={state.message} /> : null}
      </form>
      {state?.ok ? <NewKey created={state.data} /> : null}
    </div>
  );
}

function NewKey({ created }: { created: CreatedApiKey }) {
  const t = useTranslations("admin.apiKeys");
  // Which key the copy was of, so a newer key starts without a stale "Copied."
  const [copy, setCopy] = useState<{ of: CreatedApiKey; ok: boolean } | null>(null);
  const copyKey = async () => {
    try {
      // The clipboard API exists only on https and localhost.
      await navigator.clipboard.writeText(created.key);
      setCopy({ of: created, ok: true });
    } catch {
      setCopy({ of: created, ok: false });
    }
  };
  return (
    <section
      aria-label={t("newKeyLabel")}
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
    >
      <p className="font-medium">{t("created", { name: created.name })}</p>
      <code
        data-testid="new-api-key"
        className="block break-all rounded bg-surface px-3 py-2 font-mono text-slate-900"
      >
        {created.key}
      </code>
      <div className="flex items-center gap-3">
        <Button type="button" variant="secondary" onClick={() => void copyKey()}>
          {t("copy")}
        </Button>
        {copy?.of === created ? <span role="status">{copy.ok ? t("copied") : t("copyFailed")}</span> : null}
      </div>
      <p className="break-words">
        {t.rich("sendAs", {
          header: `Authorization: Bearer ${created.prefix}…`,
          code: (chunks) => <code>{chunks}</code>,
        })}
      </p>
    </section>
  );
}
