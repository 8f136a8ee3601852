import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { getReceipt } from "@/lib/billing/payments/receipt";
import { receiptLines, receiptTitle, sellerLines } from "../receipt-lines";

export const metadata: Metadata = { title: "Receipt", robots: { index: false } };

// The receipt of one of the signed-in customer's completed payments. It only reads; anyone
// else's order, or a payment that never completed, is a 404 like a page that does not exist.
export default async function ReceiptPage({ params }: PageProps<"/dashboard/receipts/[orderId]">) {
  const user = await requireUser();
  const { orderId } = await params;
  const receipt = await getReceipt(user.id, orderId);
  if (!receipt) notFound();
  const [sellerName, ...sellerDetails] = sellerLines(receipt);

  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">{receiptTitle(receipt)}</h1>
      <Card>
        <div data-testid="receipt-seller" className="text-sm">
          <p className="font-semibold">{sellerName}</p>
          {sellerDetails.map((line) => (
            <p key={line} className="text-slate-600">
              {line}
            </p>
          ))}
        </div>
        <dl className="mt-4 divide-y divide-slate-100 text-sm" data-testid="receipt-lines">
          {receiptLines(receipt).map((line) => (
            <div key={line.label} className="flex justify-between gap-4 py-2">
              <dt className="text-slate-600">{line.label}</dt>
              <dd className={`text-right break-all ${line.emphasis ? "font-semibold" : ""}`}>{line.value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <div className="flex justify-between text-sm">
        <Link href="/dashboard/payments" className="text-brand-700 hover:underline">
          All payments
        </Link>
        {/* A plain link: the PDF is a download, not a page the router can show. */}
        <a
          href={`/dashboard/receipts/${encodeURIComponent(receipt.orderId)}/pdf`}
          className="font-medium text-brand-700 hover:underline"
        >
          Download PDF
        </a>
      </div>
    </div>
  );
}
