import { appUrl } from "@/lib/app-url";
import { openCheckout, type OpenCheckoutResult } from "@/lib/billing/payments/open-checkout";
import { formatMoney } from "@/lib/billing/pricing";
import { topupProvider } from "@/lib/billing/providers/registry";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locales";
import { localeOrDefault, translatorFor } from "@/lib/i18n/translator";

// Topping up the wallet: a payment of purpose "topup" in roubles through YooKassa, opened like
// any checkout (lib/billing/payments/open-checkout.ts); the apply path credits the wallet when the
// provider confirms it, exactly once (the ledger entry's source is the payment).

/** The amounts the balance page and the bot offer as buttons, in whole roubles. */
export const TOPUP_PRESETS_RUB = [100, 300, 500, 1000] as const;
export const TOPUP_MIN_RUB = 10;

/**
 * Why an amount of roubles cannot be topped up (not whole, under TOPUP_MIN_RUB, over
 * TOPUP_MAX_RUB), or null when it can; the form says it in words (lib/validations/topup.ts).
 */
export function topUpAmountError(rubles: number): "not_whole" | "too_small" | "too_big" | null {
  if (!Number.isSafeInteger(rubles)) return "not_whole";
  if (rubles < TOPUP_MIN_RUB) return "too_small";
  if (rubles > env().TOPUP_MAX_RUB) return "too_big";
  return null;
}

export async function startTopUp(
  input: {
    userId: string;
    /** For the provider's receipt; null for a Telegram-only customer. */
    email: string | null;
    rubles: number;
    /** Where the buyer comes back: the dashboard's success screen, or the bot link's own. */
    returnTo: (orderId: string) => string;
    /** The buyer's language, for what YooKassa shows and puts on its receipt. */
    locale?: Locale;
  },
  now = new Date(),
): Promise<OpenCheckoutResult> {
  const locale = localeOrDefault(input.locale);
  if (topUpAmountError(input.rubles)) return { kind: "unavailable", reason: "amount_invalid" };
  const provider = topupProvider();
  if (!provider) return { kind: "unavailable", reason: "method_unavailable", purpose: "topup" };
  const amount = input.rubles * 100;
  return openCheckout(
    {
      provider,
      lockKey: `topup:${input.userId}`,
      purchase: {
        userId: input.userId,
        purpose: "topup",
        provider: provider.name,
        amount,
        currency: WALLET_CURRENCY,
      },
      request: (orderId) => ({
        email: input.email,
        description: translatorFor(locale)("dashboard.topUp.description", {
          amount: formatMoney(amount, WALLET_CURRENCY, locale),
        }),
        successUrl: input.returnTo(orderId),
        cancelUrl: input.returnTo(orderId),
      }),
    },
    now,
  );
}

/** The signed-in customer's return: the dashboard's payment screen. */
export function dashboardReturn(orderId: string): string {
  return appUrl("/dashboard/payment/success", { order_id: orderId });
}
