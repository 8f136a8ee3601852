import { ClientMessages } from "@/components/i18n/client-messages";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ConnectTelegramButton, SignedChatForm, UnlinkTelegramButton } from "./telegram-chat-form";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { checkChatLink } from "@/lib/telegram/chat-link";
import { getTelegramChat } from "@/lib/users";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.telegram");
  return { title: t("metaTitle") };
}

// Linking a Telegram chat: plan activated, payment failed and purchase messages then go there.
// "Connect Telegram" opens the bot with a one-time token, and the bot links the chat that sends it;
// a bot's signed link (?tg_id=…&sig=…) is confirmed here. A chat id is never typed in: anyone could
// type a chat that is not theirs (and have a course's invite link sent there).
export default async function TelegramPage({ searchParams }: PageProps<"/dashboard/telegram">) {
  const user = await requireUser();
  const t = await getTranslations("dashboard.telegram");
  const { tg_id: tgId, sig } = await searchParams;
  const chatId = await getTelegramChat(user.id);
  const fromBot = typeof tgId === "string" || typeof sig === "string";
  const link = fromBot ? checkChatLink(single(tgId), single(sig), env().TELEGRAM_LINK_SECRET) : null;

  return (
    <ClientMessages namespaces={["dashboard"]}>
      <div className="mx-auto max-w-lg space-y-4">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <Card>
          <p className="text-slate-800" data-testid="telegram-chat">
            {chatId ? t("linked", { chat: chatId }) : t("none")}
          </p>
          <p className="mt-1 text-sm text-slate-600">{t("what")}</p>
          {chatId ? (
            <div className="mt-4">
              <UnlinkTelegramButton />
            </div>
          ) : null}
        </Card>
        <Card title={chatId ? t("linkAnother") : t("link")}>
          {link && !link.ok ? (
            <p className="mb-3 text-sm text-red-600">{t(`problem.${link.reason}`)}</p>
          ) : null}
          {link?.ok ? (
            <SignedChatForm signedLink={{ chatId: link.chatId, sig: single(sig) ?? "" }} />
          ) : env().TELEGRAM_BOT_TOKEN ? (
            <ConnectTelegramButton />
          ) : (
            <p className="text-sm text-slate-600">{t("noBot")}</p>
          )}
        </Card>
      </div>
    </ClientMessages>
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
