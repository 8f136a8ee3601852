"use client";

import { useActionState } from "react";
import { startCheckoutAction } from "./actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { PlanChoice } from "@/lib/billing/subscriptions/plan-choice";
import type { ProviderName } from "@/lib/billing/providers/types";

export interface ProviderOption {
  name: ProviderName;
  label: string;
}

/** The choice of period and payment method for one plan, and the button that starts checkout. */
export function PlanCheckoutForm({
  plan,
  choice,
  buttonLabel,
  providers,
}: {
  plan: { slug: string; name: string };
  choice: PlanChoice;
  buttonLabel: string;
  providers: ProviderOption[];
}) {
  const [state, formAction, pending] = useActionState(startCheckoutAction, null);
  const free = plan.slug === "free";
  if (choice === "current") {
    return (
      <Button type="button" variant="secondary" disabled className="w-full">
        Current plan
      </Button>
    );
  }
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="plan" value={plan.slug} />
      {free ? (
        <input type="hidden" name="months" value="1" />
      ) : (
        <>
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">Billing period for {plan.name}</legend>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="months" value="1" defaultChecked /> Monthly
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="months" value="12" /> 12 months
            </label>
          </fieldset>
          <label className="block text-sm">
            <span className="sr-only">Payment method for {plan.name}</span>
            <select
              name="provider"
              className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
            >
              {providers.map((provider) => (
                <option key={provider.name} value={provider.name}>
                  {provider.label}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <Button type="submit" disabled={pending || (!free && providers.length === 0)} className="w-full">
        {pending ? "Opening checkout…" : buttonLabel}
      </Button>
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}
