/**
 * The read-only rule of `loglake query` and `loglake lake query`: which statements may run, and the one-line
 * message for those that may not. Pure: the runtime passes DuckDB's statement type by name and its error text.
 * The database is also opened read-only with file access fenced (see local/query.ts); this rule is what gives
 * the user a clear message instead of DuckDB's, and what stops COPY/ATTACH inside the lake's own folder.
 */

/** Statement kinds a query may run: they read and never change anything. */
export const READ_ONLY_STATEMENT_TYPES: readonly string[] = ["SELECT", "EXPLAIN"];

/** A statement refused before it ran: nothing was changed. */
export class QueryRefusedError extends Error {
  override readonly name = "QueryRefusedError";
}

/** What a query runs against, as the user calls it in messages. */
export type QueryTarget = "warehouse" | "lake";

const WHAT: Readonly<Record<string, string>> = {
  DELETE: "DELETE changes data",
  UPDATE: "UPDATE changes data",
  INSERT: "INSERT changes data",
  MERGE_INTO: "MERGE changes data",
  DROP: "DROP removes objects",
  CREATE: "CREATE adds objects",
  ALTER: "ALTER changes objects",
  COPY: "COPY reads or writes files",
  COPY_DATABASE: "COPY FROM DATABASE writes a database",
  EXPORT: "EXPORT DATABASE writes files",
  ATTACH: "ATTACH opens another database",
  DETACH: "DETACH closes a database",
  LOAD: "INSTALL and LOAD add extensions",
  EXTENSION: "extension statements add code",
  UPDATE_EXTENSIONS: "UPDATE EXTENSIONS adds code",
  SET: "SET and USE change settings",
  VARIABLE_SET: "SET VARIABLE changes session state",
  TRANSACTION: "transaction statements are not needed for reading",
  CALL: "CALL runs procedures (such as CHECKPOINT)",
  VACUUM: "VACUUM rewrites storage",
  ANALYZE: "ANALYZE writes statistics",
  PRAGMA: "PRAGMA changes settings",
  PREPARE: "PREPARE is not supported here",
  EXECUTE: "EXECUTE is not supported here",
  CREATE_FUNC: "CREATE FUNCTION adds objects",
};

function suffix(target: QueryTarget): string {
  const allowed = READ_ONLY_STATEMENT_TYPES.join(" and ");
  return `the ${target} is read-only here (${allowed} only); nothing was changed`;
}

/** The refusal message for a statement type, or null when the type may run. */
export function refusalForStatement(statementType: string, target: QueryTarget): string | null {
  if (READ_ONLY_STATEMENT_TYPES.includes(statementType)) return null;
  const what = WHAT[statementType] ?? `${statementType} statements are not reads`;
  return `refused: ${what}; ${suffix(target)}`;
}

/** The refusal for a text of several statements (each would print its own result, so one per call). */
export function refusalForCount(count: number): string | null {
  if (count === 1) return null;
  if (count === 0) return "no SQL statement to run";
  return `refused: ${count} statements given; run one statement per query (nothing was run)`;
}

/**
 * The refusal for a DuckDB error that the fences raised while the statement was prepared (file access
 * outside the lake, a write on the read-only file), or null for any other error (a real query failure).
 */
export function refusalForError(message: string, target: QueryTarget): string | null {
  if (message.includes("file system operations are disabled by configuration")) {
    const file = /Cannot access (?:file|directory) "([^"]+)"/.exec(message)?.[1];
    return `refused: queries cannot read or write files${file ? ` (${file})` : ""}; ${suffix(target)}`;
  }
  if (/attached in read-only mode|read-only mode/.test(message)) return `refused: ${suffix(target)}`;
  if (message.includes("the configuration has been locked")) return `refused: settings are locked; ${suffix(target)}`;
  return null;
}
