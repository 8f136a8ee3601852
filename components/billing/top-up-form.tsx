"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/validated-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { formatNumber } from "@/lib/format";

type Action = (previous: ActionResult<unknown> | null, formData: FormData) => Promise<ActionResult<unknown>>;

/**
 * The preset amounts as buttons, and a custom amount in whole roubles; `fields` ride along (a bot
 * link's chat id and signature).
 */
export function TopUpForm({
  action: topUp,
  fields = {},
  presets,
  min = 10,
  max,
  askEmail = false,
}: {
  action: Action;
  fields?: Record<string, string>;
  presets: readonly number[];
  /** The smallest amount, whole roubles (TOPUP_MIN_RUB). */
  min?: number;
  /** The largest amount, formatted for the reader. */
  max: string;
  /** Receipts are on and the buyer has no email on record: ask for one (54-FZ). */
  askEmail?: boolean;
}) {
  const t = useTranslations("dashboard.topUp");
  const locale = useLocale();
  const [state, action, pending] = useActionState(topUp, null);
  const errors = state && !state.ok ? (state.errors ?? {}) : {};
  const hidden = Object.entries(fields).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));
  const inputClass =
    "block rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-invalid:border-red-500";
  return (
    // One form: a preset button submits its amount (it wins over the field), "Top up" the field's.
    // "Top up" comes first in the markup, so Enter in the field submits the field's amount.
    <form action={action} className="space-y-4" aria-label={t("label")}>
      {hidden}
      {askEmail ? (
        <div className="space-y-1">
          <label htmlFor="email" className="block text-sm font-medium text-slate-700">
            {t("email")}
          </label>
          <input
            id="email"
            name="email"
            type="email"
            required
            autoComplete="email"
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "email-error" : undefined}
            className={`${inputClass} w-full max-w-sm`}
          />
          {errors.email ? (
            <p id="email-error" className="text-sm text-red-600">
              {errors.email.join(" ")}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor="custom" className="block text-sm font-medium text-slate-700">
            {t("custom", { min, max })}
          </label>
          <input
            id="custom"
            name="custom"
            inputMode="numeric"
            aria-invalid={errors.custom ? true : undefined}
            aria-describedby={errors.custom ? "custom-error" : undefined}
            className={`${inputClass} w-40`}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? t("opening") : t("submit")}
        </Button>
        {errors.custom ? (
          <p id="custom-error" className="w-full text-sm text-red-600">
            {errors.custom.join(" ")}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2" role="group" aria-label={t("presets")}>
        {presets.map((rubles) => (
          <Button key={rubles} type="submit" name="preset" value={String(rubles)} disabled={pending}>
            +{formatNumber(rubles, locale)} ₽
          </Button>
        ))}
      </div>
      <FormMessage message={state && !state.ok && !errors.custom && !errors.email ? state.message : null} />
    </form>
  );
}
