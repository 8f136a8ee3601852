"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { env } from "@/lib/env";
import { CHAT_ID_PATTERN, CHAT_LINK_PROBLEM, checkChatLink } from "@/lib/telegram/chat-link";
import { setTelegramChat } from "@/lib/users";

const linkSchema = z
  .object({
    chat_id: z.string().trim().regex(CHAT_ID_PATTERN, "Enter the chat id the bot gave you, digits only."),
    // Present when the chat comes from the bot's signed link rather than typed in.
    sig: z.string().max(128).optional(),
  })
  .strict();

/** Links a Telegram chat to the account, for payment notifications. */
export const linkTelegramAction = validatedActionWithUser(linkSchema, async (input, user) => {
  if (input.sig !== undefined) {
    const link = checkChatLink(input.chat_id, input.sig, env().TELEGRAM_LINK_SECRET);
    if (!link.ok) return { ok: false, message: CHAT_LINK_PROBLEM[link.reason] };
  }
  await setTelegramChat(user.id, input.chat_id);
  revalidatePath("/dashboard", "layout");
  return { ok: true, data: undefined, message: `Chat ${input.chat_id} will get your payment notifications.` };
});

export const unlinkTelegramAction = validatedActionWithUser(z.object({}).strict(), async (_input, user) => {
  await setTelegramChat(user.id, null);
  revalidatePath("/dashboard", "layout");
  return { ok: true, data: undefined, message: "Telegram notifications are off." };
});
