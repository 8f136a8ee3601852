import { PROVIDER_LABEL } from "@/components/billing/payment-labels";
import type { Receipt } from "@/lib/billing/payments/receipt";
import { formatMoney } from "@/lib/billing/pricing";
import { formatDate } from "@/lib/format";

// A receipt in words, once for both its page and its PDF, so the two always say the same thing.

export interface ReceiptLine {
  label: string;
  value: string;
  /** The totals, set apart in both renderings. */
  emphasis?: boolean;
}

export function receiptTitle(receipt: Receipt): string {
  return `Receipt ${receipt.orderId}`;
}

/** The seller's block: name, then the address's lines, then the tax number. */
export function sellerLines(receipt: Receipt): string[] {
  const { name, address, taxId } = receipt.seller;
  return [
    name,
    ...(address ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    ...(taxId ? [`Tax ID: ${taxId}`] : []),
  ];
}

export function itemLabel(item: Receipt["item"]): string {
  switch (item.kind) {
    case "plan":
      return `${item.planName}, ${item.months} ${item.months === 1 ? "month" : "months"}`;
    case "product":
      return item.productName;
    case "topup":
      return "Balance top-up";
  }
}

export function receiptLines(receipt: Receipt): ReceiptLine[] {
  const money = (minor: number) => formatMoney(minor, receipt.currency);
  const lines: ReceiptLine[] = [
    { label: "Receipt number", value: receipt.orderId },
    { label: "Date paid", value: formatDate(receipt.paidAt) },
  ];
  if (receipt.buyer.email) lines.push({ label: "Billed to", value: receipt.buyer.email });
  if (receipt.buyer.telegramChatId) {
    lines.push({ label: "Telegram chat", value: receipt.buyer.telegramChatId });
  }
  lines.push({ label: "Item", value: itemLabel(receipt.item) });
  if (receipt.period?.kind === "until") {
    lines.push({ label: "Period", value: `until ${formatDate(receipt.period.endsAt)}` });
  } else if (receipt.period?.kind === "starts") {
    lines.push({ label: "Period", value: `starts ${formatDate(receipt.period.startsAt)}` });
  }
  if (receipt.paid !== receipt.price) lines.push({ label: "Price", value: money(receipt.price) });
  lines.push({ label: "Amount paid", value: money(receipt.paid), emphasis: receipt.refunded === 0 });
  if (receipt.refunded > 0) {
    lines.push({ label: "Refunded", value: money(receipt.refunded) });
    lines.push({ label: "Net amount", value: money(receipt.net), emphasis: true });
  }
  lines.push({ label: "Payment method", value: PROVIDER_LABEL[receipt.provider] });
  if (receipt.providerRef) lines.push({ label: "Provider reference", value: receipt.providerRef });
  return lines;
}
