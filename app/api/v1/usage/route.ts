import { countUsage } from "@/lib/api/v1-handlers";
import { apiRoute } from "@/lib/http/api";
import { usageBody } from "@/lib/validations/api-v1";

/** Counts requests against the plan's monthly quota. */
export const POST = apiRoute({ scope: "usage", body: usageBody }, ({ body }) => countUsage(body));
