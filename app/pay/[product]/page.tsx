import { ClientMessages } from "@/components/i18n/client-messages";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { BuyProductButton } from "./buy-product-button";
import { InvalidChatLink } from "@/components/products/invalid-chat-link";
import { Card } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { findEntitlement, getProductForSale, type ProductBuyer } from "@/lib/billing/products/checkout";
import { formatMoney } from "@/lib/billing/pricing";
import { receiptKey } from "@/lib/billing/products/receipt-key";
import { env } from "@/lib/env";
import { checkChatLink } from "@/lib/telegram/chat-link";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pay.product");
  return { title: t("metaTitle") };
}

// A one-time product's purchase page. From a Telegram bot, the signed link (tg_id + sig) names
// the buyer's chat and no account is needed; otherwise the buyer signs in. A bad link is answered
// 400 by proxy.ts before this page runs; the check here is the guard, not the courtesy.
export default async function ProductPage({ params, searchParams }: PageProps<"/pay/[product]">) {
  const { product: slug } = await params;
  const query = await searchParams;
  const tgId = single(query.tg_id);
  const sig = single(query.sig);

  const forSale = await getProductForSale(slug);
  if (!forSale) notFound();
  const { product, price, payable } = forSale;
  const [t, locale] = await Promise.all([getTranslations("pay.product"), getLocale()]);
  const amount = formatMoney(price.amount, price.currency, locale);

  let buyer: ProductBuyer;
  let chatLink: { tgId: string; sig: string } | null = null;
  if (tgId !== undefined || sig !== undefined) {
    const link = checkChatLink(tgId, sig, env().TELEGRAM_LINK_SECRET);
    if (!link.ok) return <InvalidChatLink problem={link.reason} />;
    buyer = { kind: "telegram", chatId: link.chatId };
    chatLink = { tgId: link.chatId, sig: sig ?? "" };
  } else {
    const user = await getSessionUser();
    if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/pay/${slug}`)}`);
    buyer = { kind: "account", userId: user.id, email: user.email };
  }
  const owned = await findEntitlement(product.id, buyer);

  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">{product.name}</h1>
      <Card>
        {product.description ? <p className="text-slate-700">{product.description}</p> : null}
        <p className="mt-3 text-3xl font-semibold" data-testid="product-price">
          {amount}
        </p>
        <p className="mt-1 text-sm text-slate-600">
          {t("oneCardPayment")} {buyer.kind === "telegram" ? t("inviteToChat") : t("inviteOnNextScreen")}
        </p>
        <div className="mt-5">
          {owned ? (
            <p className="text-slate-800">
              {t("owned")}{" "}
              <Link
                href={`/pay/${slug}/done?order_id=${encodeURIComponent(owned.payment.orderId)}&key=${receiptKey(owned.payment.orderId)}`}
                className="font-medium text-brand-700 hover:underline"
              >
                {t("seePurchase")}
              </Link>
            </p>
          ) : (
            <ClientMessages namespaces={["pay"]}>
              <BuyProductButton
                product={slug}
                label={t("pay", { amount })}
                chatLink={chatLink}
                disabled={!payable}
              />
            </ClientMessages>
          )}
          {!payable ? <p className="mt-2 text-sm text-slate-600">{t("cardsUnavailable")}</p> : null}
        </div>
      </Card>
    </div>
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
