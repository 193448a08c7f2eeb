/**
 * Query results as text, written as they stream: table (aligned; widths from the first rows), CSV (RFC 4180),
 * JSON (one object with every row) and NDJSON (one object per line). Values arrive JSON-safe (numbers,
 * ISO timestamps, text) from local/query.ts; floats are rounded in tables only.
 */
import type { QueryColumn, QueryStream } from "../local/query.js";

/** Output formats of `loglake query`. */
export const QUERY_FORMATS = ["table", "csv", "json", "ndjson"] as const;
/** One of {@link QUERY_FORMATS}. */
export type QueryFormat = (typeof QUERY_FORMATS)[number];

/** Where text goes; resolves when the text is accepted (so a slow pipe slows the query, not memory). */
export type Sink = (text: string) => Promise<void>;

/** Rows the table looks at before it fixes its column widths. */
const TABLE_SAMPLE_ROWS = 1000;
const MAX_CELL = 60;

/** A value as one CSV field: empty for NULL, quoted when it holds a comma, quote or line break. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A value as one table cell: NULL spelled out, floats rounded to 3 decimals, whitespace flattened, long text cut. */
export function tableCell(value: unknown, column: Pick<QueryColumn, "kind">, maxCell = MAX_CELL): string {
  let text: string;
  if (value === null || value === undefined) text = "NULL";
  else if (typeof value === "number" && column.kind === "float") text = String(Math.round(value * 1000) / 1000);
  else text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  const flat = text.replace(/\s+/g, " ");
  return flat.length > maxCell ? `${flat.slice(0, maxCell - 1)}…` : flat;
}

function rowObject(columns: readonly QueryColumn[], row: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) out[(columns[i] as QueryColumn).name] = row[i] ?? null;
  return out;
}

const count = (n: number): string => `(${n.toLocaleString("en-US")} ${n === 1 ? "row" : "rows"})`;

/**
 * Writes a query's rows to `sink` in `format`; resolves to the row count. `footer` adds the table's
 * "(N rows)" line (off with --quiet).
 */
export async function writeQueryResult(
  stream: QueryStream,
  format: QueryFormat,
  sink: Sink,
  options: { footer?: boolean } = {},
): Promise<number> {
  const { columns } = stream;
  let rows = 0;
  if (format === "table") return writeTable(stream, sink, options.footer ?? true);
  if (format === "csv") await sink(`${columns.map((c) => csvField(c.name)).join(",")}\n`);
  if (format === "json") await sink(`{"columns":${JSON.stringify(columns.map((c) => c.name))},"rows":[`);
  for await (const batch of stream.batches) {
    let text = "";
    for (const row of batch) {
      if (format === "csv") text += `${row.map(csvField).join(",")}\n`;
      else if (format === "ndjson") text += `${JSON.stringify(rowObject(columns, row))}\n`;
      else text += `${rows > 0 ? "," : ""}${JSON.stringify(rowObject(columns, row))}`;
      rows += 1;
    }
    await sink(text);
  }
  if (format === "json") await sink(`],"row_count":${rows}}\n`);
  return rows;
}

async function writeTable(stream: QueryStream, sink: Sink, footer: boolean): Promise<number> {
  const { columns } = stream;
  const iterator = stream.batches[Symbol.asyncIterator]();
  const sample: string[][] = [];
  let done = false;
  while (!done && sample.length < TABLE_SAMPLE_ROWS) {
    const next = await iterator.next();
    if (next.done) done = true;
    else for (const row of next.value) sample.push(row.map((v, i) => tableCell(v, columns[i] ?? { kind: "other" })));
  }
  const widths = columns.map((c, i) => Math.max(c.name.length, ...sample.map((r) => (r[i] ?? "").length)));
  const right = columns.map((c) => c.kind === "integer" || c.kind === "float");
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  await sink(
    `${[line(columns.map((c) => c.name)), line(widths.map((w) => "-".repeat(w))), ...sample.map(line)].join("\n")}\n`,
  );
  let rows = sample.length;
  while (!done) {
    const next = await iterator.next();
    if (next.done) break;
    let text = "";
    for (const row of next.value) text += `${line(row.map((v, i) => tableCell(v, columns[i] ?? { kind: "other" })))}\n`;
    rows += next.value.length;
    await sink(text);
  }
  if (footer) await sink(`${count(rows)}\n`);
  return rows;
}

/** A sink on a Node stream that waits for 'drain' when the stream's buffer is full. */
export function streamSink(stream: NodeJS.WritableStream): Sink {
  return (text) =>
    new Promise((resolve) => {
      if (text === "" || stream.write(text)) resolve();
      else stream.once("drain", () => resolve());
    });
}
