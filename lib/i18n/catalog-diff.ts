// Compares two message catalogs: keys present in one and not the other, and messages whose
// placeholders differ ("{amount}" in English, "{sum}" in Russian would render a hole). Used by
// tests/unit/catalogs.test.ts; kept here so the check itself can be tested on a broken catalog.

type Catalog = { [key: string]: string | Catalog };

function flatten(catalog: Catalog, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

/** The argument names of an ICU message: "{count, plural, one {# day} …}" → ["count"]. */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((match) => match[1]!))].sort();
}

export function catalogDiff(reference: Catalog, other: Catalog) {
  const a = flatten(reference);
  const b = flatten(other);
  return {
    missing: [...a.keys()].filter((key) => !b.has(key)),
    extra: [...b.keys()].filter((key) => !a.has(key)),
    placeholders: [...a.keys()].filter(
      (key) => b.has(key) && placeholders(a.get(key)!).join() !== placeholders(b.get(key)!).join(),
    ),
    empty: [...b.entries()].filter(([, text]) => text.trim() === "").map(([key]) => key),
  };
}
