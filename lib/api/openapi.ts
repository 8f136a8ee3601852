import { z } from "zod";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";
import { API_ERROR_ENVELOPE, FOUNDATION_ERROR_CODES } from "./error-envelope";

// A small OpenAPI 3.1 builder over zod 4's own z.toJSONSchema: each route's entry (lib/api/
// v1-spec.ts) names the zod schemas the route validates with, so the document says what the code
// does. Request schemas are converted as zod's *input* (what a client sends: before defaults and
// transforms), answers as its *output*. OpenAPI 3.1 schemas are JSON Schema 2020-12 as they are.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type JsonSchema = Record<string, unknown>;

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI style, parameters in braces: `/api/v1/customers/{id}`. */
  path: string;
  summary: string;
  description?: string;
  /** The API key scope the route's apiRoute() demands; null for a public endpoint (no key). */
  scope: ApiKeyScope | null;
  /** The JSON body (a zod schema; its input side is published). */
  body?: z.ZodType;
  /** Path parameters: an object schema with one property per `{name}` in `path`. */
  params?: z.ZodType;
  /** Query parameters: an object schema. */
  query?: z.ZodType;
  /** Request headers, e.g. `Idempotency-Key`: an object schema keyed by header name. */
  headers?: z.ZodType;
  /** By status. Errors (4xx/5xx) without a schema are the shared error envelope. */
  responses: Record<number, { description: string; schema?: z.ZodType; headers?: Record<string, string> }>;
  /** Defaults to method + path, e.g. `getCustomersById`. */
  operationId?: string;
  tags?: string[];
}

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: { "application/json": { schema: JsonSchema } };
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  /** The scope as data, for readers (the docs page) that show it apart from the prose. */
  "x-scope": ApiKeyScope | null;
  tags?: string[];
  security: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: { "application/json": { schema: JsonSchema } } };
  responses: Record<string, OpenApiResponse>;
}

export type OpenApiMethod = Lowercase<HttpMethod>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>>;
  components: {
    securitySchemes: Record<
      string,
      { type: "http"; scheme: "bearer"; bearerFormat: string; description: string }
    >;
    schemas: Record<string, JsonSchema>;
  };
}

export const ERROR_SCHEMA_REF = "#/components/schemas/Error";
const ERROR_CONTENT = { "application/json": { schema: { $ref: ERROR_SCHEMA_REF } } };

/** The errors every keyed route and every route with a body can answer, added unless listed. */
const KEYED_ERRORS: Record<number, string> = {
  401: `\`unauthorized\`: ${FOUNDATION_ERROR_CODES.unauthorized}`,
  403: `\`forbidden\`: ${FOUNDATION_ERROR_CODES.forbidden}`,
  500: `\`internal\`: ${FOUNDATION_ERROR_CODES.internal}`,
};
/** Every keyed route counts requests per key (lib/http/api.ts), so each may answer 429. */
const RATE_LIMITED: OpenApiResponse = {
  description: `\`rate_limited\`: ${FOUNDATION_ERROR_CODES.rate_limited}`,
  headers: responseHeaders({ "Retry-After": "Seconds until requests are allowed again." }),
  content: ERROR_CONTENT,
};
const BODY_ERRORS: Record<number, string> = {
  400: `\`invalid_json\`: ${FOUNDATION_ERROR_CODES.invalid_json}`,
  413: `\`payload_too_large\`: ${FOUNDATION_ERROR_CODES.payload_too_large}`,
  422: `\`validation_failed\`: ${FOUNDATION_ERROR_CODES.validation_failed}`,
};

export function buildOpenApiDocument(
  operations: readonly ApiOperation[],
  info: { title: string; version: string; description: string },
): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = {
    Error: convert(API_ERROR_ENVELOPE, "output", "Error", {}),
  };
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of operations) {
    const method = operation.method.toLowerCase() as OpenApiMethod;
    const item = (paths[operation.path] ??= {});
    if (item[method]) throw new Error(`OpenAPI: ${operation.method} ${operation.path} is listed twice`);
    item[method] = buildOperation(operation, schemas);
  }
  return {
    openapi: "3.1.1",
    info,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "bk_… API key",
          description:
            "An API key created at /admin/api-keys, sent as `Authorization: Bearer bk_…`. Each " +
            "operation's security requirement names the scope the key needs.",
        },
      },
      schemas,
    },
  };
}

