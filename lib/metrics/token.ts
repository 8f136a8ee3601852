import { createHash, timingSafeEqual } from "node:crypto";

// Who may read the metrics: whoever presents METRICS_TOKEN as a bearer token. Unset, the metrics
// are off (404, as if the route did not exist). The token is compared in constant time (both sides
// hashed first, so their lengths never show either) and is never logged.

export type MetricsAccess = { kind: "disabled" } | { kind: "denied" } | { kind: "allowed" };

export function metricsAccess(authorization: string | null, token: string | undefined): MetricsAccess {
  if (!token) return { kind: "disabled" };
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(presented), digest(token)) ? { kind: "allowed" } : { kind: "denied" };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
