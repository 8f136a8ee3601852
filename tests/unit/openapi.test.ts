import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument, type ApiOperation, type OpenApiDocument } from "@/lib/api/openapi";
import { getV1OpenApiDocument } from "@/lib/api/v1-document";
import { V1_OPERATIONS } from "@/lib/api/v1-spec";

// The /api/v1 OpenAPI document: a 3.1 document whose every operation says what key scope it needs,
// what it takes and what it answers, built from the zod schemas the routes validate with.

const INFO = { title: "Test", version: "1", description: "…" };
const build = (...operations: ApiOperation[]) => buildOpenApiDocument(operations, INFO);

/** Every `$ref` in the document, with where it was found. */
function refs(value: unknown, path = "#"): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => refs(item, `${path}/${index}`));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === "$ref" && typeof item === "string" ? [{ ref: item, at: path }] : refs(item, `${path}/${key}`),
  );
}

function resolves(document: OpenApiDocument, ref: string): boolean {
  const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
  return name !== undefined && name in document.components.schemas;
}

describe("the /api/v1 document", () => {
  const document = getV1OpenApiDocument();

  it("is OpenAPI 3.1 with info, paths, a bearer scheme and the shared error envelope", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: "Billing API", version: "1" });
    expect(Object.keys(document.paths).length).toBeGreaterThan(0);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.components.schemas.Error).toMatchObject({
      type: "object",
      required: ["error"],
      properties: { error: { type: "object", required: ["code", "message"] } },
    });
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it("describes GET /api/v1/openapi.json as public, answering the document", () => {
    const operation = document.paths["/api/v1/openapi.json"]?.get;
    expect(operation).toBeDefined();
    expect(operation!.security).toEqual([]);
    expect(operation!["x-scope"]).toBeNull();
    expect(operation!.description).toContain("Public: no API key needed.");
    expect(operation!.responses["200"]!.content!["application/json"].schema).toMatchObject({
      type: "object",
      required: expect.arrayContaining(["openapi", "paths"]) as string[],
    });
    expect(operation!.responses).not.toHaveProperty("401");
  });

  it("names each keyed operation's scope, in its security requirement and its description", () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      expect(operation.summary, operation.operationId).not.toBe("");
      expect(Object.keys(operation.responses).length, operation.operationId).toBeGreaterThan(0);
      const scope = operation["x-scope"];
      if (scope === null) continue;
      expect(operation.security, operation.operationId).toEqual([{ bearerAuth: [scope] }]);
      expect(operation.description, operation.operationId).toContain(`\`${scope}\` scope`);
      expect(operation.responses, operation.operationId).toHaveProperty("401");
      expect(operation.responses, operation.operationId).toHaveProperty("403");
      // Every key is rate limited (lib/http/api.ts): 429 with Retry-After.
      expect(operation.responses["429"]?.headers, operation.operationId).toHaveProperty("Retry-After");
    }
  });

  it("has no reference that points nowhere", () => {
    const broken = refs(document).filter(({ ref }) => !resolves(document, ref));
    expect(broken).toEqual([]);
  });

  it("is built once per process", () => {
    expect(getV1OpenApiDocument()).toBe(document);
    expect(V1_OPERATIONS.length).toBe(
      Object.values(document.paths).flatMap((item) => Object.values(item)).length,
    );
  });
});

describe("the builder", () => {
  const charge: ApiOperation = {
    method: "POST",
    path: "/api/v1/customers/{customerId}/operations",
    summary: "Charge an operation",
    description: "Charges the customer's wallet.",
    scope: "operations",
    params: z.object({ customerId: z.string().describe("The customer's id.") }),
    headers: z.object({ "Idempotency-Key": z.string().max(100) }),
    body: z.object({ type: z.string(), quantity: z.number().int().default(1) }).strict(),
    responses: {
      201: { description: "Charged.", schema: z.object({ id: z.string(), balance: z.number().int() }) },
      402: { description: "`insufficient_funds`: the balance is too low." },
      429: { description: "Too many.", headers: { "Retry-After": "Seconds to wait." } },
    },
  };

  it("publishes the body as zod's input (defaults optional) and answers as its output", () => {
    const operation = build(charge).paths["/api/v1/customers/{customerId}/operations"]!.post!;
    expect(operation.operationId).toBe("postCustomersByCustomerIdOperations");
    const body = operation.requestBody!.content["application/json"].schema;
    expect(body).toMatchObject({ type: "object", required: ["type"], additionalProperties: false });
    expect(body).not.toHaveProperty("$schema");
    expect(operation.responses["201"]!.content!["application/json"].schema).toMatchObject({
      required: ["id", "balance"],
    });
  });

  it("turns params and headers into parameters", () => {
    const operation = build(charge).paths["/api/v1/customers/{customerId}/operations"]!.post!;
    expect(operation.parameters).toEqual([
      {
        name: "customerId",
        in: "path",
        required: true,
        description: "The customer's id.",
        schema: { type: "string" },
      },
      { name: "Idempotency-Key", in: "header", required: true, schema: { type: "string", maxLength: 100 } },
    ]);
  });

  it("gives errors the shared envelope and adds those the foundation answers", () => {
    const operation = build(charge).paths["/api/v1/customers/{customerId}/operations"]!.post!;
    expect(Object.keys(operation.responses)).toEqual([
      "201",
      "400",
      "401",
      "402",
      "403",
      "413",
      "422",
      "429",
      "500",
    ]);
    for (const status of ["400", "401", "402", "403", "413", "422", "429", "500"]) {
      expect(operation.responses[status]!.content!["application/json"].schema).toEqual({
        $ref: "#/components/schemas/Error",
      });
    }
    expect(operation.responses["429"]!.headers).toEqual({
      "Retry-After": { description: "Seconds to wait.", schema: { type: "string" } },
    });
  });

  it("moves schemas with an id, and recursive ones, to components and links to them", () => {
    const Money = z
      .object({ amount: z.number().int(), currency: z.string().default("RUB") })
      .meta({ id: "Money" });
    const Node: z.ZodType<{ name: string; children: unknown[] }> = z.lazy(() =>
      z.object({ name: z.string(), children: z.array(Node) }),
    );
    const document = build({
      method: "POST",
      path: "/api/v1/a",
      summary: "a",
      scope: "usage",
      body: z.object({ price: Money }),
      responses: { 200: { description: "ok", schema: z.object({ price: Money, tree: Node }) } },
    });
    expect(refs(document).filter(({ ref }) => !resolves(document, ref))).toEqual([]);
    expect(refs(document).some(({ ref }) => ref.includes("$defs"))).toBe(false);
    // The input side (currency optional) and the output side (required) differ: both are kept.
    expect(document.components.schemas).toHaveProperty("Money_input");
    expect(document.components.schemas).toHaveProperty("Money");
  });

  it("refuses an entry whose path and params disagree, or a repeated one", () => {
    expect(() => build({ ...charge, params: undefined })).toThrow(/path parameters \{customerId\}/);
    expect(() => build({ ...charge, path: "/api/v1/customers/[customerId]/operations" })).toThrow(
      /not \[name\]/,
    );
    expect(() => build(charge, charge)).toThrow(/listed twice/);
  });
});
