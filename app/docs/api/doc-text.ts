import { FOUNDATION_ERROR_CODES, type FoundationErrorCode } from "@/lib/api/error-envelope";
import type { OpenApiOperation } from "@/lib/api/openapi";

// The docs page's words for the document's prose, in the reader's language: each operation's
// summary, description and responses, the foundation's error codes and the shared schemas have
// their text in admin.apiDocs of the catalogs (the English one the very text of the document:
// tests/unit/admin-catalog.test.ts compares them). Anything the catalogs do not have yet (a new
// endpoint) is shown as the document says it, so the page is never missing a line.

/** A translator of the admin.apiDocs namespace, however it was obtained. */
export interface DocsTranslator {
  (key: never, values?: never): string;
  has(key: never): boolean;
}

function lookup(t: DocsTranslator, key: string, fallback: string): string {
  return t.has(key as never) ? t(key as never) : fallback;
}

/** The operation's own text, without the access sentence the document appends (the page says it). */
export function operationText(t: DocsTranslator, operation: OpenApiOperation) {
  const id = operation.operationId;
  const responses = Object.fromEntries(
    Object.entries(operation.responses).map(([status, response]) => [
      status,
      lookup(t, `operations.${id}.responses.${status}`, impliedResponse(t, response.description)),
    ]),
  );
  return {
    summary: lookup(t, `operations.${id}.summary`, operation.summary),
    description: t.has(`operations.${id}.description` as never)
      ? t(`operations.${id}.description` as never)
      : withoutAccess(operation.description),
    responses,
  };
}

/** A foundation error the builder adds to every keyed route (`unauthorized`: …), in words. */
function impliedResponse(t: DocsTranslator, description: string): string {
  const code = (Object.keys(FOUNDATION_ERROR_CODES) as FoundationErrorCode[]).find(
    (candidate) => description === `\`${candidate}\`: ${FOUNDATION_ERROR_CODES[candidate]}`,
  );
  return code ? `\`${code}\`: ${errorMeaning(t, code)}` : description;
}

export function errorMeaning(t: DocsTranslator, code: string): string {
  return lookup(t, `errorCodes.${code}`, FOUNDATION_ERROR_CODES[code as FoundationErrorCode] ?? "");
}

export function schemaDescription(t: DocsTranslator, name: string, description: unknown): string | null {
  if (typeof description !== "string") return null;
  return lookup(t, `schemaDescriptions.${name}`, description);
}

/** The document's description less the access sentence its builder appends (lib/api/openapi.ts). */
function withoutAccess(description: string): string {
  const paragraphs = description.split(/\n\s*\n/);
  return paragraphs.slice(0, -1).join("\n\n");
}
