// Called by Prometheus (or any scraper) with METRICS_TOKEN as a bearer token: the app's metrics in
// the Prometheus text format. 404 while METRICS_TOKEN is unset, 401 without the right token.
import { env } from "@/lib/env";
import { scrapeMetrics } from "@/lib/metrics/scrape";
import { metricsAccess } from "@/lib/metrics/token";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const access = metricsAccess(request.headers.get("authorization"), env().METRICS_TOKEN);
  const headers = { "Cache-Control": "no-store" };
  if (access.kind === "disabled") return new Response("Not Found", { status: 404, headers });
  if (access.kind === "denied") {
    return new Response("Unauthorized", {
      status: 401,
      headers: { ...headers, "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  const scrape = await scrapeMetrics();
  return new Response(scrape.text, {
    status: 200,
    headers: { ...headers, "Content-Type": scrape.contentType },
  });
}
