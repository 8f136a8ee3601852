"use server";

import type { Route } from "next";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { env } from "@/lib/env";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { CHAT_ID_PATTERN, checkChatLink } from "@/lib/telegram/chat-link";
import { botDeepLink } from "@/lib/telegram/deep-link";
import { issueLinkToken } from "@/lib/telegram/link-tokens";
import { setTelegramChat } from "@/lib/users";

/**
 * "Connect Telegram": a one-time token for this account, and off to the bot with it
 * (t.me/<bot>?start=<token>); the bot links the chat that sends it back (lib/telegram/link-tokens.ts).
 */
export const connectTelegramAction = validatedActionWithUser(z.object({}).strict(), async (_input, user) => {
  const t = translatorFor(await requestLocale());
  const link = await botDeepLink(await issueLinkToken(user.id));
  if (!link.ok) return { ok: false, message: t(`dashboard.telegram.connectProblem.${link.reason}`) };
  redirect(link.url as Route); // an absolute URL (Telegram's), which typed routes do not describe
});

// A chat id is never typed in: it is only taken from the bot's signed link (?tg_id=…&sig=…), the
// bot's HMAC being the proof that the chat asked for it.
const linkSchema = z
  .object({
    chat_id: z.string().trim().regex(CHAT_ID_PATTERN, "dashboard.telegram.errors.chatId"),
    sig: z.string().max(128),
  })
  .strict();

/** Links the chat of a bot's signed link to the account, for payment notifications. */
export const linkTelegramAction = validatedActionWithUser(linkSchema, async (input, user) => {
  const t = translatorFor(await requestLocale());
  const link = checkChatLink(input.chat_id, input.sig, env().TELEGRAM_LINK_SECRET);
  if (!link.ok) return { ok: false, message: t(`dashboard.telegram.problem.${link.reason}`) };
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
