import { applyProviderReport } from "@/lib/billing/payments/apply";
import { db } from "@/lib/db";
import { createCustomers, openPlanPayments } from "./stripe-deliveries";

/** Days of RENEWAL_REMINDER_DAYS the fault tests run with: wide enough for any month's length. */
export const REMINDER_DAYS = 10;

/**
 * Customers whose paid month (bought 25 days ago) ends within REMINDER_DAYS, with a linked
 * Telegram chat and not yet reminded: the subscription sweep owes each exactly one reminder.
 * The plan is bought before the chat is linked, so the reminder is the only message they get.
 */
export async function customersDueForReminder(count: number, firstChat: number): Promise<string[]> {
  const customers = await createCustomers(count, { label: "remind", chats: false });
  const payments = await openPlanPayments(customers, "starter");
  const boughtAt = new Date(Date.now() - 25 * 86_400_000);
  for (const payment of payments) {
    const result = await applyProviderReport(
      {
        provider: "stripe",
        providerRef: payment.sessionId,
        status: "completed",
        providerStatus: "checkout.session.completed",
        currency: "USD",
        amountReceived: payment.amount,
      },
      { source: "webhook", now: boughtAt },
    );
    if (result.outcome !== "applied") throw new Error(`fixture payment not applied: ${result.detail}`);
  }
  const chats: string[] = [];
  for (const [i, customer] of customers.entries()) {
    const chatId = String(firstChat + i);
    await db.user.update({ where: { id: customer.userId }, data: { telegramChatId: chatId } });
    chats.push(chatId);
  }
  return chats;
}
