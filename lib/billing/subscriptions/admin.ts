import { done, refused, type AdminResult, type OutcomeValue } from "@/lib/billing/admin/outcome";
import {
  changePlanNow,
  endNow,
  grantDays,
  type AdminChangeResult,
} from "@/lib/billing/subscriptions/admin-rules";
import { lockSettled, save } from "@/lib/billing/subscriptions/periods";
import { cancel } from "@/lib/billing/subscriptions/rules";
import { db } from "@/lib/db";

// An admin's commands on a customer's subscription (the customer page): each under the row's
// lock, each recorded as a SubscriptionEvent with the admin's id and the reason they gave, in the
// same transaction as the change. The answer is a code and values the admin console words
// (lib/billing/admin/outcome.ts).

export type AdminSubscriptionCommand =
  | { kind: "extend"; days: number; planSlug?: string }
  | { kind: "change_plan"; planSlug: string }
  | { kind: "cancel_at_period_end" }
  | { kind: "end_now" };

export type AdminSubscriptionResult = AdminResult;

export async function changeSubscriptionAsAdmin(
  userId: string,
  command: AdminSubscriptionCommand,
  context: { actorId: string; reason: string },
  now = new Date(),
): Promise<AdminSubscriptionResult> {
  return db.$transaction(async (tx): Promise<AdminSubscriptionResult> => {
    const { id, state, plans } = await lockSettled(tx, userId, now);
    const planBySlug = async (slug: string) => {
      const row = await tx.plan.findUnique({ where: { slug }, select: { id: true } });
      return row ? plans.byId(row.id) : null;
    };
    const until = (end: Date | null): OutcomeValue => (end ? { date: end } : "—");
    let result: AdminChangeResult;
    /** What to answer once applied, from the period end it leaves. */
    let outcome: (end: Date | null) => AdminSubscriptionResult;
    switch (command.kind) {
      case "extend": {
        const plan = command.planSlug ? await planBySlug(command.planSlug) : plans.byId(state.planId);
        if (!plan) return refused("plan_not_found");
        result = grantDays(state, plan, command.days, plans, now);
        outcome = (end) =>
          done("subscription_extended", { plan: plan.name, days: command.days, until: until(end) });
        break;
      }
      case "change_plan": {
        const plan = await planBySlug(command.planSlug);
        if (!plan) return refused("plan_not_found");
        result = changePlanNow(state, plan, plans, now);
        outcome = (end) =>
          done("subscription_plan_changed", {
            from: plans.byId(state.planId).name,
            to: plan.name,
            until: until(end),
          });
        break;
      }
      case "cancel_at_period_end": {
        const change = cancel(state, plans, now);
        if (!change) return refused("nothing_to_cancel");
        result = { kind: "applied", state: { ...state, cancelAtPeriodEnd: true }, change };
        outcome = (end) =>
          done("subscription_cancelled", {
            plan: plans.byId(state.planId).name,
            until: until(end),
            free: plans.free.name,
          });
        break;
      }
      case "end_now":
        result = endNow(state, plans, now);
        outcome = () => done("subscription_ended", { free: plans.free.name });
        break;
    }
    // The rules' refusals are sentences of their own (subscriptions/admin-rules.ts).
    if (result.kind === "refused") return refused("subscription_refused", { reason: result.reason });
    await save(tx, id, result.state, [result.change], context);
    return outcome(result.state.currentPeriodEnd);
  });
}
