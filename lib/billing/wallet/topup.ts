import { appUrl } from "@/lib/app-url";
import { openCheckout, type OpenCheckoutResult } from "@/lib/billing/payments/open-checkout";
import { formatMoney } from "@/lib/billing/pricing";
import { topupProvider } from "@/lib/billing/providers/registry";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { env } from "@/lib/env";

// Topping up the wallet: a payment of purpose "topup" in roubles through YooKassa, opened like
// any checkout (lib/billing/payments/open-checkout.ts); the apply path credits the wallet when the
// provider confirms it, exactly once (the ledger entry's source is the payment).

/** The amounts the balance page and the bot offer as buttons, in whole roubles. */
export const TOPUP_PRESETS_RUB = [100, 300, 500, 1000] as const;
export const TOPUP_MIN_RUB = 10;

/** Why an amount of roubles cannot be topped up, or null when it can. */
export function topUpAmountError(rubles: number): string | null {
  const max = env().TOPUP_MAX_RUB;
  if (!Number.isSafeInteger(rubles)) return "Enter a whole number of roubles.";
  if (rubles < TOPUP_MIN_RUB) return `At least ${TOPUP_MIN_RUB} ₽.`;
  if (rubles > max) return `At most ${formatMoney(max * 100, WALLET_CURRENCY)}.`;
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
  },
  now = new Date(),
): Promise<OpenCheckoutResult> {
  const invalid = topUpAmountError(input.rubles);
  if (invalid) return { kind: "unavailable", reason: invalid };
  const provider = topupProvider();
  if (!provider) return { kind: "unavailable", reason: "Top-ups are not available right now." };
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
        description: `Balance top-up, ${formatMoney(amount, WALLET_CURRENCY)}`,
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
