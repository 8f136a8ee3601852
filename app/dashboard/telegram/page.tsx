import { ClientMessages } from "@/components/i18n/client-messages";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TelegramChatForm, UnlinkTelegramButton } from "./telegram-chat-form";
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
// The bot can send a signed link (?tg_id=…&sig=…) so the customer doesn't have to type the id.
export default async function TelegramPage({ searchParams }: PageProps<"/dashboard/telegram">) {
  const user = await requireUser();
  const t = await getTranslations("dashboard.telegram");
  const { tg_id: tgId, sig } = await searchParams;
  const chatId = await getTelegramChat(user.id);
  const fromBot = typeof tgId === "string" || typeof sig === "string";
  const link = fromBot ? checkChatLink(single(tgId), single(sig), env().TELEGRAM_LINK_SECRET) : null;

  return (
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
        {link && !link.ok ? <p className="mb-3 text-sm text-red-600">{t(`problem.${link.reason}`)}</p> : null}
        <ClientMessages namespaces={["dashboard"]}>
          <TelegramChatForm signedLink={link?.ok ? { chatId: link.chatId, sig: single(sig) ?? "" } : null} />
        </ClientMessages>
      </Card>
    </div>
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
