/**
 * SQL quoting shared by the Redshift and DuckDB builders. Both dialects follow the SQL standard here:
 * identifiers in double quotes, literals in single quotes, the quote character doubled inside.
 */

/** Thrown when a value cannot be made safe for SQL (a NUL byte truncates statements in some drivers). */
export class SqlQuoteError extends Error {
  override readonly name = "SqlQuoteError";
}

function rejectNul(value: string): void {
  if (value.includes("\u0000")) throw new SqlQuoteError("SQL text must not contain NUL bytes");
}

/** Quotes one identifier: `log_events` → `"log_events"`, `a"b` → `"a""b"`. */
export function quoteIdent(name: string): string {
  rejectNul(name);
  if (name.length === 0) throw new SqlQuoteError("an SQL identifier must not be empty");
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a dotted name part by part: `logs.log_events` → `"logs"."log_events"`. */
export function quoteQualified(...parts: readonly string[]): string {
  return parts.map(quoteIdent).join(".");
}

/** Quotes a string literal the SQL-standard way (DuckDB): `it's` → `'it''s'`; a backslash stays literal. For Redshift see {@link redshiftLiteral}. */
export function quoteLiteral(value: string): string {
  rejectNul(value);
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Quotes a string literal for Redshift, which (unlike DuckDB and the SQL standard) reads a backslash in a
 * literal as an escape: `a\b` → `'a\\b'`, `it's` → `'it''s'`.
 */
export function redshiftLiteral(value: string): string {
  rejectNul(value);
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/** A numeric literal; refuses NaN/Infinity, which neither dialect accepts unquoted. */
export function numberLiteral(value: number | bigint): string {
  if (typeof value === "number" && !Number.isFinite(value)) throw new SqlQuoteError(`not a finite number: ${value}`);
  return String(value);
}
