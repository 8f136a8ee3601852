import { z } from "zod";

// Keyset pagination cursors: the (createdAt, id) of the last row shown, opaque in the URL.

const cursorSchema = z.object({ createdAt: z.coerce.date(), id: z.string().min(1).max(64) });

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

/** The cursor, or null for anything malformed (the caller then shows the first page). */
export function decodeCursor(value: string | string[] | undefined): { createdAt: Date; id: string } | null {
  if (typeof value !== "string" || value.length > 200) return null;
  const [createdAt, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const parsed = cursorSchema.safeParse({ createdAt, id });
  return parsed.success && !Number.isNaN(parsed.data.createdAt.getTime()) ? parsed.data : null;
}
