import { PDFDocument, rgb, type PDFPage } from "pdf-lib";
import type { Receipt } from "@/lib/billing/payments/receipt";
import { INTL_LOCALE, type Locale } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translator";
import { receiptLines, receiptTitle, sellerLines } from "../../receipt-lines";
import { embedFaces, type Face } from "./pdf-fonts";

// The receipt as an A4 PDF, with the same lines as its page (receipt-lines.ts), in `locale`: the
// language of whoever downloads it.

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const LABEL_WIDTH = 150;
const BODY = 10;
const TEXT = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.28, 0.33, 0.41);
const RULE = rgb(0.89, 0.91, 0.94);

export async function renderReceiptPdf(receipt: Receipt, locale: Locale): Promise<Uint8Array> {
  const t = translatorFor(locale);
  const doc = await PDFDocument.create();
  const faces = await embedFaces(doc);
  const [sellerName = "", ...sellerDetails] = sellerLines(t, receipt);
  doc.setTitle(receiptTitle(t, receipt));
  doc.setLanguage(INTL_LOCALE[locale]);
  doc.setAuthor(sellerName);
  doc.setCreationDate(receipt.paidAt);

  const page = doc.addPage(A4);
  const [width, height] = A4;
  const right = width - MARGIN;
  const rule = (y: number) =>
    page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, thickness: 0.5, color: RULE });
  let y = height - MARGIN;

  y = line(page, faces.bold, t("receipt.heading"), { x: MARGIN, y, size: 22 });
  y -= 10;
  y = line(page, faces.bold, sellerName, { x: MARGIN, y, size: 11 });
  for (const detail of sellerDetails) {
    y = line(page, faces.regular, detail, { x: MARGIN, y, size: BODY, color: MUTED });
  }
  y -= 18;

  for (const entry of receiptLines(t, locale, receipt)) {
    rule(y + 4);
    y -= 8;
    const face = entry.emphasis ? faces.bold : faces.regular;
    line(page, faces.regular, entry.label, { x: MARGIN, y, size: BODY, color: MUTED });
    // Long values (a provider's reference, an email) wrap inside the value column, right-aligned.
    for (const part of wrap(entry.value, face, BODY, right - MARGIN - LABEL_WIDTH)) {
      y = line(page, face, part, { x: right - face.width(part, BODY), y, size: BODY });
    }
    y -= 6;
  }
  rule(y + 4);

  return doc.save();
}

/** Draws one line of text with its top at `y`; returns the top of the next line. */
function line(
  page: PDFPage,
  face: Face,
  text: string,
  options: { x: number; y: number; size: number; color?: ReturnType<typeof rgb> },
): number {
  const { x, y, size, color = TEXT } = options;
  face.draw(page, text, { x, y: y - size, size, color });
  return y - size * 1.4;
}

/** Splits `text` into lines no wider than `maxWidth`: at spaces where it can, else anywhere. */
function wrap(text: string, face: Face, size: number, maxWidth: number): string[] {
  const fits = (candidate: string) => face.width(candidate, size) <= maxWidth;
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    const candidate = current ? `${current} ${word}` : word;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = "";
    for (const char of word) {
      if (!fits(current + char) && current) {
        lines.push(current);
        current = "";
      }
      current += char;
    }
  }
  if (current) lines.push(current);
  return lines;
}
