// Shared by the integration and end-to-end tests of receipts: a PDF's text as a reader extracts it.

/** The text of every page of a PDF, as pdf.js extracts it (whitespace collapsed). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: bytes }).promise;
  const parts: string[] = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const content = await (await doc.getPage(number)).getTextContent();
    // Items are runs of text; pdf.js adds the spaces it sees between them and marks line ends.
    for (const item of content.items) if ("str" in item) parts.push(item.str, item.hasEOL ? " " : "");
  }
  await doc.destroy();
  return parts.join("").replace(/\s+/g, " ");
}
