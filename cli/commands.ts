/**
 * The `loglake` commands. Each parses its flags, calls the local runtime, and prints a human summary or,
 * with `--json`, one JSON object as the last stdout line.
 */
import { queryLake } from "../local/lake-query.js";
import { localPaths } from "../local/paths.js";
import { reprocessLocal } from "../local/reprocess.js";
import { runLocal } from "../local/run.js";
import { LocalWarehouse } from "../local/warehouse.js";
import { CliError, parse, positiveInt } from "./args.js";
import { formatReprocessSummary, formatRunSummary, formatTable, progressBar, tableJson } from "./format.js";

const DEFAULT_DIR = ".loglake";
/** Fixed default seed: `npm start` twice replays the same events, and the warehouse gains nothing. */
const DEFAULT_SEED = "onboarding";

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** `loglake local run`. */
export async function localRun(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    events: { type: "string" },
    seed: { type: "string" },
    dir: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    out(`Usage: loglake local run [--events N] [--seed S] [--dir D] [--json]

Generates onboarding-app traffic and runs it through the local Firehose, the real transform handler,
the lake (D/lake/raw, curated Parquet, errors) and the loader into the warehouse (D/warehouse.duckdb).

  --events N   log events to generate (default 100000)
  --seed S     seed of the generator; same seed, same events and ids (default "${DEFAULT_SEED}")
  --dir D      where the lake and warehouse live (default ${DEFAULT_DIR})
  --json       print the summary as one JSON object (the last stdout line)`);
    return 0;
  }
  const events = positiveInt("events", values.events, 100_000);
  const seed = values.seed ?? DEFAULT_SEED;
  if (seed === "") throw new CliError("--seed must not be empty");
  const bar = progressBar();
  const summary = await runLocal({ events, seed, dir: values.dir ?? DEFAULT_DIR, onProgress: bar.update }).finally(
    bar.done,
  );
  const { planted: _planted, corrupt: _corrupt, ...result } = summary;
  out(values.json ? JSON.stringify(result) : formatRunSummary(result, seed));
  return 0;
}

/** `loglake local reprocess`. */
export async function localReprocess(argv: string[]): Promise<number> {
  const { values } = parse(argv, { dir: { type: "string" }, json: { type: "boolean" } });
  if (values.help) {
    out(`Usage: loglake local reprocess [--dir D] [--json]

Re-puts every Firehose error record under D/lake/errors/ into the local stream (the transform passes
log_events rows through and re-parses CloudWatch payloads), then moves each object re-put in full to
D/lake/errors-reprocessed/. Records that fail again land in new error objects.`);
    return 0;
  }
  const result = await reprocessLocal({ dir: values.dir ?? DEFAULT_DIR });
  out(values.json ? JSON.stringify(result) : formatReprocessSummary(result));
  return 0;
}

function sqlArg(positionals: string[], usage: string): string {
  const sql = positionals[0];
  if (!sql || sql.trim() === "") throw new CliError(`missing SQL (usage: ${usage})`);
  return sql;
}

/** `loglake query "SQL"` on the warehouse. */
export async function warehouseQuery(argv: string[]): Promise<number> {
  const usage = 'loglake query "SQL" [--dir D] [--json]';
  const { values, positionals } = parse(argv, { dir: { type: "string" }, json: { type: "boolean" } }, 1);
  if (values.help) {
    out(`Usage: ${usage}

Runs SQL on the local warehouse (DuckDB): logs.log_events, logs.load_ledger and the BI views
bi.recent_events, bi.errors_by_service_day, bi.onboarding_funnel, bi.lambda_performance.`);
    return 0;
  }
  const sql = sqlArg(positionals, usage);
  const paths = localPaths(values.dir ?? DEFAULT_DIR);
  const { existsSync } = await import("node:fs");
  if (!existsSync(paths.warehouse))
    throw new CliError(`no warehouse at ${paths.warehouse}; run \`loglake local run\` first`, 1);
  const warehouse = await LocalWarehouse.open(paths.warehouse);
  try {
    const result = await warehouse.query(sql).catch((error: unknown) => {
      throw new CliError(`query failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, 1);
    });
    out(values.json ? tableJson(result) : formatTable(result));
  } finally {
    warehouse.close();
  }
  return 0;
}

/** `loglake lake query "SQL"` on the Parquet lake. */
export async function lakeQuery(argv: string[]): Promise<number> {
  const usage = 'loglake lake query "SQL" [--dir D] [--json]';
  const { values, positionals } = parse(argv, { dir: { type: "string" }, json: { type: "boolean" } }, 1);
  if (values.help) {
    out(`Usage: ${usage}

Runs SQL on the lake's curated Parquet (the Athena stand-in): a view log_events over
D/lake/curated/log_events/**/*.parquet with the hive partition columns dt and hour.`);
    return 0;
  }
  const sql = sqlArg(positionals, usage);
  const result = await queryLake(localPaths(values.dir ?? DEFAULT_DIR), sql).catch((error: unknown) => {
    const message = (error instanceof Error ? error.message.split("\n")[0] : String(error)) ?? "";
    throw new CliError(message.startsWith("no Parquet") ? message : `query failed: ${message}`, 1);
  });
  out(values.json ? tableJson(result) : formatTable(result));
  return 0;
}

/** `loglake reprocess` (AWS); loaded on use so local commands never load the S3 client. */
export async function reprocess(argv: string[]): Promise<number> {
  const { awsReprocess } = await import("./reprocess.js");
  return awsReprocess(argv);
}
