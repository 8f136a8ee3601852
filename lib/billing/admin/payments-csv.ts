import { positionOf, type PaymentPosition } from "@/lib/billing/admin/payment-cursor";
import { paymentFilterSql } from "@/lib/billing/admin/payment-filter-sql";
import { assertComparableOrder, type PaymentListQuery } from "@/lib/billing/admin/payment-query";
import { selectPaymentRows, type AdminPaymentRow } from "@/lib/billing/admin/payment-rows";
import { toDecimalString } from "@/lib/billing/money";
import { csvLine } from "@/lib/csv";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Locale } from "@/lib/i18n/locales";
import { translatorFor, type Translator } from "@/lib/i18n/translator";
import { logger } from "@/lib/log";

// The CSV export of the admin payments table: every row the filters match (the page cursor and
// size do not apply), in the table's order, with the table's columns. It walks the set in keyset
// batches and only fetches the next batch when the reader has taken the previous one, so a million
// rows never sit in memory and a client that stops reading stops the queries.
//
// The columns are data: the header names them as identifiers, statuses and providers are their
// codes ("completed", "stripe"), times ISO 8601 in UTC, amounts decimal. Only the purpose is words,
// in the admin's language ("Pro · 12 months" / "Pro · 12 месяцев").

export const CSV_BATCH_SIZE = 2_000;

const HEADER = [
  "created",
  "order_id",
  "customer",
  "purpose",
  "provider",
  "amount",
  "currency",
  "status",
  "provider_ref",
];

export function streamPaymentsCsv(
  query: PaymentListQuery,
  options: { locale: Locale; batchSize?: number },
): ReadableStream<Uint8Array> {
  assertComparableOrder(query);
  const batchSize = options.batchSize ?? CSV_BATCH_SIZE;
  const t = translatorFor(options.locale);
  const csvRow = (row: AdminPaymentRow) => csvLine(csvCells(row, t));
  const encoder = new TextEncoder();
  let where: Prisma.Sql | undefined;
  let after: PaymentPosition | null = null;
  let exported = 0;

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(csvLine(HEADER)));
      },
      async pull(controller) {
        let rows: AdminPaymentRow[];
        try {
          where ??= await paymentFilterSql(query);
          rows = await selectPaymentRows({
            where,
            sort: query.sort,
            dir: query.dir,
            after,
            backwards: false,
            limit: batchSize,
          });
        } catch (error) {
          // The 200 and the first rows are already sent: erroring the stream aborts the response,
          // so the download fails visibly instead of ending as a short file that looks complete.
          logger("admin").error({ rows: exported, err: error }, "payments export failed");
          throw error;
        }
        exported += rows.length;
        if (rows.length > 0) controller.enqueue(encoder.encode(rows.map(csvRow).join("")));
        const last = rows.at(-1);
        if (rows.length < batchSize || !last) controller.close();
        else after = positionOf(last, query.sort);
      },
    },
    // One chunk (one batch) buffered ahead of the reader, no more.
    new CountQueuingStrategy({ highWaterMark: 1 }),
  );
}

function csvCells(row: AdminPaymentRow, t: Translator): (string | null)[] {
  return [
    row.createdAt.toISOString(),
    row.orderId,
    row.email ?? (row.telegramChatId ? `telegram:${row.telegramChatId}` : ""),
    purposeText(row, t),
    row.provider,
    toDecimalString(row.amount, row.currency),
    row.currency,
    row.status,
    row.providerRef,
  ];
}

/** The purpose as the console shows it (components/billing/payment-labels.ts words it alike). */
function purposeText(row: AdminPaymentRow, t: Translator): string {
  if (row.purpose === "subscription" && row.planName) {
    return t("common.purpose.subscription", { plan: row.planName, months: row.months ?? 1 });
  }
  if (row.purpose === "product") return row.productName ?? t("common.purpose.product");
  if (row.purpose === "subscription") return t("admin.payments.planGone");
  return t("common.purpose.topup");
}
