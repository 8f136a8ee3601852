import { getServerSession } from "next-auth";
import { renderToString } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as downloadPdf } from "@/app/dashboard/receipts/[orderId]/pdf/route";
import ReceiptPage from "@/app/dashboard/receipts/[orderId]/page";
import { receiptLines, sellerLines } from "@/app/dashboard/receipts/receipt-lines";
import { addMonths } from "@/lib/billing/calendar";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { getReceipt } from "@/lib/billing/payments/receipt";
import { db } from "@/lib/db";
import { translatorFor } from "@/lib/i18n/translator";
import { customer, paidPlanPayment, pendingPlanPayment } from "./helpers";
import { pdfText } from "../support/pdf-text";
import { testRequest } from "../support/test-request";

// Receipts through the real apply path: what a completed payment's receipt says, that a refund
// shows with the net amount, and that nobody gets a receipt for someone else's order or for a
// payment that has not completed. The page and the PDF are rendered from the same read.

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getServerSession: vi.fn(),
}));
const signedInAs = (userId: string) =>
  vi.mocked(getServerSession).mockResolvedValue({ user: { id: userId }, expires: "2999-01-01" });

const NOW = new Date("2026-11-23T10:00:00Z");

async function paidPlan(options: { plan?: string; months?: 1 | 12; currency?: string } = {}) {
  const user = await customer("receipt");
  return { user, ...(await paidPlanPayment(user.id, { ...options, now: NOW })) };
}

const words = (lines: { label: string; value: string }[]) =>
  Object.fromEntries(lines.map((line) => [line.label, line.value]));
const en = translatorFor("en");

beforeEach(() => {
  vi.mocked(getServerSession).mockReset();
  delete process.env.SELLER_NAME;
  delete process.env.SELLER_ADDRESS;
  delete process.env.SELLER_TAX_ID;
});
afterEach(() => {
  delete process.env.SELLER_NAME;
  delete process.env.SELLER_ADDRESS;
  delete process.env.SELLER_TAX_ID;
});

describe("a customer's receipt", () => {
  it("of a completed plan payment names the amount, the plan, the period's end and the seller", async () => {
    process.env.SELLER_NAME = "Acme Software Ltd";
    process.env.SELLER_ADDRESS = "1 Main Street\nSpringfield";
    process.env.SELLER_TAX_ID = "GB123456789";
    const { user, payment } = await paidPlan({ plan: "pro", months: 12 });

    const receipt = await getReceipt(user.id, payment.orderId);

    expect(receipt).toMatchObject({
      orderId: payment.orderId,
      paidAt: NOW,
      seller: { name: "Acme Software Ltd", address: "1 Main Street\nSpringfield", taxId: "GB123456789" },
      buyer: { email: user.email, telegramChatId: null },
      item: { kind: "plan", planName: "Pro", months: 12 },
      period: { kind: "until", endsAt: addMonths(NOW, 12) },
      currency: "USD",
      price: 322_920,
      paid: 322_920,
      refunded: 0,
      net: 322_920,
      provider: "cryptocloud",
      providerRef: payment.providerRef,
    });
    expect(sellerLines(en, receipt!)).toEqual([
      "Acme Software Ltd",
      "1 Main Street",
      "Springfield",
      "Tax ID: GB123456789",
    ]);
    const lines = words(receiptLines(en, "en", receipt!));
    expect(lines).toMatchObject({
      "Receipt number": payment.orderId,
      "Date paid": "23 Nov 2026",
      "Billed to": user.email,
      Item: "Pro, 12 months",
      Period: "until 23 Nov 2027",
      "Amount paid": "$3,229.20",
      "Payment method": "Crypto (CryptoCloud)",
      "Provider reference": payment.providerRef,
    });
    expect(lines).not.toHaveProperty("Refunded");
  });

  it("names the app as the seller while SELLER_NAME is unset", async () => {
    const { user, payment } = await paidPlan();
    const receipt = await getReceipt(user.id, payment.orderId);
    expect(receipt?.seller).toEqual({ name: "Billing Dashboard", address: null, taxId: null });
  });

  it("of a partially refunded payment shows the refund and the net amount", async () => {
    const { user, payment } = await paidPlan({ plan: "pro", months: 1 });
    // A partial refund leaves the payment completed and counts what went back.
    await db.payment.update({ where: { id: payment.id }, data: { amountRefunded: 1_290 } });

    const receipt = await getReceipt(user.id, payment.orderId);

    expect(receipt).toMatchObject({ paid: 29_900, refunded: 1_290, net: 28_610 });
    expect(words(receiptLines(en, "en", receipt!))).toMatchObject({
      "Amount paid": "$299.00",
      Refunded: "$12.90",
      "Net amount": "$286.10",
    });
  });

  it("of a payment refunded in full says so, with nothing left to pay", async () => {
    const { user, payment, report } = await paidPlan();
    await applyProviderReport(
      { ...report, status: "refunded", providerStatus: "refunded" },
      { source: "admin", now: new Date(NOW.getTime() + 60_000) },
    );

    const receipt = await getReceipt(user.id, payment.orderId);

    expect(receipt).toMatchObject({ paid: payment.amount, refunded: payment.amount, net: 0 });
  });

  it("is nobody else's: another customer's order gives null", async () => {
    const { payment } = await paidPlan();
    const other = await customer("other");
    expect(await getReceipt(other.id, payment.orderId)).toBeNull();
  });

  it("does not exist for a payment that has not completed, or for an id that is no order id", async () => {
    const user = await customer("pending");
    const pending = await pendingPlanPayment(user.id);
    expect(await getReceipt(user.id, pending.orderId)).toBeNull();
    expect(await getReceipt(user.id, "ord_\u0000nul")).toBeNull();
  });
});

