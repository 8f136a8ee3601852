import { z } from "zod";
import { RECORD_ID } from "@/lib/record-id";

// Keyset pagination cursors: the (createdAt, id) of the last row shown, opaque in the URL.

// Bounded so that no decodable cursor can make the query itself fail (a timestamp PostgreSQL
// cannot hold, a NUL byte in text): a crafted cursor must end up as "first page", never a 500.
export const cursorCreatedAt = z.iso
  .datetime()
  .transform((text) => new Date(text))
  .refine((date) => date.getUTCFullYear() >= 1970);
export const cursorId = z.string().regex(RECORD_ID);

const cursorSchema = z.object({ createdAt: cursorCreatedAt, id: cursorId });

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

/** The cursor, or null for anything malformed (the caller then shows the first page). */
export function decodeCursor(value: string | string[] | undefined): { createdAt: Date; id: string } | null {
  if (typeof value !== "string" || value.length > 200) return null;
  const [createdAt, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const parsed = cursorSchema.safeParse({ createdAt, id });
  return parsed.success ? parsed.data : null;
}
