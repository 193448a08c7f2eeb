/**
 * Handlers of `loglake query` and `loglake lake query`: the SQL from the argument, --file or standard input,
 * a read-only session (local/query.ts), rows streamed to stdout in the chosen format.
 */
import { readFileSync } from "node:fs";
import { localPaths } from "../local/paths.js";
import { QuerySession } from "../local/query.js";
import { CliError, dirOption, type ParsedArgs } from "./args.js";
import { DEFAULT_DIR } from "./commands.js";
import { QUERY_FORMATS, type QueryFormat, streamSink, writeQueryResult } from "./query-output.js";

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** The output format: --format, --json, else table on a terminal and CSV in a pipe. */
export function queryFormat(values: ParsedArgs["values"], isTTY: boolean): QueryFormat {
  const format = str(values.format);
  if (format !== undefined && values.json === true && format !== "json")
    throw new CliError(`--json and --format ${format} disagree; give one`);
  if (format === undefined) return values.json === true ? "json" : isTTY ? "table" : "csv";
  if (!(QUERY_FORMATS as readonly string[]).includes(format))
    throw new CliError(`--format must be one of ${QUERY_FORMATS.join(", ")}, got "${format}"`);
  return format as QueryFormat;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The SQL text: exactly one of the argument, --file F (- = stdin), or piped standard input. */
async function sqlText(args: ParsedArgs, usage: string): Promise<string> {
  const positional = args.positionals[0];
  const file = str(args.values.file);
  if (positional !== undefined && file !== undefined)
    throw new CliError("give the SQL as an argument or --file, not both");
  let sql: string | undefined = positional;
  if (file === "-") sql = await readStdin();
  else if (file !== undefined) {
    try {
      sql = readFileSync(file, "utf8");
    } catch (error) {
      throw new CliError(`cannot read --file ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`, 1);
    }
  } else if (sql === undefined && !process.stdin.isTTY) sql = await readStdin();
  if (sql === undefined || sql.trim() === "") throw new CliError(`missing SQL (usage: ${usage})`);
  return sql;
}

async function runQuery(args: ParsedArgs, open: () => Promise<QuerySession>, usage: string): Promise<number> {
  const format = queryFormat(args.values, process.stdout.isTTY === true);
  const sql = await sqlText(args, usage);
  const session = await open();
  try {
    const stream = await session.stream(sql);
    await writeQueryResult(stream, format, streamSink(process.stdout), { footer: args.values.quiet !== true });
  } finally {
    session.close();
  }
  return 0;
}

/** `loglake query "SQL"` on the warehouse. */
export async function warehouseQuery(args: ParsedArgs): Promise<number> {
  const paths = localPaths(dirOption(str(args.values.dir), DEFAULT_DIR));
  return runQuery(args, () => QuerySession.openWarehouse(paths.warehouse), 'loglake query "SQL" [--dir D]');
}

/** `loglake lake query "SQL"` on the Parquet lake. */
export async function lakeQuery(args: ParsedArgs): Promise<number> {
  const paths = localPaths(dirOption(str(args.values.dir), DEFAULT_DIR));
  return runQuery(args, () => QuerySession.openLake(paths), 'loglake lake query "SQL" [--dir D]');
}
