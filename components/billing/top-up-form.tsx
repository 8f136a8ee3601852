"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/validated-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (previous: ActionResult<unknown> | null, formData: FormData) => Promise<ActionResult<unknown>>;

/**
 * The preset amounts as buttons, and a custom amount in whole roubles; `fields` ride along in both
 * forms (a bot link's chat id and signature).
 */
export function TopUpForm({
  action: topUp,
  fields = {},
  presets,
  max,
}: {
  action: Action;
  fields?: Record<string, string>;
  presets: readonly number[];
  max: string;
}) {
  const [state, action, pending] = useActionState(topUp, null);
  const errors = state && !state.ok ? (state.errors ?? {}) : {};
  const hidden = Object.entries(fields).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap gap-2" aria-label="Top up by a preset amount">
        {hidden}
        {presets.map((rubles) => (
          <Button key={rubles} type="submit" name="preset" value={String(rubles)} disabled={pending}>
            {`+${rubles} ₽`}
          </Button>
        ))}
      </form>
      <form action={action} className="flex flex-wrap items-end gap-2" aria-label="Top up by another amount">
        {hidden}
        <div className="space-y-1">
          <label htmlFor="custom" className="block text-sm font-medium text-slate-700">
            Another amount, ₽ (whole roubles, 10 to {max})
          </label>
          <input
            id="custom"
            name="custom"
            inputMode="numeric"
            aria-invalid={errors.custom ? true : undefined}
            aria-describedby={errors.custom ? "custom-error" : undefined}
            className="block w-40 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-invalid:border-red-500"
          />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Opening…" : "Top up"}
        </Button>
        {errors.custom ? (
          <p id="custom-error" className="w-full text-sm text-red-600">
            {errors.custom.join(" ")}
          </p>
        ) : null}
      </form>
      <FormMessage message={state && !state.ok && !errors.custom ? state.message : null} />
    </div>
  );
}
