import { useLocale, useTranslations } from "next-intl";
import { formatMoney } from "@/lib/billing/pricing";
import type { WalletPage } from "@/lib/billing/wallet/queries";
import { formatDate } from "@/lib/format";

type Operation = WalletPage["operations"][number];

/** How an operation was paid and where it stands: free / charged / refunded / held. */
function state(operation: Operation) {
  if (operation.status === "refunded") return "refunded";
  if (operation.status === "held") return "held";
  if (operation.funding === "free_credit") return "free";
  if (operation.funding === "none") return "noCharge";
  return "charged";
}

/** A customer's operations: date, type, price, and how it was paid, in the reader's language. */
export function OperationsList({ operations }: { operations: WalletPage["operations"] }) {
  const t = useTranslations("dashboard.operations");
  const locale = useLocale();
  if (operations.length === 0) return <p className="text-sm text-slate-600">{t("none")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label={t("label")}>
        <thead className="text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">{t("date")}</th>
            <th className="py-2 pr-4 font-medium">{t("operation")}</th>
            <th className="py-2 pr-4 text-right font-medium">{t("price")}</th>
            <th className="py-2 font-medium">{t("how")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {operations.map((operation) => (
            <tr key={operation.id} data-testid="operation-row">
              <td className="whitespace-nowrap py-2 pr-4">{formatDate(operation.createdAt, locale)}</td>
              <td className="py-2 pr-4">{operation.type.name}</td>
              <td className="whitespace-nowrap py-2 pr-4 text-right">
                {formatMoney(operation.price, operation.currency, locale)}
              </td>
              <td className="py-2" data-testid="operation-state">
                {t(`state.${state(operation)}`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
