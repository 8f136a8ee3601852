// Stripe's v1 API takes application/x-www-form-urlencoded bodies with bracketed keys, as
// stripe-node writes them: `line_items[0][price_data][unit_amount]=4900`, `metadata[order_id]=…`,
// `expand[0]=payment_intent` (the SDK indexes arrays; curl users write `expand[]=…`, also read).
// This turns such a body into nested objects; objects whose keys are all indexes become arrays.

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** A key used both as a value and as a container (`a=1&a[b]=2`): Stripe refuses those. */
export class FormConflictError extends Error {
  constructor(readonly param: string) {
    super(`Invalid request: conflicting values for ${param}`);
  }
}

export function parseForm(text: string): FormObject {
  // Null-prototype containers: a key such as `__proto__` stays a plain key, never a prototype.
  const root = Object.create(null) as FormObject;
  for (const [key, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    const path = match
      ? [match[1] ?? key, ...[...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "")]
      : [key];
    insert(root, path, value, key);
  }
  return normalize(root) as FormObject;
}

function insert(root: FormObject, path: string[], value: string, key: string): void {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    // `[]` appends: the next free index of this container.
    const name = path[i] === "" ? String(Object.keys(node).length) : (path[i] ?? "");
    if (i === path.length - 1) {
      if (typeof node[name] === "object") throw new FormConflictError(key);
      node[name] = value;
      return;
    }
    const next = node[name];
    if (typeof next === "string") throw new FormConflictError(key);
    if (next === undefined) node[name] = Object.create(null) as FormObject;
    node = node[name] as FormObject;
  }
}

function normalize(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = normalize(value[key] ?? "");
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => value[String(index)] ?? "");
  }
  return value;
}

/** A stable text of parsed params (keys sorted), so the idempotency layer compares meaning, not order. */
export function canonical(value: FormValue | undefined): string {
  if (value === undefined || typeof value === "string") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
}
