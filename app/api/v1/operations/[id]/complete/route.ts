import { completeOperationFor } from "@/lib/api/v1-handlers";
import { apiRoute } from "@/lib/http/api";

/** Makes a held operation final. */
export const POST = apiRoute<undefined, { id: string }>({ scope: "operations" }, ({ key, params }) =>
  completeOperationFor(key.id, params.id),
);
