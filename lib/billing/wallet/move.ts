import type { Tx } from "@/lib/db";
import { applyLedgerChange } from "./ledger";

/**
 * Moves everything in one customer's wallets into another's, in `tx`: a debit and a credit per
 * currency (ledger kind "transfer"), keyed by `key`, so a retry moves nothing twice. Used when a
 * Telegram chat is linked to a dashboard account: from then on the chat pays as the account, and
 * what the chat had paid in must come along rather than sit where nobody sees it.
 */
export async function moveBalances(
  tx: Tx,
  input: { fromUserId: string; toUserId: string; key: string },
): Promise<{ currency: string; amount: number }[]> {
  const wallets = await tx.$queryRaw<{ currency: string; balance: number }[]>`
    SELECT currency, balance FROM "Wallet" WHERE "userId" = ${input.fromUserId} AND balance > 0 FOR UPDATE`;
  const moved: { currency: string; amount: number }[] = [];
  for (const { currency, balance } of wallets) {
    const out = await applyLedgerChange(tx, {
      userId: input.fromUserId,
      currency,
      kind: "transfer",
      amount: -balance,
      sourceKey: `${input.key}:${currency}:out`,
      description: "Moved to the account that linked the chat",
    });
    if (out.kind !== "applied") continue;
    await applyLedgerChange(tx, {
      userId: input.toUserId,
      currency,
      kind: "transfer",
      amount: balance,
      sourceKey: `${input.key}:${currency}:in`,
      description: "Moved from the Telegram chat's balance",
    });
    moved.push({ currency, amount: balance });
  }
  return moved;
}
