/** Only same-site paths may be redirect targets, so a crafted link can't send users elsewhere. */
export function safeCallbackPath(value: string | string[] | undefined, fallback = "/dashboard"): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
