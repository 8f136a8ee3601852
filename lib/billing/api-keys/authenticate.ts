import { Prisma } from "@/lib/generated/prisma/client";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";
import { query } from "@/lib/db";
import { hashApiKey, looksLikeApiKey } from "./secret";

// Runs on every /api/v1 request (lib/http/api.ts): one indexed lookup by the key's hash, and at
// most once a minute per key one conditional write of lastUsedAt. No cache: revoking a key (or
// changing its scopes) takes effect on the next request.
//
// Why a lookup by hash and no constant-time comparison: a caller controls the key they send, not
// its SHA-256. What the index's comparisons could leak through timing is how much of a stored
// hash matches the hash of a guess, and even a whole stored hash does not give back its key
// (SHA-256 is preimage-resistant, and the key is 256 random bits). No byte of a key is ever
// compared to a secret.

export interface AuthenticatedApiKey {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
}

interface KeyRow {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  revoked: boolean;
  /** lastUsedAt is unset or over a minute old: this request writes it. */
  stale: boolean;
}

/** Prisma keeps DateTime as UTC in `timestamp` columns: this is now() in those terms. */
const UTC_NOW = Prisma.raw(`(now() AT TIME ZONE 'UTC')`);

/** The key a bearer token names, or null if it is missing, not a key, unknown or revoked. */
export async function authenticateApiKey(
  bearerToken: string | null | undefined,
): Promise<AuthenticatedApiKey | null> {
  if (!bearerToken || !looksLikeApiKey(bearerToken)) return null;
  // Through node-postgres as one named statement, as on the webhook path (lib/db.ts): this runs
  // before every API call. scopes is cast to text[], which node-postgres parses into an array.
  // Times are compared in SQL, where Prisma's UTC `timestamp` columns are (see touchLastUsed).
  const [row] = await query<KeyRow>(Prisma.sql`
    SELECT id, name, scopes::text[] AS scopes, "revokedAt" IS NOT NULL AS revoked,
      ("lastUsedAt" IS NULL OR "lastUsedAt" < ${UTC_NOW} - interval '1 minute') AS stale
    FROM "ApiKey" WHERE hash = ${hashApiKey(bearerToken)}`);
  if (!row || row.revoked) return null;
  if (row.stale) await touchLastUsed(row.id);
  return { id: row.id, name: row.name, scopes: row.scopes };
}

/**
 * The condition repeats the read's test: of several requests that saw a stale lastUsedAt at
 * once, one writes and the rest change nothing. A hot key so writes once a minute, not per call.
 */
async function touchLastUsed(id: string): Promise<void> {
  await query(Prisma.sql`
    UPDATE "ApiKey" SET "lastUsedAt" = ${UTC_NOW}
    WHERE id = ${id} AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ${UTC_NOW} - interval '1 minute')`);
}