function buildOperation(operation: ApiOperation, schemas: Record<string, JsonSchema>): OpenApiOperation {
  const operationId = operation.operationId ?? defaultOperationId(operation);
  const parameters = [
    ...parametersOf(operation.params, "path", operationId, schemas),
    ...parametersOf(operation.query, "query", operationId, schemas),
    ...parametersOf(operation.headers, "header", operationId, schemas),
  ];
  checkPathParameters(operation, parameters);

  const responses: Record<string, OpenApiResponse> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.headers ? { headers: responseHeaders(response.headers) } : {}),
      ...(response.schema
        ? {
            content: {
              "application/json": {
                schema: convert(response.schema, "output", `${operationId}${status}`, schemas),
              },
            },
          }
        : Number(status) >= 400
          ? { content: ERROR_CONTENT }
          : {}),
    };
  }
  const implied = { ...(operation.scope ? KEYED_ERRORS : {}), ...(operation.body ? BODY_ERRORS : {}) };
  for (const [status, description] of Object.entries(implied)) {
    responses[status] ??= { description, content: ERROR_CONTENT };
  }
  if (operation.scope) responses[429] ??= RATE_LIMITED;

  const access = operation.scope
    ? `Requires an API key with the \`${operation.scope}\` scope.`
    : "Public: no API key needed.";
  return {
    operationId,
    summary: operation.summary,
    description: operation.description ? `${operation.description}\n\n${access}` : access,
    "x-scope": operation.scope,
    ...(operation.tags ? { tags: operation.tags } : {}),
    // OpenAPI 3.1 lets a non-OAuth requirement list role names: the scope is one.
    security: operation.scope ? [{ bearerAuth: [operation.scope] }] : [],
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true as const,
            content: {
              "application/json": { schema: convert(operation.body, "input", `${operationId}Body`, schemas) },
            },
          },
        }
      : {}),
    responses: sortByStatus(responses),
  };
}

function parametersOf(
  schema: z.ZodType | undefined,
  location: OpenApiParameter["in"],
  operationId: string,
  schemas: Record<string, JsonSchema>,
): OpenApiParameter[] {
  if (!schema) return [];
  const object = convert(schema, "input", `${operationId}Params`, schemas);
  const properties = object.properties as Record<string, JsonSchema> | undefined;
  if (object.type !== "object" || !properties) {
    throw new Error(`OpenAPI: ${operationId}'s ${location} parameters must be a z.object()`);
  }
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function checkPathParameters(operation: ApiOperation, parameters: OpenApiParameter[]): void {
  const inPath = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
  const declared = parameters
    .filter((parameter) => parameter.in === "path")
    .map((p) => p.name)
    .sort();
  if (operation.path.includes("[") || inPath.join() !== declared.join()) {
    throw new Error(
      `OpenAPI: ${operation.method} ${operation.path} has path parameters {${inPath.join(", ")}} ` +
        `but its params schema declares {${declared.join(", ")}} (write them as {name}, not [name])`,
    );
  }
}

function responseHeaders(headers: Record<string, string>): OpenApiResponse["headers"] {
  return Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: "string" } }]),
  );
}

/**
 * zod's JSON Schema for one side of a schema, fitted into the document: `$schema` dropped (3.1's
 * default dialect is 2020-12), and any `$defs` (schemas given an id with .meta({ id }), or
 * recursive ones) moved to components.schemas, since `#/$defs/…` would resolve against the
 * document's root.
 */
function convert(
  schema: z.ZodType,
  io: "input" | "output",
  owner: string,
  schemas: Record<string, JsonSchema>,
): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as JsonSchema;
  const { $defs, ...root } = generated;
  delete root.$schema;
  const definitions = Object.entries(($defs ?? {}) as Record<string, JsonSchema>);
  // Ids zod made up ("__schema0") are local to this conversion; ids given with .meta() are global.
  const names = new Map(
    definitions.map(([name]) => [name, name.startsWith("__") ? `${owner}${name}` : name]),
  );
  const selfReferencing = JSON.stringify(root).includes('"$ref":"#"');
  if (selfReferencing) names.set("#", owner);
  // One id seen as input here and as output elsewhere may differ (defaults, transforms): the
  // second one seen is published as `<id>_<io>`, and the references are written once names settle.
  for (;;) {
    const placed = definitions.map(([name, definition]) => ({
      name,
      target: names.get(name)!,
      schema: relink(definition, names) as JsonSchema,
    }));
    const clash = placed.find(({ target, schema: placedSchema }) => {
      const existing = schemas[target];
      return existing !== undefined && JSON.stringify(existing) !== JSON.stringify(placedSchema);
    });
    if (!clash) {
      for (const { target, schema: placedSchema } of placed) schemas[target] = placedSchema;
      break;
    }
    if (clash.target !== clash.name)
      throw new Error(`OpenAPI: two different schemas share the id "${clash.name}"`);
    names.set(clash.name, `${clash.name}_${io}`);
  }
  const body = relink(root, names) as JsonSchema;
  if (!selfReferencing) return body;
  schemas[owner] = body;
  return { $ref: `#/components/schemas/${owner}` };
}

function relink(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => relink(item, names));
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key !== "$ref" || typeof item !== "string") return [key, relink(item, names)];
      const local = item === "#" ? "#" : item.startsWith("#/$defs/") ? item.slice("#/$defs/".length) : null;
      const target = local === null ? undefined : names.get(local);
      return [key, target ? `#/components/schemas/${target}` : item];
    }),
  );
}

function defaultOperationId(operation: ApiOperation): string {
  const words = operation.path
    .replace(/^\/api\/v1\//, "")
    .split(/[/._-]+/)
    .filter(Boolean)
    .map((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment);
      const word = parameter ? `By${capitalise(parameter[1]!)}` : capitalise(segment);
      return word.replace(/[^A-Za-z0-9]/g, "");
    });
  return `${operation.method.toLowerCase()}${words.join("")}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function sortByStatus(responses: Record<string, OpenApiResponse>): Record<string, OpenApiResponse> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
}
