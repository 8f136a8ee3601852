import { providerLabel } from "@/components/billing/payment-labels";
import type { Receipt } from "@/lib/billing/payments/receipt";
import { formatMoney } from "@/lib/billing/pricing";
import { formatDate } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";
import type { Translator } from "@/lib/i18n/translator";

// A receipt in words, once for both its page and its PDF, so the two always say the same thing,
// in the reader's language: `t` is a root translator for `locale` (getTranslations() on the page,
// translatorFor(locale) for the PDF).

export interface ReceiptLine {
  label: string;
  value: string;
  /** The totals, set apart in both renderings. */
  emphasis?: boolean;
}

export function receiptTitle(t: Translator, receipt: Receipt): string {
  return t("receipt.title", { orderId: receipt.orderId });
}

/** The seller's block: name, then the address's lines, then the tax number. */
export function sellerLines(t: Translator, receipt: Receipt): string[] {
  const { name, address, taxId } = receipt.seller;
  return [
    name,
    ...(address ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    ...(taxId ? [t("receipt.taxId", { taxId })] : []),
  ];
}

export function itemLabel(t: Translator, item: Receipt["item"]): string {
  switch (item.kind) {
    case "plan":
      return t("receipt.plan", { plan: item.planName, months: item.months });
    case "product":
      return item.productName;
    case "topup":
      return t("receipt.topup");
  }
}

export function receiptLines(t: Translator, locale: Locale, receipt: Receipt): ReceiptLine[] {
  const money = (minor: number) => formatMoney(minor, receipt.currency, locale);
  const date = (value: Date) => formatDate(value, locale);
  const lines: ReceiptLine[] = [
    { label: t("receipt.line.number"), value: receipt.orderId },
    { label: t("receipt.line.datePaid"), value: date(receipt.paidAt) },
  ];
  if (receipt.buyer.email) lines.push({ label: t("receipt.line.billedTo"), value: receipt.buyer.email });
  if (receipt.buyer.telegramChatId) {
    lines.push({ label: t("receipt.line.telegramChat"), value: receipt.buyer.telegramChatId });
  }
  lines.push({ label: t("receipt.line.item"), value: itemLabel(t, receipt.item) });
  if (receipt.period?.kind === "until") {
    lines.push({
      label: t("receipt.line.period"),
      value: t("receipt.periodUntil", { date: date(receipt.period.endsAt) }),
    });
  } else if (receipt.period?.kind === "starts") {
    lines.push({
      label: t("receipt.line.period"),
      value: t("receipt.periodStarts", { date: date(receipt.period.startsAt) }),
    });
  }
  if (receipt.paid !== receipt.price)
    lines.push({ label: t("receipt.line.price"), value: money(receipt.price) });
  lines.push({
    label: t("receipt.line.amountPaid"),
    value: money(receipt.paid),
    emphasis: receipt.refunded === 0,
  });
  if (receipt.refunded > 0) {
    lines.push({ label: t("receipt.line.refunded"), value: money(receipt.refunded) });
    lines.push({ label: t("receipt.line.net"), value: money(receipt.net), emphasis: true });
  }
  lines.push({ label: t("receipt.line.method"), value: providerLabel(t, receipt.provider) });
  if (receipt.providerRef) lines.push({ label: t("receipt.line.providerRef"), value: receipt.providerRef });
  return lines;
}
