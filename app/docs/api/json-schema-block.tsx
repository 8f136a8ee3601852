import type { JsonSchema } from "@/lib/api/openapi";

/** A JSON Schema, pretty-printed; a reference to a shared schema links to it below. */
export function JsonSchemaBlock({ schema, label }: { schema: JsonSchema; label: string }) {
  const ref = typeof schema.$ref === "string" ? schema.$ref : null;
  if (ref?.startsWith("#/components/schemas/")) {
    const name = ref.slice("#/components/schemas/".length);
    return (
      <p className="text-sm">
        {label}:{" "}
        <a href={`#schema-${name}`} className="font-mono text-brand-700 hover:underline">
          {name}
        </a>
      </p>
    );
  }
  return (
    <div className="space-y-1">
      <p className="text-sm text-slate-600">{label}:</p>
      {/* Focusable: a schema wider than the page scrolls, and a keyboard must be able to scroll it. */}
      <pre
        tabIndex={0}
        className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100"
      >
        {JSON.stringify(schema, null, 2)}
      </pre>
    </div>
  );
}
