import type { PaymentStatus } from "@/lib/generated/prisma/enums";

const STYLE: Record<PaymentStatus, { label: string; className: string }> = {
  pending: { label: "Pending", className: "bg-amber-50 text-amber-800 ring-amber-200" },
  partially_paid: { label: "Partially paid", className: "bg-orange-50 text-orange-800 ring-orange-200" },
  completed: { label: "Completed", className: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  failed: { label: "Failed", className: "bg-red-50 text-red-800 ring-red-200" },
  expired: { label: "Expired", className: "bg-slate-100 text-slate-700 ring-slate-200" },
  canceled: { label: "Cancelled", className: "bg-slate-100 text-slate-700 ring-slate-200" },
  refunded: { label: "Refunded", className: "bg-sky-50 text-sky-800 ring-sky-200" },
};

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const { label, className } = STYLE[status];
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${className}`}>
      {label}
    </span>
  );
}
