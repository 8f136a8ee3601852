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
// same transaction as the change.

export type AdminSubscriptionCommand =
  | { kind: "extend"; days: number; planSlug?: string }
  | { kind: "change_plan"; planSlug: string }
  | { kind: "cancel_at_period_end" }
  | { kind: "end_now" };

export type AdminSubscriptionResult = { ok: true; message: string } | { ok: false; message: string };

export async function changeSubscriptionAsAdmin(
  userId: string,
  command: AdminSubscriptionCommand,
  context: { actorId: string; reason: string },
  now = new Date(),
): Promise<AdminSubscriptionResult> {
  return db.$transaction(async (tx) => {
    const { id, state, plans } = await lockSettled(tx, userId, now);
    const planBySlug = async (slug: string) => {
      const row = await tx.plan.findUnique({ where: { slug }, select: { id: true } });
      return row ? plans.byId(row.id) : null;
    };
    let result: AdminChangeResult;
    switch (command.kind) {
      case "extend": {
        const plan = command.planSlug ? await planBySlug(command.planSlug) : plans.byId(state.planId);
        if (!plan) return { ok: false, message: "No such plan." };
        result = grantDays(state, plan, command.days, plans, now);
        break;
      }
      case "change_plan": {
        const plan = await planBySlug(command.planSlug);
        if (!plan) return { ok: false, message: "No such plan." };
        result = changePlanNow(state, plan, plans, now);
        break;
      }
      case "cancel_at_period_end": {
        const change = cancel(state, plans, now);
        result = change
          ? { kind: "applied", state: { ...state, cancelAtPeriodEnd: true }, change }
          : { kind: "refused", reason: "Nothing to cancel: no paid time, or cancelled already." };
        break;
      }
      case "end_now":
        result = endNow(state, plans, now);
        break;
    }
    if (result.kind === "refused") return { ok: false, message: result.reason };
    await save(tx, id, result.state, [result.change], context);
    return { ok: true, message: `Done: ${result.change.note}.` };
  });
}
