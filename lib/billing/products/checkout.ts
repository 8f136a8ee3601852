import { appUrl } from "@/lib/app-url";
import { openCheckout, type OpenCheckoutResult } from "@/lib/billing/payments/open-checkout";
import { productProvider } from "@/lib/billing/providers/registry";
import { receiptKey } from "@/lib/billing/products/receipt-key";
import { db } from "@/lib/db";

// Buying a one-time product with Stripe Checkout, either signed in (the account is the buyer) or
// from a Telegram bot's signed link (the chat is the buyer, no account needed). The price comes
// from ProductPrice in the provider's currency.

export type ProductBuyer =
  { kind: "account"; userId: string; email: string } | { kind: "telegram"; chatId: string };

export type ProductCheckoutResult = OpenCheckoutResult | { kind: "owned"; orderId: string };

export async function startProductCheckout(
  input: { productSlug: string; buyer: ProductBuyer },
  now = new Date(),
): Promise<ProductCheckoutResult> {
  const product = await db.product.findFirst({ where: { slug: input.productSlug, active: true } });
  if (!product) return { kind: "unavailable", reason: "not_on_sale", purpose: "product" };
  const owned = await findEntitlement(product.id, input.buyer);
  if (owned) return { kind: "owned", orderId: owned.payment.orderId };

  const provider = productProvider();
  if (!provider) return { kind: "unavailable", reason: "method_unavailable", purpose: "product" };
  const price = await db.productPrice.findUnique({
    where: { productId_currency: { productId: product.id, currency: provider.currency } },
  });
  if (!price)
    return { kind: "unavailable", reason: "no_price", item: product.name, currency: provider.currency };

  const { buyer } = input;
  const returnTo = (orderId: string, canceled: boolean) =>
    appUrl(`/pay/${product.slug}/done`, {
      order_id: orderId,
      key: receiptKey(orderId),
      ...(canceled ? { canceled: "1" } : {}),
    });
  return openCheckout(
    {
      provider,
      lockKey: `${buyer.kind === "account" ? `user:${buyer.userId}` : `tg:${buyer.chatId}`}:${product.id}`,
      purchase: {
        userId: buyer.kind === "account" ? buyer.userId : null,
        telegramChatId: buyer.kind === "telegram" ? buyer.chatId : undefined,
        purpose: "product",
        provider: provider.name,
        amount: price.amount,
        currency: price.currency,
        productId: product.id,
      },
      request: (orderId) => ({
        email: buyer.kind === "account" ? buyer.email : null,
        description: product.name,
        successUrl: returnTo(orderId, false),
        cancelUrl: returnTo(orderId, true),
      }),
    },
    now,
  );
}

/** The buyer's live entitlement to the product, if they already bought it. */
export function findEntitlement(productId: string, buyer: ProductBuyer) {
  return db.entitlement.findFirst({
    where: {
      productId,
      revokedAt: null,
      ...(buyer.kind === "account" ? { userId: buyer.userId } : { telegramChatId: buyer.chatId }),
    },
    include: { payment: { select: { orderId: true } } },
    orderBy: { grantedAt: "desc" },
  });
}

/** A product and its price in the currency it is sold in, for the purchase page. */
export async function getProductForSale(slug: string) {
  const product = await db.product.findFirst({
    where: { slug, active: true },
    include: { prices: true },
  });
  const provider = productProvider();
  const price = product?.prices.find((candidate) => candidate.currency === (provider?.currency ?? "USD"));
  return product && price ? { product, price, payable: provider !== null } : null;
}

/** A product payment with what the receipt page shows about it. */
export function getProductPayment(orderId: string) {
  return db.payment.findFirst({
    where: { orderId, purpose: "product" },
    include: {
      product: true,
      entitlement: true,
      notifications: { where: { kind: "invite_link" }, select: { status: true } },
    },
  });
}
