// parse_mode "MarkdownV2", checked the way Telegram refuses it: every character of
// `_*[]()~`>#+-=|{}.!` that is not markup must be escaped with `\` (the classic failure is an
// amount such as "49.00" or a date such as "2026-01-31"), and every entity must be closed.
// Chosen here: the text is validated and reduced to plain text, but no entities are reported.
import type { Parsed } from "./format";
import { escapeHtml } from "./http";

const RESERVED = "_*[]()~`>#+-=|{}.!";
const TOGGLES = ["||", "__", "*", "_", "~"];

export function parseMarkdownV2(text: string): Parsed {
  const fail = (message: string): Parsed => ({
    ok: false,
    error: `Bad Request: can't parse entities: ${message}`,
  });
  const at = (index: number) => Buffer.byteLength(text.slice(0, index));
  const open = new Map<string, number>(); // marker → index where it was opened
  let plain = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (c === "\\" && i + 1 < text.length) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    const fence = text.startsWith("```", i) ? "```" : c === "`" ? "`" : null;
    if (fence) {
      // Code: nothing inside is markup; only ` and \ need escaping there.
      const end = findClosing(text, i + fence.length, fence);
      if (end < 0) return fail(`Can't find end of the entity starting at byte offset ${at(i)}`);
      let code = text.slice(i + fence.length, end).replace(/\\([`\\])/g, "$1");
      if (fence === "```") code = code.replace(/^[^\n]*\n/, ""); // the language line
      plain += code;
      i = end + fence.length;
      continue;
    }
    const toggle = TOGGLES.find((marker) => text.startsWith(marker, i));
    if (toggle) {
      if (open.has(toggle)) open.delete(toggle);
      else open.set(toggle, i);
      i += toggle.length;
      continue;
    }
    if (c === "[" || (c === "!" && text[i + 1] === "[")) {
      open.set("[", i);
      i += c === "!" ? 2 : 1;
      continue;
    }
    if (c === "]" && open.has("[")) {
      const close = text[i + 1] === "(" ? text.indexOf(")", i + 2) : -1;
      if (close < 0) return fail(`Can't find end of a URL at byte offset ${at(i)}`);
      open.delete("[");
      i = close + 1;
      continue;
    }
    if (c === ">" && (i === 0 || text[i - 1] === "\n")) {
      i += 1; // a blockquote line
      continue;
    }
    if (RESERVED.includes(c)) {
      return fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    plain += c;
    i += 1;
  }
  const first = Math.min(...open.values());
  if (open.size > 0) return fail(`Can't find end of the entity starting at byte offset ${at(first)}`);
  return { ok: true, plain, entities: [], safeHtml: escapeHtml(plain) };
}

function findClosing(text: string, from: number, fence: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") i += 1;
    else if (text.startsWith(fence, i)) return i;
  }
  return -1;
}
