import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { getReceipt } from "@/lib/billing/payments/receipt";
import { receiptLines, receiptTitle, sellerLines } from "../receipt-lines";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("receipt");
  return { title: t("metaTitle"), robots: { index: false } };
}

// The receipt of one of the signed-in customer's completed payments. It only reads; anyone
// else's order, or a payment that never completed, is a 404 like a page that does not exist.
export default async function ReceiptPage({ params }: PageProps<"/dashboard/receipts/[orderId]">) {
  const user = await requireUser();
  const { orderId } = await params;
  const receipt = await getReceipt(user.id, orderId);
  if (!receipt) notFound();
  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  const [sellerName, ...sellerDetails] = sellerLines(t, receipt);

  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">{receiptTitle(t, receipt)}</h1>
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
          {receiptLines(t, locale, receipt).map((line) => (
            <div key={line.label} className="flex justify-between gap-4 py-2">
              <dt className="text-slate-600">{line.label}</dt>
              <dd className={`text-right break-all ${line.emphasis ? "font-semibold" : ""}`}>{line.value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <div className="flex justify-between text-sm">
        <Link href="/dashboard/payments" className="text-brand-700 hover:underline">
          {t("receipt.allPayments")}
        </Link>
        {/* A plain link: the PDF is a download, not a page the router can show. */}
        <a
          href={`/dashboard/receipts/${encodeURIComponent(receipt.orderId)}/pdf`}
          className="font-medium text-brand-700 hover:underline"
        >
          {t("receipt.downloadPdf")}
        </a>
      </div>
    </div>
  );
}
