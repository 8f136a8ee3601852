// The driver adapter the schema engine talks to: adapter-pg's, with the two things the engine
// needs from it and adapter-pg (written for the query engine) does differently.

import type { PrismaPg } from "@prisma/adapter-pg";
import {
  ColumnTypeEnum,
  DriverAdapterError,
  isDriverAdapterError,
  type ColumnType,
  type ConnectionInfo,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import { DatabaseError, type Pool } from "pg";

/** What `PrismaPg#connect()` resolves to; adapter-pg does not export the class itself. */
export type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

export class MigrationPgAdapter implements SqlDriverAdapter {
  readonly provider = "postgres";
  readonly adapterName: string;
  #disposed: Promise<void> | undefined;

  constructor(
    private readonly inner: PgAdapter,
    /** Runs once the pool is closed, e.g. to drop a shadow database. */
    private readonly afterDispose: () => Promise<void> = async () => {},
  ) {
    this.adapterName = inner.adapterName;
  }

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    try {
      return await this.inner.queryRaw(query);
    } catch (error) {
      if (!isCharColumnError(error)) throw error;
      // The engine's catalog queries select PostgreSQL's internal one-byte `"char"` type
      // (pg_constraint.contype, pg_class.relkind, …), which adapter-pg refuses to map once the
      // rows are in. Those queries are read-only SELECTs, so running one again is harmless.
      return queryWithCharColumns(this.inner.underlyingDriver(), query);
    }
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  async executeScript(script: string): Promise<void> {
    // adapter-pg's executeScript splits on ";", which cuts `$$ … $$` function bodies apart and
    // leaves a half-applied, failed migration. A query without parameters goes over PostgreSQL's
    // simple query protocol, which takes the whole multi-statement script at once and runs it in
    // one implicit transaction: the native engine sends migration scripts the same way.
    try {
      await this.inner.underlyingDriver().query(script);
    } catch (error) {
      throw toPostgresError(error, script);
    }
  }

  startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return this.inner.startTransaction(isolationLevel);
  }

  getConnectionInfo(): ConnectionInfo {
    return this.inner.getConnectionInfo();
  }

  dispose(): Promise<void> {
    // Both the engine (when it drops its handle) and our own shutdown may call this.
    this.#disposed ??= this.inner.dispose().then(this.afterDispose);
    return this.#disposed;
  }
}

/**
 * A database error in the shape adapter-pg gives the engine (kind "postgres"), plus the line of
 * the script it points at, which the native engine reports too. The engine writes this into the
 * failed migration's `logs` and its error message.
 */
function toPostgresError(error: unknown, script: string): unknown {
  if (!(error instanceof DatabaseError)) return error;
  const line = error.position === undefined ? undefined : lineAt(script, Number(error.position));
  return new DriverAdapterError({
    kind: "postgres",
    code: error.code ?? "N/A",
    severity: error.severity ?? "ERROR",
    message: line === undefined ? error.message : `${error.message}\n${line}`,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

/** "at line 12 of the script: ALTER TABLE …" for PostgreSQL's 1-based character position. */
function lineAt(script: string, position: number): string | undefined {
  if (!Number.isInteger(position) || position < 1) return undefined;
  const before = script.slice(0, position - 1).split("\n");
  const lineNumber = before.length;
  const text = script.split("\n")[lineNumber - 1]?.trim() ?? "";
  return `at line ${lineNumber} of the script: ${text}`;
}

const PG_CHAR_OID = 18;

function isCharColumnError(error: unknown): boolean {
  if (!(error instanceof Error) || !isDriverAdapterError(error)) return false;
  return error.cause.kind === "UnsupportedNativeDataType" && error.cause.type === "char";
}

// Column types of everything the engine's catalog queries select next to a "char" column, with
// the values node-postgres parses them to by default (which is also what adapter-pg returns).
const CATALOG_COLUMN_TYPES = new Map<number, ColumnType>([
  [16, ColumnTypeEnum.Boolean],
  [PG_CHAR_OID, ColumnTypeEnum.Character],
  [19, ColumnTypeEnum.Text], // name
  [20, ColumnTypeEnum.Int64],
  [21, ColumnTypeEnum.Int32],
  [23, ColumnTypeEnum.Int32],
  [25, ColumnTypeEnum.Text],
  [26, ColumnTypeEnum.Int64], // oid
  [1042, ColumnTypeEnum.Text], // bpchar
  [1043, ColumnTypeEnum.Text], // varchar
  [1000, ColumnTypeEnum.BooleanArray],
  [1002, ColumnTypeEnum.CharacterArray],
  [1005, ColumnTypeEnum.Int32Array],
  [1007, ColumnTypeEnum.Int32Array],
  [1009, ColumnTypeEnum.TextArray],
  [1015, ColumnTypeEnum.TextArray],
  [1016, ColumnTypeEnum.Int64Array],
]);

async function queryWithCharColumns(pool: Pool, query: SqlQuery): Promise<SqlResultSet> {
  const result = await pool.query<unknown[]>({ text: query.sql, values: query.args, rowMode: "array" });
  const columnTypes = result.fields.map((field) => {
    const type = CATALOG_COLUMN_TYPES.get(field.dataTypeID);
    if (type === undefined) {
      throw new DriverAdapterError({ kind: "UnsupportedNativeDataType", type: `oid ${field.dataTypeID}` });
    }
    return type;
  });
  return { columnNames: result.fields.map((field) => field.name), columnTypes, rows: result.rows };
}
