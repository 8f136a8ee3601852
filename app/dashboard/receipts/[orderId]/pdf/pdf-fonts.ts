import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont, PDFPage, RGB } from "pdf-lib";

// Fonts for the receipt PDF. The 14 standard PDF fonts encode only Latin-1, so "₽" or a Cyrillic
// name or address could not be written with them. Noto Sans is embedded instead (SIL Open Font
// License), from @fontsource/noto-sans, which ships it split by script: each character is drawn
// with the first file that has it, and each file is subset to the glyphs used, so a receipt stays
// a few kilobytes. (The whole-font TTFs we tried came out blank where pdf-lib subset them.)

const SCRIPTS = ["latin", "latin-ext", "cyrillic", "cyrillic-ext"] as const;
const WEIGHTS = { regular: 400, bold: 700 } as const;
export type Weight = keyof typeof WEIGHTS;

const FONT_DIR = path.join(process.cwd(), "node_modules", "@fontsource", "noto-sans", "files");
const fontFile = (script: string, weight: number) =>
  path.join(FONT_DIR, `noto-sans-${script}-${weight}-normal.woff`);

// Read once per process: the files never change while the app runs.
let fontBytes: Promise<Record<Weight, Uint8Array[]>> | undefined;
function loadFontBytes() {
  if (!fontBytes) {
    const read = (weight: number) => Promise.all(SCRIPTS.map((script) => readFile(fontFile(script, weight))));
    const loading = Promise.all([read(WEIGHTS.regular), read(WEIGHTS.bold)]).then(([regular, bold]) => ({
      regular,
      bold,
    }));
    // A failed read is tried again by the next request rather than kept as the answer.
    loading.catch(() => {
      if (fontBytes === loading) fontBytes = undefined;
    });
    fontBytes = loading;
  }
  return fontBytes;
}

/** One weight of the typeface: measures and draws text, each character with a font that has it. */
export class Face {
  private readonly coverage: Set<number>[];

  constructor(private readonly fonts: PDFFont[]) {
    this.coverage = fonts.map((font) => new Set(font.getCharacterSet()));
  }

  width(text: string, size: number): number {
    return this.runs(text).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);
  }

  draw(page: PDFPage, text: string, options: { x: number; y: number; size: number; color: RGB }): void {
    let x = options.x;
    for (const run of this.runs(text)) {
      page.drawText(run.text, { ...options, x, font: run.font });
      x += run.font.widthOfTextAtSize(run.text, options.size);
    }
  }

  /** Consecutive characters that the same font draws. A character no font has gets the first's blank. */
  private runs(text: string): { text: string; font: PDFFont }[] {
    const runs: { text: string; font: PDFFont }[] = [];
    for (const char of text) {
      const index = Math.max(
        0,
        this.coverage.findIndex((set) => set.has(char.codePointAt(0)!)),
      );
      const font = this.fonts[index]!;
      const last = runs.at(-1);
      if (last?.font === font) last.text += char;
      else runs.push({ text: char, font });
    }
    return runs;
  }
}

/** Embeds both weights into `doc`; only the glyphs drawn end up in the file. */
export async function embedFaces(doc: PDFDocument): Promise<Record<Weight, Face>> {
  doc.registerFontkit(fontkit);
  const bytes = await loadFontBytes();
  const embed = async (files: Uint8Array[]) =>
    new Face(await Promise.all(files.map((file) => doc.embedFont(file, { subset: true }))));
  const [regular, bold] = await Promise.all([embed(bytes.regular), embed(bytes.bold)]);
  return { regular, bold };
}
