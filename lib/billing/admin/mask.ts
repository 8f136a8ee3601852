// What an admin sees of a recorded delivery: everything except what authenticates it. Signatures
// and tokens are shown by their first characters only, enough to tell two deliveries apart.

const SECRET_FIELDS = /^(token|sig|signature|secret|api_key|apikey|password|authorization)$/i;

function maskValue(value: string): string {
  return value.length <= 8 ? "••••" : `${value.slice(0, 6)}…(${value.length} chars, masked)`;
}

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "stripe-signature") {
      // t=… stays (when it was signed); every v0/v1 signature is masked.
      masked[name] = value.replace(
        /(v\d+)=([0-9a-f]+)/gi,
        (_, scheme: string, sig: string) => `${scheme}=${maskValue(sig)}`,
      );
    } else {
      masked[name] = SECRET_FIELDS.test(name) ? maskValue(value) : value;
    }
  }
  return masked;
}

/** A JSON or form-encoded body with its secret fields masked, at any depth; other text unchanged. */
export function maskBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.stringify(maskJson(JSON.parse(trimmed)), null, 2);
    } catch {
      return body; // a truncated or broken body: shown as it arrived (it authenticated nothing)
    }
  }
  // Anything else as a form, the way the CryptoCloud adapter reads it (any non-JSON body), so
  // whatever a provider could verify a token from is masked before it is shown.
  const fields = [...new URLSearchParams(trimmed)];
  return fields
    .map(([key, value]) => `${key}=${SECRET_FIELDS.test(key) ? maskValue(value) : value}`)
    .join("\n");
}

function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_FIELDS.test(key) && typeof inner === "string" ? maskValue(inner) : maskJson(inner),
      ]),
    );
  }
  return value;
}
