import { authorizeRequest } from "@/lib/auth/session";
import { parsePaymentListParams } from "@/lib/billing/admin/payment-query";
import { streamPaymentsCsv } from "@/lib/billing/admin/payments-csv";
import { requestLocale } from "@/lib/i18n/request-locale";

// GET /admin/payments/export?<the table's filters>: exactly the filtered set as CSV, streamed in
// keyset batches (a million rows never sit in memory). ADMIN only: 401 signed out, 403 customers.
// The columns are codes and numbers; the purpose is worded in the admin's language.
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRequest("ADMIN");
  if (auth.response) return auth.response;
  const query = parsePaymentListParams(new URL(request.url).searchParams);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(streamPaymentsCsv(query, { locale: await requestLocale() }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="payments-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
