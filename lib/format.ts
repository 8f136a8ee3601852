/** Dates as customers read them: "23 Nov 2026", always in UTC so server and browser agree. */
export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}

/** "2026-11-23 14:05:09 UTC": admins compare times across pages and logs, so always UTC. */
export function formatDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
