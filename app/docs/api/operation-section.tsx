import type { OpenApiOperation } from "@/lib/api/openapi";
import { Prose } from "./inline-code";
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
}: {
  method: string;
  path: string;
  operation: OpenApiOperation;
}) {
  const body = operation.requestBody?.content["application/json"].schema;
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
        <p className="font-medium">{operation.summary}</p>
        <p className="text-sm">
          {operation["x-scope"] ? (
            <>
              Scope: <code className="rounded bg-slate-100 px-1">{operation["x-scope"]}</code>
            </>
          ) : (
            "Public: no API key needed."
          )}
        </p>
      </div>
      <Prose text={operation.description} />

      {operation.parameters?.length ? (
        <div className="space-y-1">
          <h4 className="text-sm font-semibold">Parameters</h4>
          <ul className="space-y-1 text-sm">
            {operation.parameters.map((parameter) => (
              <li key={`${parameter.in}-${parameter.name}`}>
                <code className="font-mono">{parameter.name}</code> ({parameter.in}
                {parameter.required ? ", required" : ""}){" "}
                <code className="text-xs">{JSON.stringify(parameter.schema)}</code>
                {parameter.description ? ` — ${parameter.description}` : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="space-y-2">
        <h4 className="text-sm font-semibold">Request body</h4>
        {body ? (
          <JsonSchemaBlock label="JSON" schema={body} />
        ) : (
          <p className="text-sm text-slate-600">None.</p>
        )}
      </div>

      <div className="space-y-2">
        <h4 className="text-sm font-semibold">Responses</h4>
        <dl className="space-y-3">
          {Object.entries(operation.responses).map(([status, response]) => (
            <div key={status} className="space-y-1">
              <dt className="text-sm">
                <span className="font-mono font-semibold">{status}</span>
              </dt>
              <dd className="space-y-1">
                <Prose text={response.description} />
                {response.headers ? (
                  <p className="text-sm text-slate-600">
                    Headers:{" "}
                    {Object.keys(response.headers).map((name) => (
                      <code key={name} className="mr-1">
                        {name}
                      </code>
                    ))}
                  </p>
                ) : null}
                {response.content ? (
                  <JsonSchemaBlock label="Body" schema={response.content["application/json"].schema} />
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
