// Step 1: the raw body, exactly as sent (signatures are computed over raw bytes), with a size cap
// so a hostile sender can't make us buffer megabytes. Provider payloads are a few KiB, and always
// UTF-8 text without NUL bytes (JSON or a form): anything else is refused here, and what is
// recorded of it is an escaped copy, since PostgreSQL's text refuses U+0000.

export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

export type ReadBody =
  | { kind: "ok"; body: string }
  | { kind: "too-large"; reason: string }
  /** `recorded` is what may be stored: invalid bytes replaced, NULs written as \u0000. */
  | { kind: "unreadable"; reason: string; recorded: string };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export async function readLimitedBody(request: Request, limit = MAX_WEBHOOK_BODY_BYTES): Promise<ReadBody> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return { kind: "too-large", reason: `body of ${declared} bytes exceeds ${limit}` };
  if (!request.body) return { kind: "ok", body: "" };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { kind: "too-large", reason: `body exceeds ${limit} bytes` };
    }
    chunks.push(value);
  }
  return decode(Buffer.concat(chunks));
}

export function decode(bytes: Uint8Array): ReadBody {
  let body: string;
  try {
    body = strictUtf8.decode(bytes);
  } catch {
    return {
      kind: "unreadable",
      reason: "body is not valid UTF-8",
      recorded: escapeNul(Buffer.from(bytes).toString("utf8")),
    };
  }
  if (body.includes("\u0000")) {
    return { kind: "unreadable", reason: "body contains a NUL byte", recorded: escapeNul(body) };
  }
  return { kind: "ok", body };
}

/** Text PostgreSQL accepts: U+0000 written out as the six characters \u0000. */
export function escapeNul(text: string): string {
  return text.replaceAll("\u0000", "\\u0000");
}
