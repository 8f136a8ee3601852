import type { Metadata } from "next";
import { ClientMessages } from "@/components/i18n/client-messages";
import { getLocale, getTranslations } from "next-intl/server";
import { InvalidChatLink } from "@/components/products/invalid-chat-link";
import { TopUpForm } from "@/components/billing/top-up-form";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/lib/billing/pricing";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { TOPUP_MIN_RUB, TOPUP_PRESETS_RUB } from "@/lib/billing/wallet/topup";
import { env } from "@/lib/env";
import { checkChatLink } from "@/lib/telegram/chat-link";
import { botTopUpAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pay.topup");
  return { title: t("metaTitle"), robots: { index: false } };
}

// A Telegram bot's top-up link (/pay/topup?tg_id=…&sig=…, the same HMAC as the product links):
// no account needed, the chat is the customer. Reads nothing but the link; the action creates
// the chat's customer, once, when a top-up is actually started.
export default async function BotTopUpPage({ searchParams }: PageProps<"/pay/topup">) {
  const query = await searchParams;
  const tgId = typeof query.tg_id === "string" ? query.tg_id : undefined;
  const sig = typeof query.sig === "string" ? query.sig : undefined;
  const link = checkChatLink(tgId, sig, env().TELEGRAM_LINK_SECRET);
  if (!link.ok) return <InvalidChatLink problem={link.reason} />;
  const [t, locale] = await Promise.all([getTranslations("pay.topup"), getLocale()]);
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Card>
        <p className="text-sm text-slate-600">{t("intro")}</p>
        <div className="mt-4">
          <ClientMessages namespaces={["dashboard"]}>
            <TopUpForm
              action={botTopUpAction}
              fields={{ tg_id: link.chatId, sig: sig ?? "" }}
              presets={TOPUP_PRESETS_RUB}
              min={TOPUP_MIN_RUB}
              max={formatMoney(env().TOPUP_MAX_RUB * 100, WALLET_CURRENCY, locale)}
              // The chat's customer may have an email (a linked account); asking again does no harm.
              askEmail={env().YOOKASSA_RECEIPTS}
            />
          </ClientMessages>
        </div>
      </Card>
    </div>
  );
}
