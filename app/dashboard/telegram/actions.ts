"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { env } from "@/lib/env";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { CHAT_ID_PATTERN, checkChatLink } from "@/lib/telegram/chat-link";
import { setTelegramChat } from "@/lib/users";

const linkSchema = z
  .object({
    chat_id: z.string().trim().regex(CHAT_ID_PATTERN, "dashboard.telegram.errors.chatId"),
    // Present when the chat comes from the bot's signed link rather than typed in.
    sig: z.string().max(128).optional(),
  })
  .strict();

/** Links a Telegram chat to the account, for payment notifications. */
export const linkTelegramAction = validatedActionWithUser(linkSchema, async (input, user) => {
  const t = translatorFor(await requestLocale());
  if (input.sig !== undefined) {
    const link = checkChatLink(input.chat_id, input.sig, env().TELEGRAM_LINK_SECRET);
    if (!link.ok) return { ok: false, message: t(`dashboard.telegram.problem.${link.reason}`) };
  }
  await setTelegramChat(user.id, input.chat_id);
  revalidatePath("/dashboard", "layout");
  return {
    ok: true,
    data: undefined,
    message: t("dashboard.telegram.linkedMessage", { chat: input.chat_id }),
  };
});

export const unlinkTelegramAction = validatedActionWithUser(z.object({}).strict(), async (_input, user) => {
  const t = translatorFor(await requestLocale());
  await setTelegramChat(user.id, null);
  revalidatePath("/dashboard", "layout");
  return { ok: true, data: undefined, message: t("dashboard.telegram.off") };
});
