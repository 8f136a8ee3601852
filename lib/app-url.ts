import { env } from "@/lib/env";

/** An absolute URL of one of our pages, for providers that send buyers back to us. */
export function appUrl(path: string, query: Record<string, string> = {}): string {
  const url = new URL(path, env().APP_URL);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}
