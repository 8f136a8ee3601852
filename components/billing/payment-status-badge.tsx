import { useTranslations } from "next-intl";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";

// One spelling of each status everywhere: the words come from common.status in the catalogs.
const STYLE: Record<PaymentStatus, { className: string }> = {
  pending: { className: "bg-amber-50 text-amber-800 ring-amber-200" },
  partially_paid: { className: "bg-orange-50 text-orange-800 ring-orange-200" },
  completed: { className: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  failed: { className: "bg-red-50 text-red-800 ring-red-200" },
  expired: { className: "bg-slate-100 text-slate-700 ring-slate-200" },
  canceled: { className: "bg-slate-100 text-slate-700 ring-slate-200" },
  refunded: { className: "bg-sky-50 text-sky-800 ring-sky-200" },
};

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const t = useTranslations("common.status");
  const { className } = STYLE[status];
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${className}`}>
      {t(status)}
    </span>
  );
}
