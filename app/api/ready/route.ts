// Called by load balancers and orchestrators (a readiness probe): 200 when this instance can take
// traffic, else 503 with the reasons. /api/health stays the liveness check.
import { checkReadiness } from "@/lib/readiness";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkReadiness(packageJson.version);
  return Response.json(report, {
    status: report.status === "ready" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
