"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/validated-action";
import { receiptKey } from "@/lib/billing/products/receipt-key";
import { startTopUp } from "@/lib/billing/wallet/topup";
import { appUrl } from "@/lib/app-url";
import { env } from "@/lib/env";
import { CHAT_LINK_PROBLEM, checkChatLink } from "@/lib/telegram/chat-link";
import { telegramCustomer } from "@/lib/users";
import { topUpSchema } from "@/lib/validations/topup";

// A top-up from a Telegram bot's signed link: the chat is the customer (its linked account, or
// its own Telegram-only customer). The link is checked again here: an action is a public
// endpoint, whatever page showed the form.

const linkSchema = z.object({ tg_id: z.string().max(32), sig: z.string().max(128) });
const schema = z
  .object({
    tg_id: z.string().max(32),
    sig: z.string().max(128),
    preset: z.string().optional(),
    custom: z.string().optional(),
    email: z.string().optional(),
  })
  .strict()
  .transform((input, context) => {
    const { tg_id, sig, ...amount } = input;
    const parsed = topUpSchema.safeParse(amount);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) context.addIssue({ ...issue });
      return z.NEVER;
    }
    return { ...linkSchema.parse({ tg_id, sig }), ...parsed.data };
  });

export const botTopUpAction = validatedAction(schema, async (input) => {
  const link = checkChatLink(input.tg_id, input.sig, env().TELEGRAM_LINK_SECRET);
  if (!link.ok) return { ok: false, message: CHAT_LINK_PROBLEM[link.reason] };
  const buyer = await telegramCustomer(link.chatId);
  const email = buyer.email ?? input.email ?? null;
  if (!email && env().YOOKASSA_RECEIPTS) {
    return {
      ok: false,
      message: "Enter an email address for the receipt.",
      errors: { email: ["Required."] },
    };
  }
  const result = await startTopUp({
    userId: buyer.id,
    email,
    rubles: input.rubles,
    returnTo: (orderId) => appUrl("/pay/topup/done", { order_id: orderId, key: receiptKey(orderId) }),
  });
  switch (result.kind) {
    case "redirect":
      redirect(result.url); // YooKassa's confirmation page
    case "failed":
      redirect(
        `/pay/topup/done?order_id=${encodeURIComponent(result.orderId)}&key=${receiptKey(result.orderId)}`,
      );
    case "unavailable":
      return { ok: false, message: result.reason };
  }
});
