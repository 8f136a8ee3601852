import { useTranslations } from "next-intl";
import type { OpenApiOperation } from "@/lib/api/openapi";
import type { operationText } from "./doc-text";
import { InlineCode, Prose } from "./inline-code";
import { JsonSchemaBlock } from "./json-schema-block";

const METHOD_COLORS: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  put: "bg-amber-100 text-amber-800",
  patch: "bg-amber-100 text-amber-800",
  delete: "bg-red-100 text-red-800",
};

/** One operation of the document: what it is, what it needs, what it takes and answers. */
export function OperationSection({
  method,
  path,
  operation,
  text,
}: {
  method: string;
  path: string;
  operation: OpenApiOperation;
  /** Its prose in the reader's language (./doc-text.ts). */
  text: ReturnType<typeof operationText>;
}) {
  const t = useTranslations("admin.apiDocs");
  const body = operation.requestBody?.content["application/json"].schema;
  const scope = operation["x-scope"];
  return (
    <section
      id={operation.operationId}
      aria-labelledby={`${operation.operationId}-title`}
      className="space-y-4 rounded-lg border border-slate-200 bg-surface p-5 shadow-sm"
      data-testid="api-operation"
    >
      <div className="space-y-1">
        <h3 id={`${operation.operationId}-title`} className="flex flex-wrap items-center gap-2">
          <span
            className={`rounded px-2 py-0.5 font-mono text-xs font-bold uppercase ${METHOD_COLORS[method] ?? ""}`}
          >
            {method.toUpperCase()}
          </span>
          <code className="break-all font-mono text-sm font-semibold">{path}</code>
        </h3>
        <p className="font-medium">{text.summary}</p>
        <p className="text-sm">
          <InlineCode text={scope ? t("scope", { scope }) : t("public")} />
        </p>
      </div>
      {text.description ? <Prose text={text.description} /> : null}

      {operation.parameters?.length ? (
        <div className="space-y-1">
          <h4 className="text-sm font-semibold">{t("parameters")}</h4>
          <ul className="space-y-1 break-words text-sm">
            {operation.parameters.map((parameter) => (
              <li key={`${parameter.in}-${parameter.name}`}>
                <code className="font-mono">{parameter.name}</code>{" "}
                {t("parameterPlace", {
                  location: t(`parameterIn.${parameter.in}`),
                  required: parameter.required ? "yes" : "no",
                })}{" "}
                <code className="break-all text-xs">{JSON.stringify(parameter.schema)}</code>
                {parameter.description ? ` — ${parameter.description}` : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="space-y-2">
        <h4 className="text-sm font-semibold">{t("requestBody")}</h4>
        {body ? (
          <JsonSchemaBlock label={t("json")} schema={body} />
        ) : (
          <p className="text-sm text-slate-600">{t("none")}</p>
        )}
      </div>

      <div className="space-y-2">
        <h4 className="text-sm font-semibold">{t("responses")}</h4>
        <dl className="space-y-3">
          {Object.entries(operation.responses).map(([status, response]) => (
            <div key={status} className="space-y-1">
              <dt className="text-sm">
                <span className="font-mono font-semibold">{status}</span>
              </dt>
              <dd className="space-y-1">
                <Prose text={text.responses[status] ?? response.description} />
                {response.headers ? (
                  <p className="text-sm text-slate-600">
                    {t("headers")}{" "}
                    {Object.keys(response.headers).map((name) => (
                      <code key={name} className="mr-1">
                        {name}
                      </code>
                    ))}
                  </p>
                ) : null}
                {response.content ? (
                  <JsonSchemaBlock label={t("body")} schema={response.content["application/json"].schema} />
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
