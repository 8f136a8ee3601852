// Loads Prisma's schema engine compiled to WebAssembly and starts it on a driver adapter factory.
// The package's main entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node
// cannot load without --experimental-wasm-modules, so we do by hand what that entry does.

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ErrorCapturingSqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as runtime from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

declare global {
  // The engine's panic hook calls `global.PRISMA_WASM_PANIC_REGISTRY.set_message(…)`; without
  // it a panic surfaces only as "Cannot read properties of undefined (reading 'set_message')".
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

let lastPanic: string | undefined;

/** The message of the engine's last Rust panic, if one happened. */
export function lastPanicMessage(): string | undefined {
  return lastPanic;
}

let wasmReady: Promise<void> | undefined;

function initialiseWasm(): Promise<void> {
  wasmReady ??= (async () => {
    globalThis.PRISMA_WASM_PANIC_REGISTRY = {
      set_message(message) {
        lastPanic = message;
      },
    };
    const glue = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(fileURLToPath(new URL("schema_engine_bg.wasm", glue)));
    // The wasm-bindgen glue module is the wasm's only import module, under this exact name.
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": runtime });
    runtime.__wbg_set_wasm(instance.exports);
    const start = instance.exports["__wbindgen_start"];
    if (typeof start !== "function") throw new Error("schema_engine_bg.wasm exports no __wbindgen_start");
    (start as () => void)();
  })();
  return wasmReady;
}

/**
 * `factory` comes from bindMigrationAwareSqlAdapterFactory(), which turns adapter exceptions into
 * results the engine understands and keeps JavaScript errors in its errorRegistry.
 */
export async function startSchemaEngine(options: {
  schemaPath: string;
  schemaText: string;
  factory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory;
  onLog: (line: string) => void;
}): Promise<SchemaEngine> {
  await initialiseWasm();
  return runtime.SchemaEngine.new(
    { datamodels: [[options.schemaPath, options.schemaText]] },
    (line: unknown) => options.onLog(String(line)),
    options.factory,
  );
}
