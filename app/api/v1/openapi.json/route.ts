// Called by API clients and client generators (and linked from /docs/api): the OpenAPI 3.1
// document of /api/v1. Public, like the docs page: it describes the API, and holds no data.
import { getV1OpenApiDocument } from "@/lib/api/v1-document";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(getV1OpenApiDocument(), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
