import type { Metadata } from "next";
import { FOUNDATION_ERROR_CODES } from "@/lib/api/error-envelope";
import type { OpenApiMethod } from "@/lib/api/openapi";
import { getV1OpenApiDocument } from "@/lib/api/v1-document";
import { Card } from "@/components/ui/card";
import { InlineCode, Prose } from "./inline-code";
import { JsonSchemaBlock } from "./json-schema-block";
import { OperationSection } from "./operation-section";

export const metadata: Metadata = { title: "API documentation" };

const METHODS: OpenApiMethod[] = ["get", "post", "put", "patch", "delete"];

// The /api/v1 reference, rendered on the server from the same document /api/v1/openapi.json
// serves. Public (proxy.ts does not match /docs): it describes the API and shows no data.
export default function ApiDocsPage() {
  const document = getV1OpenApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">{document.info.title}</h1>
        <p className="text-sm text-slate-600">
          OpenAPI {document.openapi} · version {document.info.version} ·{" "}
          <a href="/api/v1/openapi.json" className="font-medium text-brand-700 hover:underline">
            openapi.json
          </a>
        </p>
        <p className="text-sm text-slate-700">
          The billing API for the product&apos;s own backend (its bot, its workers): charge operations to a
          customer&apos;s wallet and count requests against their plan.
        </p>
      </div>

      <Card title="Authentication">
        <div className="space-y-2 text-sm text-slate-700">
          <p>
            Every endpoint except the OpenAPI document takes an API key. An admin creates one at{" "}
            <code className="rounded bg-slate-100 px-1">/admin/api-keys</code>, choosing its scopes; the key
            is shown once, so store it as a secret right away. Send it with every request:
          </p>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
            Authorization: Bearer bk_…
          </pre>
          <p>
            Scopes: <code>operations</code>, <code>usage</code>, <code>customers</code>; each endpoint below
            names the one it needs. A missing, unknown or revoked key gets <code>401</code>, a key without the
            scope <code>403</code>. Revoking a key takes effect on its next request.
          </p>
        </div>
      </Card>

      <Card title="Errors">
        <div className="space-y-3 text-sm text-slate-700">
          <p>Every error is JSON with the HTTP status and one shape; branch on its code:</p>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
            {JSON.stringify({ error: { code: "validation_failed", message: "…", details: "…" } }, null, 2)}
          </pre>
          <ul className="space-y-1">
            {Object.entries(FOUNDATION_ERROR_CODES).map(([code, meaning]) => (
              <li key={code}>
                <code className="rounded bg-slate-100 px-1">{code}</code> — <InlineCode text={meaning} />
              </li>
            ))}
          </ul>
          <p>
            Endpoints add their own codes, listed with their responses. A 429 or 503 may carry Retry-After.
          </p>
        </div>
      </Card>

      <section aria-labelledby="operations-title" className="space-y-4">
        <h2 id="operations-title" className="text-xl font-semibold">
          Endpoints
        </h2>
        <nav aria-label="Endpoints" className="text-sm">
          <ul className="space-y-1">
            {operations.map(({ path, method, operation }) => (
              <li key={operation.operationId}>
                <a href={`#${operation.operationId}`} className="text-brand-700 hover:underline">
                  <span className="font-mono">{method.toUpperCase()}</span>{" "}
                  <span className="font-mono">{path}</span>
                </a>{" "}
                — {operation.summary}
              </li>
            ))}
          </ul>
        </nav>
        {operations.map(({ path, method, operation }) => (
          <OperationSection key={operation.operationId} method={method} path={path} operation={operation} />
        ))}
      </section>

      <section aria-labelledby="schemas-title" className="space-y-4">
        <h2 id="schemas-title" className="text-xl font-semibold">
          Schemas
        </h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <div
            key={name}
            id={`schema-${name}`}
            className="space-y-2 rounded-lg border border-slate-200 bg-surface p-5"
          >
            <h3 className="font-mono text-sm font-semibold">{name}</h3>
            {typeof schema.description === "string" ? <Prose text={schema.description} /> : null}
            <JsonSchemaBlock label="JSON Schema" schema={schema} />
          </div>
        ))}
      </section>
    </div>
  );
}
