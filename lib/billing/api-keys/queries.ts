import { db } from "@/lib/db";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";

// What the admin page reads of API keys. The hash never leaves the database through here.

export const API_KEY_RECORD = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdById: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdById: string | null;
  createdAt: Date;
  /** Written at most once a minute per key (authenticate.ts), so accurate to a minute. */
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export type ApiKeyListItem = ApiKeyRecord & { createdByEmail: string | null };

/** Every key, active ones first, newest first within each group. */
export async function listApiKeys(): Promise<ApiKeyListItem[]> {
  const keys = await db.apiKey.findMany({
    select: API_KEY_RECORD,
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { id: "desc" }],
  });
  // ApiKey.createdById has no relation (an admin's account may go; the key's history stays).
  const creatorIds = [...new Set(keys.flatMap((key) => (key.createdById ? [key.createdById] : [])))];
  const creators = creatorIds.length
    ? await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, email: true } })
    : [];
  const emailOf = new Map(creators.map((user) => [user.id, user.email]));
  return keys.map((key) => ({
    ...key,
    createdByEmail: key.createdById ? (emailOf.get(key.createdById) ?? null) : null,
  }));
}
