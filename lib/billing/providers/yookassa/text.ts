/**
 * At most `max` characters (code points, so an emoji or a Cyrillic letter is never cut in half),
 * ending in "…" when something was cut. YooKassa refuses a `description` over 128 characters.
 */
export function truncate(text: string, max: number): string {
  const characters = Array.from(text.trim());
  if (characters.length <= max) return characters.join("");
  return `${characters
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}
