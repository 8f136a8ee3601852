import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FOUNDATION_ERROR_CODES } from "@/lib/api/error-envelope";
import type { OpenApiMethod } from "@/lib/api/openapi";
import { getV1OpenApiDocument } from "@/lib/api/v1-document";
import { Card } from "@/components/ui/card";
import { errorMeaning, operationText, schemaDescription } from "./doc-text";
import { InlineCode, Prose } from "./inline-code";
import { JsonSchemaBlock } from "./json-schema-block";
import { OperationSection } from "./operation-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("apiDocs") };
}

const METHODS: OpenApiMethod[] = ["get", "post", "put", "patch", "delete"];
// Code, not prose: the same in every language.
const DOCUMENT_FILE = "openapi.json";
const AUTHORIZATION_SAMPLE = "Authorization: Bearer bk_…";

// The /api/v1 reference, rendered on the server from the same document /api/v1/openapi.json
// serves, its prose in the reader's language (./doc-text.ts); the code samples, paths, schemas
// and codes stay as they are. Public (proxy.ts does not match /docs): it describes the API and
// shows no data.
export default async function ApiDocsPage() {
  const t = await getTranslations("admin.apiDocs");
  const document = getV1OpenApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation, text: operationText(t, operation) }] : [];
    }),
  );

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600">
          {t("meta", { openapi: document.openapi, version: document.info.version })}
          {" · "}
          <a href="/api/v1/openapi.json" className="font-medium text-brand-700 hover:underline">
            {DOCUMENT_FILE}
          </a>
        </p>
        <p className="text-sm text-slate-700">{t("intro")}</p>
      </div>

      <Card title={t("authentication")}>
        <div className="space-y-2 text-sm text-slate-700">
          <p>
            <InlineCode text={t("authIntro")} />
          </p>
          <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
            {AUTHORIZATION_SAMPLE}
          </pre>
          <p>
            <InlineCode text={t("authScopes")} />
          </p>
        </div>
      </Card>

      <Card title={t("errors")}>
        <div className="space-y-3 text-sm text-slate-700">
          <p>{t("errorsIntro")}</p>
          <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
            {JSON.stringify({ error: { code: "validation_failed", message: "…", details: "…" } }, null, 2)}
          </pre>
          <ul className="space-y-1">
            {Object.keys(FOUNDATION_ERROR_CODES).map((code) => (
              <li key={code}>
                <code className="rounded bg-slate-100 px-1">{code}</code> —{" "}
                <InlineCode text={errorMeaning(t, code)} />
              </li>
            ))}
          </ul>
          <p>
            <InlineCode text={t("errorsOutro")} />
          </p>
        </div>
      </Card>

      <section aria-labelledby="operations-title" className="space-y-4">
        <h2 id="operations-title" className="text-xl font-semibold">
          {t("endpoints")}
        </h2>
        <nav aria-label={t("endpoints")} className="text-sm">
          <ul className="space-y-1">
            {operations.map(({ path, method, operation, text }) => (
              <li key={operation.operationId} className="break-words">
                <a href={`#${operation.operationId}`} className="text-brand-700 hover:underline">
                  <span className="font-mono">{method.toUpperCase()}</span>{" "}
                  <span className="break-all font-mono">{path}</span>
                </a>
                {" — "}
                {text.summary}
              </li>
            ))}
          </ul>
        </nav>
        {operations.map(({ path, method, operation, text }) => (
          <OperationSection
            key={operation.operationId}
            method={method}
            path={path}
            operation={operation}
            text={text}
          />
        ))}
      </section>

      <section aria-labelledby="schemas-title" className="space-y-4">
        <h2 id="schemas-title" className="text-xl font-semibold">
          {t("schemas")}
        </h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => {
          const description = schemaDescription(t, name, schema.description);
          return (
            <div
              key={name}
              id={`schema-${name}`}
              className="space-y-2 rounded-lg border border-slate-200 bg-surface p-5"
            >
              <h3 className="font-mono text-sm font-semibold">{name}</h3>
              {description ? <Prose text={description} /> : null}
              <JsonSchemaBlock label={t("jsonSchema")} schema={schema} />
            </div>
          );
        })}
      </section>
    </div>
  );
}
