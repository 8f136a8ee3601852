"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { checkoutRefusal } from "@/components/billing/checkout-refusal";
import { validatedAction } from "@/lib/actions/validated-action";
import { getSessionUser } from "@/lib/auth/session";
import { startProductCheckout, type ProductBuyer } from "@/lib/billing/products/checkout";
import { receiptKey } from "@/lib/billing/products/receipt-key";
import { env } from "@/lib/env";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { checkChatLink } from "@/lib/telegram/chat-link";

const buySchema = z
  .object({
    product: z.string().regex(/^[a-z0-9-]{1,60}$/, "pay.product.errors.unknownProduct"),
    tg_id: z.string().max(32).optional(),
    sig: z.string().max(128).optional(),
  })
  .strict();

/**
 * Buys a product: for the Telegram chat of a signed bot link, or else for the signed-in account.
 * The link is checked again here: an action is a public endpoint, whatever page showed the form.
 */
export const buyProductAction = validatedAction(buySchema, async (input) => {
  const t = translatorFor(await requestLocale());
  let buyer: ProductBuyer;
  if (input.tg_id !== undefined || input.sig !== undefined) {
    const link = checkChatLink(input.tg_id, input.sig, env().TELEGRAM_LINK_SECRET);
    if (!link.ok) return { ok: false, message: t(`pay.link.problems.${link.reason}`) };
    buyer = { kind: "telegram", chatId: link.chatId };
  } else {
    const user = await getSessionUser();
    if (!user) return { ok: false, message: t("pay.product.errors.signIn") };
    buyer = { kind: "account", userId: user.id, email: user.email };
  }

  const result = await startProductCheckout({ productSlug: input.product, buyer });
  switch (result.kind) {
    case "redirect":
      redirect(result.url); // Stripe Checkout
    case "owned":
    case "failed":
      redirect(
        `/pay/${input.product}/done?order_id=${encodeURIComponent(result.orderId)}&key=${receiptKey(result.orderId)}`,
      );
    case "unavailable":
      return { ok: false, message: checkoutRefusal(t, result) };
  }
});
