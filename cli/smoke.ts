/**
 * `loglake smoke --stage S`: the deployed pipeline end to end (core/smoke/run.ts). Writes a tagged
 * synthetic onboarding session to one of the stage's subscribed log groups, then waits until its rows
 * are queryable in Redshift (Data API) and prints the latency of each hop it could see. Exit 1 on timeout.
 */
import { randomUUID } from "node:crypto";
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ExecuteStatementCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { readAllRows, StatementError, waitForStatement } from "../core/io/redshift-data.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../core/load/names.js";
import { quoteQualified, redshiftLiteral } from "../core/load/quote.js";
import { createPartitioner } from "../core/partition.js";
import { runSmoke, type SmokeProbes, type SmokeResult } from "../core/smoke/run.js";
import type { StageConfig } from "../infra/config/index.js";
import type { LakeNames } from "../infra/config/stage-names.js";
import { curatedPartitionPrefix } from "../schemas/lake-layout.js";
import { CliError, type ParsedArgs, positiveInt } from "./args.js";
import { awsError, clientConfig, resolveStage } from "./aws.js";
import { progressBar } from "./format.js";

/** The log stream the session is written to: named after the smoke id, so its rows are found by log_stream. */
export const smokeStreamName = (smokeId: string): string => `loglake-smoke/${smokeId}`;

/** `YYYY-MM-DD HH:MM:SS` (UTC) of an instant, as Redshift reads a TIMESTAMP literal. */
const sqlTimestamp = (ms: number): string => new Date(ms).toISOString().replace("T", " ").slice(0, 19);

/** The count query: the session's rows, scanning only from a minute before the put (event_time is the sort key). */
export function smokeRowsQuery(stream: string, sinceMs: number): string {
  const table = quoteQualified(DEFAULT_WAREHOUSE_NAMES.schema, DEFAULT_WAREHOUSE_NAMES.table);
  return `SELECT COUNT(*), MIN(ingest_time) FROM ${table} WHERE event_time >= ${redshiftLiteral(sqlTimestamp(sinceMs - 60_000))} AND log_stream = ${redshiftLiteral(stream)}`;
}

/** The probes over CloudWatch Logs, S3 and the Data API. */
function awsProbes(
  config: StageConfig,
  names: LakeNames,
  logGroup: string,
  stream: string,
  putAt: () => number,
  clients: { logs: CloudWatchLogsClient; s3: S3Client; data: RedshiftDataClient },
  secretArn: string | undefined,
): SmokeProbes {
  const partition = createPartitioner(config.partitionTimeZone);
  const connection =
    config.warehouse.compute.kind === "serverless"
      ? { WorkgroupName: names.warehouse }
      : // Without a secret the Data API signs in with the caller's IAM identity (GetClusterCredentialsWithIAM).
        { ClusterIdentifier: names.warehouse, ...(secretArn ? { SecretArn: secretArn } : {}) };
  return {
    async put(events) {
      try {
        await clients.logs.send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: stream }));
        await clients.logs.send(
          new PutLogEventsCommand({ logGroupName: logGroup, logStreamName: stream, logEvents: [...events] }),
        );
      } catch (error) {
        if ((error as Error).name === "ResourceNotFoundException")
          throw new CliError(`log group ${logGroup} does not exist in ${await clients.logs.config.region()}`, 1);
        throw awsError(error, `writing the smoke session to ${logGroup}`);
      }
    },
    async firstCuratedObject(sinceMs) {
      const { dt, hour } = partition(sinceMs);
      let first: number | null = null;
      let token: string | undefined;
      do {
        const page = await clients.s3.send(
          new ListObjectsV2Command({
            Bucket: names.lakeBucket,
            Prefix: curatedPartitionPrefix(dt, hour),
            ContinuationToken: token,
          }),
        );
        for (const o of page.Contents ?? []) {
          const t = o.LastModified?.getTime();
          if (t !== undefined && t >= sinceMs && (first === null || t < first)) first = t;
        }
        token = page.NextContinuationToken;
      } while (token);
      return first;
    },
    async warehouseRows() {
      const { Id } = await clients.data.send(
        new ExecuteStatementCommand({
          Database: config.warehouse.databaseName,
          ...connection,
          Sql: smokeRowsQuery(stream, putAt()),
          StatementName: "loglake-smoke",
        }),
      );
      if (!Id) throw new Error("ExecuteStatement returned no statement id");
      const d = await waitForStatement(clients.data, Id);
      if (d.Status !== "FINISHED") throw new StatementError(`smoke query ${d.Status}: ${d.Error ?? ""}`, "FAILED", Id);
      const [row] = await readAllRows(clients.data, Id);
      const first = row?.[1];
      return {
        rows: Number(row?.[0] ?? 0),
        firstIngestMs: typeof first === "string" ? Date.parse(`${first.replace(" ", "T")}Z`) : null,
      };
    },
  };
}

const seconds = (ms: number | null): string => (ms === null ? "not seen" : `${(ms / 1000).toFixed(1)} s`);

/** The result as lines: one per hop, then the verdict. */
export function formatSmoke(r: SmokeResult, logGroup: string, timeoutMinutes: number): string {
  return [
    `smoke ${r.smoke_id}: ${r.events} events to ${logGroup}`,
    `  CloudWatch Logs → Firehose   ${seconds(r.firehose_ms)}`,
    `  → first lake object          ${seconds(r.lake_ms)}`,
    `  → rows in the warehouse      ${seconds(r.warehouse_ms)} (${r.rows}/${r.events} rows)`,
    r.ok ? "ok" : `timed out after ${timeoutMinutes} min: the pipeline did not load the session`,
  ].join("\n");
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** `loglake smoke`. */
export async function smoke({ values }: ParsedArgs): Promise<number> {
  const stage = str(values.stage);
  if (!stage) throw new CliError("--stage is required (see loglake smoke --help)");
  const timeoutMinutes = positiveInt("timeout", str(values.timeout), 15, 120);
  const { config, names, region } = await resolveStage(stage, str(values.region));
  const logGroup = str(values["log-group"]) ?? config.logGroups[0]?.name;
  if (!logGroup) {
    throw new CliError(`stage ${stage} subscribes no log group: pass --log-group G (one the stage subscribes)`);
  }
  const clients = {
    logs: new CloudWatchLogsClient(clientConfig(region)),
    s3: new S3Client(clientConfig(region)),
    data: new RedshiftDataClient(clientConfig(region)),
  };
  const smokeId = `smoke-${randomUUID()}`;
  const stream = smokeStreamName(smokeId);
  let putAt = Date.now();
  const probes = awsProbes(config, names, logGroup, stream, () => putAt, clients, str(values["secret-arn"]));
  const bar = progressBar();
  const result = await runSmoke(
    {
      ...probes,
      put: (events) => {
        putAt = events[0]?.timestamp ?? putAt;
        return probes.put(events);
      },
    },
    {
      smokeId,
      timeoutMs: timeoutMinutes * 60_000,
      onProgress: (r) => bar.update({ stage: "smoke", events: r.rows, total: r.events, unit: "rows" }),
    },
  )
    .catch((error: unknown) => {
      throw error instanceof CliError ? error : awsError(error, "running the smoke test");
    })
    .finally(bar.done);
  process.stdout.write(
    `${values.json === true ? JSON.stringify({ stage, log_group: logGroup, ...result }) : formatSmoke(result, logGroup, timeoutMinutes)}\n`,
  );
  return result.ok ? 0 : 1;
}
