import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { db } from "@/lib/db";

// What the balance page, the dashboard and the admin's customer page read of a wallet.

export const LEDGER_PAGE_SIZE = 50;

/** The balance (0 before the first top-up), the latest ledger entries and top-ups. */
export async function getWalletPage(userId: string, currency = WALLET_CURRENCY) {
  const [wallet, topUps, operations] = await Promise.all([
    db.wallet.findUnique({
      where: { userId_currency: { userId, currency } },
      select: {
        balance: true,
        freeOperationsLeft: true,
        entries: {
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: LEDGER_PAGE_SIZE,
          select: {
            id: true,
            kind: true,
            amount: true,
            balanceAfter: true,
            description: true,
            reason: true,
            createdAt: true,
            payment: { select: { orderId: true } },
          },
        },
      },
    }),
    db.payment.findMany({
      where: { userId, purpose: "topup" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
      select: {
        id: true,
        orderId: true,
        amount: true,
        amountRefunded: true,
        currency: true,
        status: true,
        createdAt: true,
        failureReason: true,
      },
    }),
    db.operation.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: LEDGER_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        price: true,
        currency: true,
        funding: true,
        status: true,
        type: { select: { name: true, slug: true } },
      },
    }),
  ]);
  return {
    currency,
    balance: wallet?.balance ?? 0,
    freeOperationsLeft: wallet?.freeOperationsLeft ?? 0,
    entries: wallet?.entries ?? [],
    topUps,
    operations,
  };
}

export type WalletPage = Awaited<ReturnType<typeof getWalletPage>>;

/** The balance alone, for the dashboard's card. */
export async function getBalance(userId: string, currency = WALLET_CURRENCY): Promise<number> {
  const wallet = await db.wallet.findUnique({
    where: { userId_currency: { userId, currency } },
    select: { balance: true },
  });
  return wallet?.balance ?? 0;
}

/** A top-up's outcome for its success screen: what was credited and the balance now. */
export async function getTopUpOutcome(paymentId: string) {
  const entry = await db.ledgerEntry.findFirst({
    where: { paymentId, kind: "topup" },
    select: { amount: true, wallet: { select: { balance: true, currency: true } } },
  });
  return entry
    ? { credited: entry.amount, balance: entry.wallet.balance, currency: entry.wallet.currency }
    : null;
}

/** A top-up by order id, for the bot link's return page (authorised there by its receipt key). */
export function getTopUpPayment(orderId: string) {
  return db.payment.findFirst({
    where: { orderId, purpose: "topup" },
    select: {
      id: true,
      orderId: true,
      userId: true,
      amount: true,
      currency: true,
      status: true,
      failureReason: true,
      provider: true,
      providerRef: true,
      updatedAt: true,
      paymentUrl: true,
      expiresAt: true,
      user: { select: { telegramChatId: true } },
    },
  });
}
