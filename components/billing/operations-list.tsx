import { formatMoney } from "@/lib/billing/pricing";
import type { WalletPage } from "@/lib/billing/wallet/queries";
import { formatDate } from "@/lib/format";

/** How an operation was paid and where it stands, in words. */
function state(operation: WalletPage["operations"][number]): string {
  if (operation.status === "refunded") return "refunded";
  if (operation.status === "held") return "held";
  if (operation.funding === "free_credit") return "free";
  if (operation.funding === "none") return "free (no charge)";
  return "charged";
}

/** A customer's operations: date, type, price, and free / charged / refunded / held. */
export function OperationsList({ operations }: { operations: WalletPage["operations"] }) {
  if (operations.length === 0) return <p className="text-sm text-slate-600">No operations yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Operations">
        <thead className="text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Date</th>
            <th className="py-2 pr-4 font-medium">Operation</th>
            <th className="py-2 pr-4 text-right font-medium">Price</th>
            <th className="py-2 font-medium">How</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {operations.map((operation) => (
            <tr key={operation.id} data-testid="operation-row">
              <td className="whitespace-nowrap py-2 pr-4">{formatDate(operation.createdAt)}</td>
              <td className="py-2 pr-4">{operation.type.name}</td>
              <td className="whitespace-nowrap py-2 pr-4 text-right">
                {formatMoney(operation.price, operation.currency)}
              </td>
              <td className="py-2" data-testid="operation-state">
                {state(operation)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
