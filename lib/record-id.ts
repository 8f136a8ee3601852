/**
 * What our record ids look like (cuid, and the "seed_…" ids of generated data). Checked before an
 * id from a URL reaches a query: PostgreSQL refuses a NUL byte in text, and that must be a 404,
 * not a 500.
 */
export const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isRecordId(value: string): boolean {
  return RECORD_ID.test(value);
}
