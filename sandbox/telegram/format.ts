// What Telegram does with `parse_mode`: the formatted text is parsed into plain text plus
// entities, and malformed markup is refused with 400 "Bad Request: can't parse entities: …".
// Confirmed wording (from bot authors' reports of the real API): `Unsupported start tag "x" at
// byte offset N`, `Can't find end tag corresponding to start tag "b"`, `Unclosed start tag at
// byte offset N`, `Character '.' is reserved and must be escaped with the preceding '\'`.
// Follows TDLib's rules for HTML: only `<` opens markup; `&lt; &gt; &amp; &quot;` and numeric
// entities are decoded, any other `&` stays literal. Chosen here: MarkdownV2 is checked for
// unescaped reserved characters and unclosed entities but yields no entities; legacy
// "Markdown" is passed through as plain text.
import { escapeHtml } from "./http";
import { parseMarkdownV2 } from "./markdown";

export interface Entity {
  type: string;
  offset: number; // UTF-16 code units into the plain text, as Telegram counts
  length: number;
  url?: string;
}

export type Parsed =
  { ok: true; plain: string; entities: Entity[]; safeHtml: string } | { ok: false; error: string };

// prettier-ignore
const TAGS: Record<string, string> = {
  b: "bold", strong: "bold", i: "italic", em: "italic", u: "underline", ins: "underline",
  s: "strikethrough", strike: "strikethrough", del: "strikethrough", span: "spoiler", "tg-spoiler": "spoiler",
  a: "text_link", code: "code", pre: "pre", blockquote: "blockquote", "tg-emoji": "custom_emoji",
};
/** How each entity is shown on the emulator's own chat page (never the sender's raw markup). */
// prettier-ignore
const SHOWN_AS: Record<string, string> = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre", blockquote: "blockquote",
  spoiler: 'span class="spoiler"', custom_emoji: "span",
};
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

export function parseText(text: string, parseMode: string | undefined): Parsed {
  if (parseMode === undefined || parseMode === "" || parseMode === "Markdown") {
    return { ok: true, plain: text, entities: [], safeHtml: escapeHtml(text) };
  }
  if (parseMode === "HTML") return parseHtml(text);
  if (parseMode === "MarkdownV2") return parseMarkdownV2(text);
  return { ok: false, error: "Bad Request: unsupported parse_mode" };
}

function parseHtml(text: string): Parsed {
  const fail = (message: string): Parsed => ({
    ok: false,
    error: `Bad Request: can't parse entities: ${message}`,
  });
  const at = (index: number) => Buffer.byteLength(text.slice(0, index));
  const stack: Array<{ tag: string; type: string; offset: number; url?: string }> = [];
  const entities: Entity[] = [];
  let plain = "";
  let safeHtml = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (c === "&") {
      const m = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-f]{1,6});/i.exec(text.slice(i, i + 12));
      const decoded = m ? decodeEntity(m[1] ?? "") : "&";
      plain += decoded;
      safeHtml += escapeHtml(decoded);
      i += m ? m[0].length : 1;
    } else if (c !== "<") {
      plain += c;
      safeHtml += escapeHtml(c);
      i += 1;
    } else if (text[i + 1] === "/") {
      const open = stack.pop();
      if (!open) return fail(`Unexpected end tag at byte offset ${at(i)}`);
      const close = text.indexOf(">", i);
      if (close < 0) return fail(`Unclosed end tag at byte offset ${at(i)}`);
      const name = text
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      if (name !== "" && name !== open.tag) {
        return fail(
          `Unmatched end tag at byte offset ${at(i)}, expected "</${open.tag}>", found "</${name}>"`,
        );
      }
      if (plain.length > open.offset) {
        const length = plain.length - open.offset;
        entities.push({
          type: open.type,
          offset: open.offset,
          length,
          ...(open.url ? { url: open.url } : {}),
        });
      }
      safeHtml += open.type === "text_link" ? "</a>" : `</${(SHOWN_AS[open.type] ?? "span").split(" ")[0]}>`;
      i = close + 1;
    } else {
      // As TDLib: the name runs to a space or `>`; only then is it checked, then the tag's end.
      const name = /^<([^\s>]*)/.exec(text.slice(i))?.[1]?.toLowerCase() ?? "";
      if (i + 1 + name.length >= text.length) return fail(`Unclosed start tag at byte offset ${at(i)}`);
      const type = TAGS[name];
      if (!type) return fail(`Unsupported start tag "${name}" at byte offset ${at(i)}`);
      const close = tagEnd(text, i + 1 + name.length);
      if (close < 0) return fail(`Unclosed start tag at byte offset ${at(i)}`);
      const attributes = parseAttributes(text.slice(i + 1 + name.length, close));
      if (name === "span" && attributes.class !== "tg-spoiler") {
        return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${at(i)}`);
      }
      stack.push({ tag: name, type, offset: plain.length, url: name === "a" ? attributes.href : undefined });
      const href = attributes.href ?? "";
      safeHtml +=
        type === "text_link"
          ? /^(https?:|tg:|mailto:)/i.test(href)
            ? `<a href="${escapeHtml(href)}" rel="noreferrer">`
            : "<a>"
          : `<${SHOWN_AS[type] ?? "span"}>`;
      i = close + 1;
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed) return fail(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { ok: true, plain, entities: entities.sort((a, b) => a.offset - b.offset), safeHtml };
}

function decodeEntity(name: string): string {
  if (!name.startsWith("#")) return NAMED[name.toLowerCase()] ?? "";
  const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
}

/** Index of the `>` closing a start tag, skipping quoted attribute values; -1 when unclosed. */
function tagEnd(text: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
  }
  return -1;
}

function parseAttributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
    out[(m[1] ?? "").toLowerCase()] = decodeAll(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

const decodeAll = (value: string) =>
  value.replace(/&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (_, name: string) => decodeEntity(name));