describe("the receipt's page and PDF", () => {
  it("show the owner the same receipt, and answer 404 to anyone else", async () => {
    process.env.SELLER_NAME = "ООО «Ромашка»"; // not Latin-1: the PDF must still write it
    const { user, payment } = await paidPlan({ plan: "pro", months: 1 });
    const params = Promise.resolve({ orderId: payment.orderId });

    signedInAs(user.id);
    const html = renderToString(await ReceiptPage({ params, searchParams: Promise.resolve({}) }));
    expect(html).toContain("$299.00");
    expect(html).toContain("ООО «Ромашка»");
    expect(html).toContain(`/dashboard/receipts/${payment.orderId}/pdf`);

    const response = await downloadPdf(new Request("http://localhost/"), { params });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="receipt-${payment.orderId}.pdf"`,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const text = await pdfText(bytes);
    expect(text).toContain("$299.00");
    expect(text).toContain("Pro, 1 month");
    expect(text).toContain("ООО «Ромашка»");
    expect(text).toContain(payment.orderId);

    const other = await customer("intruder");
    signedInAs(other.id);
    expect((await downloadPdf(new Request("http://localhost/"), { params })).status).toBe(404);
    await expect(ReceiptPage({ params, searchParams: Promise.resolve({}) })).rejects.toMatchObject({
      digest: expect.stringContaining("404"),
    });
  });

  it("writes a rouble amount with its sign", async () => {
    const { user, payment } = await paidPlan({ plan: "pro", months: 1, currency: "RUB" });
    signedInAs(user.id);
    const response = await downloadPdf(new Request("http://localhost/"), {
      params: Promise.resolve({ orderId: payment.orderId }),
    });
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain("₽2,290.00");
  });

  it("are in Russian for a Russian reader, with roubles as Russians write them", async () => {
    process.env.SELLER_TAX_ID = "7701234567";
    const { user, payment } = await paidPlan({ plan: "pro", months: 12, currency: "RUB" });
    const params = Promise.resolve({ orderId: payment.orderId });
    signedInAs(user.id);
    testRequest.acceptLanguage = "ru-RU,ru;q=0.9,en;q=0.8";

    const html = renderToString(await ReceiptPage({ params, searchParams: Promise.resolve({}) }));
    expect(html).toContain(`Квитанция ${payment.orderId}`);
    expect(html).toContain("Скачать PDF");

    const response = await downloadPdf(new Request("http://localhost/"), { params });
    expect(response.status).toBe(200);
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain("Квитанция об оплате");
    expect(text).toContain(`Номер квитанции ${payment.orderId}`);
    // Intl writes "24 732,00 ₽" with no-break spaces; pdfText, like a reader, sees plain ones.
    expect(text).toContain("Оплачено 24 732,00 ₽");
    expect(text).toContain("Pro, 12 месяцев");
    expect(text).toContain("ИНН: 7701234567");
    expect(text).toContain("Дата оплаты 23 нояб. 2026 г.");
    expect(text).not.toContain("Amount paid");
  });
});
