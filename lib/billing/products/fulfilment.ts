import { env } from "@/lib/env";
import { queueTelegramNotification } from "@/lib/billing/notifications";
import type { Tx } from "@/lib/db";

// One-time products: a completed payment grants an Entitlement and delivers what the product
// promises. Exactly once: the entitlement's unique paymentId and the notification's dedupeKey
// make a replayed completion a no-op, inside the same transaction as the payment's state change.

export const DEFAULT_DELIVERY_MESSAGE =
  "Thank you for your purchase! Here is your private invite link: {link}\nIt is for you alone; please don't share it.";

export async function fulfilProduct(
  tx: Tx,
  payment: { id: string; productId: string; userId: string | null; telegramChatId: string | null },
): Promise<string> {
  const product = await tx.product.findUniqueOrThrow({ where: { id: payment.productId } });
  const user = payment.userId
    ? await tx.user.findUnique({ where: { id: payment.userId }, select: { telegramChatId: true } })
    : null;
  const chatId = payment.telegramChatId ?? user?.telegramChatId ?? null;

  const granted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Entitlement" ("id", "productId", "paymentId", "userId", "telegramChatId")
    VALUES (gen_random_uuid()::text, ${product.id}, ${payment.id}, ${payment.userId}, ${chatId})
    ON CONFLICT ("paymentId") DO NOTHING
    RETURNING "id"`;
  if (granted.length === 0) return `${product.name} already granted`;

  if (product.fulfilment !== "invite_link") return `${product.name} granted`;
  const link = env().PAID_CHANNEL_LINK;
  if (!link) return `${product.name} granted; PAID_CHANNEL_LINK is not set, so no invite was sent`;
  if (!chatId) return `${product.name} granted; no Telegram chat to send the invite to`;
  await queueTelegramNotification(tx, {
    dedupeKey: `payment:${payment.id}:invite`,
    chatId,
    kind: "invite_link",
    text: (product.deliveryMessage ?? DEFAULT_DELIVERY_MESSAGE).replaceAll("{link}", link),
    userId: payment.userId,
    paymentId: payment.id,
  });
  return `${product.name} granted; invite queued for Telegram chat ${chatId}`;
}
