/**
 * The one command table of `loglake`: every command's words, options, help and handler. Parsing, the
 * overview, each `--help` and the refusal of extra arguments all come from here (cli/command-table.ts).
 * Handlers load lazily so help and flag errors answer without loading DuckDB or the AWS SDK.
 */
import { DEFAULT_WAREHOUSE_NAMES } from "../core/load/names.js";
import { biViews } from "../core/load/views.js";
import type { OptionTable } from "./args.js";
import type { CommandDef } from "./command-table.js";

/** The bi views as `loglake query --help` lists them, from their one home (core/load/views.ts). */
const BI_VIEW_NAMES = biViews(DEFAULT_WAREHOUSE_NAMES)
  .map((v) => `bi.${v.name}`)
  .join(", ");

/** Where a local run lives unless --dir says otherwise. */
export const DEFAULT_DIR = ".loglake";
/** Fixed default seed: `npm start` twice replays the same events, and the warehouse gains nothing. */
export const DEFAULT_SEED = "onboarding";

const dir: OptionTable = {
  dir: { type: "string", value: "D", description: `the local run's folder (default ${DEFAULT_DIR})` },
};
const json: OptionTable = { json: { type: "boolean", description: "print one JSON object (the last stdout line)" } };
/** `--region`, the same for every AWS command. */
const region: OptionTable = {
  region: { type: "string", value: "R", description: "AWS region (default: the stage's env, then AWS_REGION)" },
};
/** `--stage S`, described for what the command takes from the stage. */
const stage = (what: string, note = ""): OptionTable => ({
  stage: { type: "string", value: "S", description: `${what} (sandbox, dev, test, prod; cdk.json overrides${note})` },
});
const queryOptions: OptionTable = {
  ...dir,
  file: { type: "string", value: "F", description: "read the SQL from file F (- for standard input)" },
  format: {
    type: "string",
    value: "table|csv|json|ndjson",
    description: "output format (default table on a terminal, csv otherwise)",
  },
  json: { type: "boolean", description: "same as --format json" },
};
const QUERY_NOTE =
  "Read-only: one SELECT (or EXPLAIN) per call; statements that change data, settings or files are refused\nand change nothing. SQL comes from the argument, --file F, or standard input. Rows stream as they are read.";

