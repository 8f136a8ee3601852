"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/validated-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
type Command = "extend" | "change_plan" | "cancel_at_period_end" | "end_now";

const COMMANDS: Command[] = ["extend", "change_plan", "cancel_at_period_end", "end_now"];

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";

/** An admin's change to a customer's subscription: what, and why (the customer sees the why). */
export function SubscriptionControls({
  action,
  userId,
  currentPlan,
  plans,
}: {
  action: Action;
  userId: string;
  currentPlan: string;
  plans: { slug: string; name: string }[];
}) {
  const t = useTranslations("admin.subscription");
  const [state, formAction, pending] = useActionState(action, null);
  const [command, setCommand] = useState<Command>("extend");
  const errors = state && !state.ok ? (state.errors ?? {}) : {};
  const paidPlans = plans.filter((plan) => plan.slug !== "free");

  return (
    <form action={formAction} className="space-y-3" aria-label={t("form")}>
      <input type="hidden" name="userId" value={userId} />
      <div className="space-y-1">
        <label htmlFor="command" className="block text-sm font-medium text-slate-700">
          {t("change")}
        </label>
        <select
          id="command"
          name="command"
          value={command}
          onChange={(event) => setCommand(event.target.value as Command)}
          className={inputClass}
        >
          {COMMANDS.map((option) => (
            <option key={option} value={option}>
              {t(`command.${option}`)}
            </option>
          ))}
        </select>
      </div>
      {command === "extend" ? (
        <div className="space-y-1">
          <label htmlFor="days" className="block text-sm font-medium text-slate-700">
            {t("days")}
          </label>
          <input
            id="days"
            name="days"
            type="number"
            min={1}
            max={366}
            defaultValue={7}
            required
            aria-invalid={errors.days ? true : undefined}
            aria-describedby={errors.days ? "days-error" : undefined}
            className={inputClass}
          />
          <FieldErrors id="days-error" messages={errors.days} />
        </div>
      ) : null}
      {command === "extend" || command === "change_plan" ? (
        <div className="space-y-1">
          <label htmlFor="planSlug" className="block text-sm font-medium text-slate-700">
            {t("plan")}
          </label>
          <select id="planSlug" name="planSlug" className={inputClass} defaultValue="">
            {command === "extend" ? (
              <option value="">{t("currentPlan", { plan: currentPlan })}</option>
            ) : null}
            {paidPlans.map((plan) => (
              <option key={plan.slug} value={plan.slug}>
                {plan.name}
              </option>
            ))}
          </select>
          <FieldErrors id="planSlug-error" messages={errors.planSlug} />
        </div>
      ) : null}
      {command === "end_now" ? <p className="text-sm text-amber-800">{t("endNowWarning")}</p> : null}
      <div className="space-y-1">
        <label htmlFor="reason" className="block text-sm font-medium text-slate-700">
          {t("reason")}
        </label>
        <textarea
          id="reason"
          name="reason"
          required
          minLength={3}
          maxLength={500}
          rows={2}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? "reason-error" : undefined}
          className={inputClass}
        />
        <FieldErrors id="reason-error" messages={errors.reason} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? t("working") : t("apply")}
      </Button>
      <FormMessage message={state?.message} tone={state?.ok ? "info" : "error"} />
    </form>
  );
}

function FieldErrors({ id, messages }: { id: string; messages?: string[] }) {
  return messages?.length ? (
    <p id={id} className="text-sm text-red-600">
      {messages.join(" ")}
    </p>
  ) : null;
}
