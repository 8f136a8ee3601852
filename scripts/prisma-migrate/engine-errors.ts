// Turns what the schema engine throws into the message a user needs, shaped like the Prisma CLI's
// ("Error: P3009" + the engine's text).

import type { ErrorRegistry } from "@prisma/driver-adapter-utils";
import { lastPanicMessage } from "./load-engine.js";

/** An engine call that failed, with what the command was doing at the time. */
export class EngineStepError extends Error {
  constructor(
    readonly step: string,
    readonly engineError: unknown,
  ) {
    super(step);
  }
}

/** Runs one engine call; if it fails, the error message starts with `step`. */
export async function inStep<T>(step: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new EngineStepError(step, error);
  }
}

export function describeEngineError(error: unknown, registry: ErrorRegistry, verbose: boolean): string {
  if (error instanceof EngineStepError) {
    return `${error.step}:\n${describeEngineError(error.engineError, registry, verbose)}`;
  }
  const panic = lastPanicMessage();
  if (error instanceof WebAssembly.RuntimeError || panic !== undefined) {
    // After a panic the engine is unusable; what matters is the Rust message, not "unreachable".
    return `The schema engine crashed: ${panic ?? (error instanceof Error ? error.message : String(error))}`;
  }
  if (!(error instanceof Error)) return String(error);

  // A JavaScript exception thrown inside the adapter (say, CREATE DATABASE refused) reaches the
  // engine only as an id in the registry; put its message back.
  const message = error.message.replace(/External error id#(\d+)/g, (whole, id: string) => {
    const record = registry.consumeError(Number(id));
    if (record === undefined) return whole;
    return record.error instanceof Error ? record.error.message : String(record.error);
  });

  // Engine errors end with the tracing spans they went through ("   0: schema_engine_wasm::…
  // with migration_name=… at schema-engine/…rs:167"): internals, noise unless debugging. They
  // are the only place that names the migration whose script failed, though.
  const lines = message.split("\n");
  const traceStart = lines.findIndex((line) => /^\s+0: [\w:]+/.test(line));
  const trace = traceStart === -1 ? "" : lines.slice(traceStart).join("\n");
  let text = verbose || traceStart === -1 ? message : lines.slice(0, traceStart).join("\n").trimEnd();
  const migration = /migration_name="([^"]+)"/.exec(trace)?.[1];
  if (migration !== undefined && !text.includes(migration))
    text = `Migration \`${migration}\` failed:\n${text}`;

  // User-facing engine errors carry Prisma's error code (P3006, P3009, P3018, …).
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  return code === undefined ? text : `Error: ${code}\n\n${text}`;
}
