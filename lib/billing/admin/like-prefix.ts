/**
 * A LIKE pattern matching values that start with `text`: `text%`, with LIKE's own wildcards and
 * its escape character taken literally, so "ord_" matches an underscore, not any character.
 */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
