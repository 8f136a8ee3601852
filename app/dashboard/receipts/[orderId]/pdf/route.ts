import { authorizeRequest } from "@/lib/auth/session";
import { getReceipt } from "@/lib/billing/payments/receipt";
import { requestLocale } from "@/lib/i18n/request-locale";
import { renderReceiptPdf } from "./receipt-pdf";

// GET from the receipt page's "Download PDF" link: the signed-in customer's receipt as a PDF.
export async function GET(_request: Request, { params }: RouteContext<"/dashboard/receipts/[orderId]/pdf">) {
  const { user, response } = await authorizeRequest();
  if (response) return response;
  const { orderId } = await params;

  // Someone else's order and one without a receipt look the same: as if it did not exist.
  const receipt = await getReceipt(user.id, orderId);
  if (!receipt) return Response.json({ error: "Not found" }, { status: 404 });

  // In the language of the customer downloading it, as the receipt page they came from.
  const pdf = await renderReceiptPdf(receipt, await requestLocale());
  // Order ids are letters, digits, "_" and "-" (lib/record-id.ts): safe inside the quotes.
  const filename = `receipt-${receipt.orderId}.pdf`;
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      // A receipt names the customer: never kept by a shared cache.
      "Cache-Control": "private, no-store",
    },
  });
}
