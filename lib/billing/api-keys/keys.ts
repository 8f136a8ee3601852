import { db } from "@/lib/db";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";
import { API_KEY_RECORD, type ApiKeyRecord } from "./queries";
import { displayPrefix, generateApiKey, hashApiKey } from "./secret";

// Creating and revoking /api/v1 keys (the admin page's actions call these). The key itself exists
// only in createApiKey's answer: the row holds its SHA-256 and its display prefix.

export type RevokeApiKeyResult =
  | { kind: "revoked"; record: ApiKeyRecord }
  | { kind: "already_revoked"; record: ApiKeyRecord }
  | { kind: "not_found" };

export async function createApiKey(input: {
  name: string;
  scopes: ApiKeyScope[];
  createdById: string | null;
}): Promise<{ key: string; record: ApiKeyRecord }> {
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) throw new RangeError("an API key needs at least one scope");
  const key = generateApiKey();
  const record = await db.apiKey.create({
    data: {
      name: input.name,
      prefix: displayPrefix(key),
      hash: hashApiKey(key),
      scopes,
      createdById: input.createdById,
    },
    select: API_KEY_RECORD,
  });
  return { key, record };
}

/**
 * Revokes a key for good. Effective on the next request: authentication reads the row every
 * time, nothing caches it. Revoking twice keeps the first time.
 */
export async function revokeApiKey(id: string): Promise<RevokeApiKeyResult> {
  const { count } = await db.apiKey.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const record = await db.apiKey.findUnique({ where: { id }, select: API_KEY_RECORD });
  if (!record) return { kind: "not_found" };
  return count === 1 ? { kind: "revoked", record } : { kind: "already_revoked", record };
}
