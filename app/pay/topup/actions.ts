"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { checkoutRefusal } from "@/components/billing/checkout-refusal";
import { validatedAction } from "@/lib/actions/validated-action";
import { receiptKey } from "@/lib/billing/products/receipt-key";
import { startTopUp } from "@/lib/billing/wallet/topup";
import { appUrl } from "@/lib/app-url";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { checkChatLink } from "@/lib/telegram/chat-link";
import { telegramCustomer } from "@/lib/users";
import { topUpSchema } from "@/lib/validations/topup";

// A top-up from a Telegram bot's signed link: the chat is the customer (its linked account, or
// its own Telegram-only customer). The link is checked again here: an action is a public
// endpoint, whatever page showed the form. A customer with no language of their own yet takes
// the one this page was read in: their Telegram messages (the credited top-up) are in it.

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
  const locale = await requestLocale();
  const t = translatorFor(locale);
  const link = checkChatLink(input.tg_id, input.sig, env().TELEGRAM_LINK_SECRET);
  if (!link.ok) return { ok: false, message: t(`pay.link.problems.${link.reason}`) };
  const buyer = await telegramCustomer(link.chatId);
  // Only where none is saved: a choice made in the app (or the bot) is never overridden.
  await db.user.updateMany({ where: { id: buyer.id, locale: null }, data: { locale } });
  const email = buyer.email ?? input.email ?? null;
  if (!email && env().YOOKASSA_RECEIPTS) {
    return {
      ok: false,
      message: t("pay.topup.errors.email"),
      errors: { email: [t("common.validation.required")] },
    };
  }
  const result = await startTopUp({
    userId: buyer.id,
    email,
    rubles: input.rubles,
    locale,
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
      return { ok: false, message: checkoutRefusal(t, result) };
  }
});
