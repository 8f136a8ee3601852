// Reading typed values out of parsed form params, with Stripe's wording when they are wrong:
// "Missing required param: x.", "Invalid integer: abc", "Invalid hash", "Not a valid URL",
// "Received unknown parameter: x" (messages as stripe-node users report them; exact wording of
// the rarer ones is not documented and approximated). Every refusal names the `param`.
import { invalidRequest } from "./errors";
import type { FormObject, FormValue } from "./form";

export function str(value: FormValue | undefined, param: string): string | undefined {
  if (value === undefined || typeof value === "string") return value;
  throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, param);
}

export function hash(value: FormValue | undefined, param: string): FormObject | undefined {
  if (value === undefined) return undefined;
  // `metadata=` (empty) is how a form says "an empty hash".
  if (value === "") return {};
  if (typeof value === "string" || Array.isArray(value)) throw invalidRequest("Invalid hash", param);
  return value;
}

export function list(value: FormValue | undefined, param: string): FormValue[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalidRequest("Invalid array", param);
  return value;
}

export function int(value: FormValue | undefined, param: string, min: number): number | undefined {
  const text = str(value, param);
  if (text === undefined) return undefined;
  if (!/^-?\d{1,15}$/.test(text))
    throw invalidRequest(`Invalid integer: ${text}`, param, "parameter_invalid_integer");
  const number = Number(text);
  if (number < min) {
    const what = min === 0 ? "non-negative" : "positive";
    throw invalidRequest(`Invalid ${what} integer`, param, "parameter_invalid_integer");
  }
  return number;
}

export function url(value: FormValue | undefined, param: string): string | undefined {
  const text = str(value, param);
  if (text === undefined) return undefined;
  try {
    const parsed = new URL(text);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return text;
  } catch {
    // fall through to Stripe's refusal
  }
  throw invalidRequest("Not a valid URL", param, "url_invalid");
}

/** Stripe's metadata rules: ≤ 50 keys, keys ≤ 40 characters, values ≤ 500; "" unsets a key. */
export function metadata(value: FormValue | undefined, param: string): Record<string, string> {
  const input = hash(value, param) ?? {};
  const out: Record<string, string> = {};
  const keys = Object.keys(input);
  if (keys.length > 50) throw invalidRequest("Metadata can have at most 50 keys.", param);
  for (const key of keys) {
    const text = str(input[key], `${param}[${key}]`) ?? "";
    if (key.length > 40) {
      throw invalidRequest(
        `Metadata keys can have up to 40 characters, but you passed in a key that is ${key.length} characters.`,
        `${param}[${key}]`,
      );
    }
    if (text.length > 500) {
      throw invalidRequest(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${text.length} characters.`,
        `${param}[${key}]`,
      );
    }
    if (text !== "") out[key] = text;
  }
  return out;
}

export function rejectUnknown(form: FormObject, known: ReadonlySet<string>): void {
  const unknown = Object.keys(form).find((key) => !known.has(key));
  if (unknown !== undefined) throw invalidRequest(`Received unknown parameter: ${unknown}`, unknown);
}

/** `expand[]`: only the properties this emulator can render expanded. */
export function expandList(form: FormObject, allowed: readonly string[]): Set<string> {
  const items = (list(form.expand, "expand") ?? []).map((item, i) => str(item, `expand[${i}]`) ?? "");
  for (const item of items) {
    if (!allowed.includes(item))
      throw invalidRequest(`This property cannot be expanded (${item}).`, "expand");
  }
  return new Set(items);
}
