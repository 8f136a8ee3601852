// Called by operators, load balancers and orchestrators: 200 when the instance can serve, else 503.
import { checkHealth } from "@/lib/health";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth(packageJson.version);
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