/** Every command, in the order the overview lists them. */
export const COMMANDS: readonly CommandDef[] = [
  {
    path: ["local", "run"],
    positionals: 0,
    summary: "run the whole pipeline locally",
    description: `Generates onboarding-app traffic and runs it through the local Firehose, the real transform handler,
the lake (D/lake/raw, curated Parquet, errors) and the loader into the warehouse (D/warehouse.duckdb).
Ctrl-C stops it cleanly: scratch removed, the warehouse closed with what was loaded.`,
    options: {
      events: { type: "string", value: "N", description: "log events to generate (default 100000)" },
      seed: {
        type: "string",
        value: "S",
        description: `generator seed; same seed, same events and ids (default "${DEFAULT_SEED}")`,
      },
      ...dir,
      ...json,
    },
    run: async (a) => (await import("./local-commands.js")).localRun(a),
  },
  {
    path: ["local", "reprocess"],
    positionals: 0,
    summary: "re-put the local error prefix",
    description: `Re-puts every Firehose error record under D/lake/errors/ into the local stream (the transform passes
log_events rows through and re-parses CloudWatch payloads), then moves each object re-put in full to
D/lake/errors-reprocessed/. Records that fail again land in new error objects.`,
    options: { ...dir, ...json },
    run: async (a) => (await import("./local-commands.js")).localReprocess(a),
  },
  {
    path: ["local", "load"],
    positionals: 0,
    summary: "rebuild the local warehouse from the lake",
    description: `Lists every curated Parquet object of the local lake (D/lake/curated/log_events/dt=…/hour=…/*.parquet)
and loads them into D/warehouse.duckdb (created when missing) through the loader of \`local run\`: objects in the
load ledger are skipped, and one row per event_id is kept. For a warehouse that was lost or missed objects (a
full disk, an interrupted run). Rows deleted while the ledger still lists their objects are not reloaded: the
load then compares the warehouse's distinct event ids with the lake's, names the partitions whose ledger rows to
delete, and exits 1. Running it again loads nothing. To rebuild from scratch, delete D/warehouse.duckdb first.`,
    options: { ...dir, ...json },
    run: async (a) => (await import("./local-commands.js")).localLoad(a),
  },
  {
    path: ["local", "clean"],
    positionals: 0,
    summary: "remove a local run's folder (says what it holds first)",
    description: `Lists what D holds (lake objects, warehouse, report) and removes the folder. Refuses a folder with
files loglake did not write, and one whose warehouse a running command holds.`,
    options: { ...dir },
    run: async (a) => (await import("./local-commands.js")).localClean(a),
  },
  {
    path: ["query"],
    args: '["SQL"]',
    positionals: 1,
    summary: "SQL on the local warehouse (DuckDB), read-only",
    description: `Runs SQL on the local warehouse: logs.log_events, logs.load_ledger and the BI views
${BI_VIEW_NAMES}.\n${QUERY_NOTE}`,
    options: queryOptions,
    run: async (a) => (await import("./query-commands.js")).warehouseQuery(a),
  },
  {
    path: ["lake", "query"],
    args: '["SQL"]',
    positionals: 1,
    summary: "SQL on the lake's Parquet (view log_events), read-only",
    description: `Runs SQL on the lake's curated Parquet (the Athena stand-in): a view log_events over
D/lake/curated/log_events/**/*.parquet with the hive partition columns dt and hour.\n${QUERY_NOTE}`,
    options: queryOptions,
    run: async (a) => (await import("./query-commands.js")).lakeQuery(a),
  },
  {
    path: ["report"],
    positionals: 0,
    summary: "write an HTML page of charts from the local warehouse's bi views",
    description: `Writes one self-contained HTML page (the chart library inlined: it opens offline) with what Power BI
will show, read from the same bi.* views through the read-only query path: the onboarding funnel by day and step,
events per hour by source, Lambda p50/p95 duration and failed invocations by function, API status codes per route
and the top errors, under a header with the warehouse's counts and the lake and warehouse paths.
\`loglake local run\` writes it too, at the end of every run.`,
    options: {
      ...dir,
      out: { type: "string", value: "F.html", description: "where to write the page (default D/report.html)" },
      ...json,
    },
    run: async (a) => (await import("./report-command.js")).report(a),
  },
  {
    path: ["reprocess"],
    positionals: 0,
    summary: "re-put the AWS error prefix to the delivery stream",
    description: `Re-puts the Firehose error records under the prefix (default errors/) to the delivery stream, byte for byte,
500 records / 4 MiB per PutRecordBatch with retries of failed entries. Each object moves to errors-reprocessed/
once every record in it was accepted; records that can never succeed go to errors-quarantine/ with the reason.
Safe to interrupt and re-run. Give --stage S, or --bucket B and --stream NAME. Exit code 1 when objects are
left under the prefix (their records kept failing).`,
    options: {
      ...stage("take the bucket and stream names of stage S"),
      bucket: { type: "string", value: "B", description: "the lake bucket (with --stream instead of --stage)" },
      stream: { type: "string", value: "NAME", description: "the delivery stream" },
      prefix: {
        type: "string",
        value: "P",
        description: "key prefix under errors/ (e.g. errors/processing-failed/2026/12/)",
      },
      since: { type: "string", value: "YYYY-MM-DD", description: "only objects of that day (UTC) or later" },
      ...region,
      "dry-run": { type: "boolean", description: "count what would be re-put and quarantined; change nothing" },
      ...json,
    },
    run: async (a) => (await import("./reprocess.js")).awsReprocess([...a.argv]),
  },
  {
    path: ["backfill"],
    positionals: 0,
    summary: "replay a log group's older events into the delivery stream",
    description: `Reads the log group's events of [--start, --end) with FilterLogEvents (paged; throttling waited out) and
puts them to the delivery stream as the subscription filter would have: one gzip'd DATA_MESSAGE per log
stream and chunk, with the events' real ids, 500 records / 4 MiB per PutRecordBatch with retries of failed
entries. For logs written before the subscription existed. Re-running it, or overlapping what the
subscription delivered, adds no rows: the loader keeps one row per event_id.
Times: a UTC day (2026-11-01 = its midnight) or an ISO 8601 time with Z or an offset.`,
    options: {
      "log-group": { type: "string", value: "G", description: "the CloudWatch Logs log group to read" },
      start: { type: "string", value: "T1", description: "first instant of the window (inclusive)" },
      end: { type: "string", value: "T2", description: "end of the window (exclusive)" },
      stream: { type: "string", value: "NAME", description: "the delivery stream (or --stage)" },
      ...stage("take the delivery stream of stage S"),
      ...region,
      "dry-run": { type: "boolean", description: "read and count; put nothing" },
      ...json,
    },
    run: async (a) => (await import("./backfill.js")).awsBackfill(a),
  },
  {
    path: ["backfill-lake"],
    positionals: 0,
    summary: "queue existing lake partitions for the loader (objects its ledger lacks)",
    description: `Lists the curated Parquet objects of each day from --from to --to (dt partitions, both included, at most 366;
ListObjectsV2 under curated/log_events/dt=D/ of the stage's lake bucket, paged) and sends one S3 event
notification per object to the stage's load queue (<stem>-load, the loading stack's LoadQueueUrl), 10 per
SendMessageBatch; failed entries are retried with backoff (refusals such as AccessDenied or KMS errors are not).
If some are never sent it stops (exit code 1) with the messages sent of the whole range and the day to resume
from (--from D). The loader then loads them in its usual micro-batches. For a warehouse that missed objects.
Objects in the load ledger are skipped, and event ids the table holds are not inserted again: a backfill of
loaded partitions changes nothing, and re-running one is safe. Rows deleted from logs.log_events (or a table
re-created by hand) are NOT reloaded while the ledger lists their objects: delete the range's ledger rows first
(or TRUNCATE logs.load_ledger for a re-created table).`,
    options: {
      ...stage("the deployed stage"),
      from: { type: "string", value: "YYYY-MM-DD", description: "first day (dt partition) to backfill" },
      to: { type: "string", value: "YYYY-MM-DD", description: "last day, included (at most 366 days in all)" },
      ...region,
      "dry-run": { type: "boolean", description: "list objects and bytes per day; send nothing" },
      ...json,
    },
    required: ["stage", "from", "to"],
    run: async (a) => (await import("./backfill-lake.js")).backfillLake(a),
  },
  {
    path: ["smoke"],
    positionals: 0,
    summary: "end-to-end test of a deployed stage",
    description: `Writes a tagged synthetic onboarding session (6 events) to a log group the stage subscribes, in a new log
stream loglake-smoke/<id>, then waits until its rows are queryable in Redshift (Data API) and prints the
latency of each hop it can see: CloudWatch Logs → Firehose (the rows' ingest_time), the first lake object
written after the put, and the rows in the warehouse. Exit code 1 when the rows did not arrive in time.`,
    options: {
      ...stage("the deployed stage"),
      "log-group": {
        type: "string",
        value: "G",
        description: "the log group to write to (default: the stage's first)",
      },
      timeout: { type: "string", value: "MIN", description: "minutes to wait for the rows (default 15, at most 120)" },
      "secret-arn": {
        type: "string",
        value: "ARN",
        description: "provisioned cluster: sign in with this secret (default: your IAM identity)",
      },
      ...region,
      ...json,
    },
    run: async (a) => (await import("./smoke.js")).smoke(a),
  },
  {
    path: ["cost"],
    positionals: 0,
    summary: "estimate a stage's monthly AWS cost",
    description: `Prints a monthly estimate per component (Firehose ingestion, Parquet conversion and dynamic partitioning,
the transform and loader Lambdas, S3 per zone and storage class, SQS, Redshift, Athena, endpoints) for the stage's
configuration (cdk.json overrides applied) and a daily log volume, from the dated us-east-1 price table in
core/cost/prices.ts, and the same total for the Glue-job design the project replaced. No AWS account needed.`,
    options: {
      ...stage("the stage", "; default prod"),
      "gb-per-day": {
        type: "string",
        value: "N",
        description: "GB of log text a day written to the log groups (default 10)",
      },
      ...json,
    },
    run: async (a) => (await import("./cost.js")).cost(a),
  },
  {
    path: ["warehouse", "ddl"],
    positionals: 0,
    summary: "print the Redshift setup steps for an empty warehouse (users, tables, bi views, grants)",
    description: `Prints, step by step, what the warehouse setup custom resource runs on an empty warehouse: the users
(passwords shown as placeholders: the setup reads them from the reader and loader secrets and sends only their
MD5 form, md5 + md5hex(password + lowercase user name), never the password itself), the logs and bi
schemas, logs.log_events (SORTKEY event_time), the load ledger, logs.setup_objects (the definitions it applied),
the bi views and materialized views, then the grants: the BI reader gets SELECT on bi only (views created later
included); with --loader-user, the loader's database user gets SELECT and INSERT on logs.log_events and the
ledger (and UPDATE on the ledger, for its LOCK). An IAMR:<role> loader (Serverless) is created PASSWORD DISABLE.
On a warehouse that has the objects, the setup plans from the live catalog instead (ADD COLUMN, DROP + CREATE).`,
    options: {
      "reader-user": { type: "string", value: "NAME", description: "BI reader user (default: bi_reader)" },
      "loader-user": {
        type: "string",
        value: "NAME",
        description: "loader database user: IAMR:<loader role> (Serverless) or the loader secret's username",
      },
    },
    run: async (a) => {
      const { warehouseSetupPlan } = await import("../core/load/setup-plan.js");
      const { EMPTY_WAREHOUSE } = await import("../core/load/setup-catalog.js");
      const { DEFAULT_WAREHOUSE_NAMES } = await import("../core/load/names.js");
      const option = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
      const readerName = option(a.values["reader-user"]) ?? "bi_reader";
      const loaderName = option(a.values["loader-user"]);
      const loader =
        loaderName === undefined
          ? undefined
          : /^IAMR:/i.test(loaderName)
            ? { name: loaderName, passwordDisabled: true as const }
            : { name: loaderName, placeholder: "md5<md5 hex of the loader secret password + user name>" };
      const steps = warehouseSetupPlan(EMPTY_WAREHOUSE, {
        names: DEFAULT_WAREHOUSE_NAMES,
        users: {
          reader: { name: readerName, placeholder: "md5<md5 hex of the reader secret password + user name>" },
          loader,
        },
      });
      process.stdout.write(steps.map((s) => `-- ${s.name}\n${s.sql};\n`).join("\n"));
      return 0;
    },
  },
];
