/**
 * `loglake reprocess`: re-puts the lake's Firehose error prefix to the delivery stream (core/reprocess/run.ts
 * over S3 + Firehose), after checking credentials, bucket and stream so a typo costs one line, not a stack.
 */
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { firehoseSink, s3ErrorStore } from "../core/io/s3-error-store.js";
import { type ReprocessResult, reprocessErrors, sinceProblem } from "../core/reprocess/run.js";
import { LAKE_PREFIXES } from "../schemas/lake-layout.js";
import { CliError, parse } from "./args.js";
import { awsError, callerAccount, checkDeliveryStream, clientConfig, resolveStage } from "./aws.js";
import { progressBar } from "./format.js";

const USAGE = `Usage: loglake reprocess (--stage S | --bucket B --stream NAME) [--prefix errors/] [--since YYYY-MM-DD]
                        [--region R] [--dry-run] [--json]

Re-puts the Firehose error records under the prefix (default errors/) to the delivery stream, byte for byte,
500 records / 4 MiB per PutRecordBatch with retries of failed entries. Each object moves to errors-reprocessed/
once every record in it was accepted; records that can never succeed (not base64, gzip, JSON, a CloudWatch
Logs payload nor a log_events row) go to errors-quarantine/ with the reason. Safe to interrupt and re-run.

  --stage S        take the bucket and stream names of stage S (sandbox, dev, test, prod; cdk.json overrides)
  --bucket B       the lake bucket (with --stream instead of --stage)
  --stream NAME    the delivery stream
  --prefix P       key prefix under errors/ (e.g. errors/processing-failed/2026/12/)
  --since D        only objects of day D (UTC) or later
  --region R       AWS region (default: the stage's env, then AWS_REGION)
  --dry-run        count what would be re-put and quarantined; change nothing
  --json           print the result as one JSON object (the last stdout line)

Exit code 1 when objects are left under the prefix (their records kept failing).`;

const n = (v: number): string => v.toLocaleString("en-US");

/** The one-line summary. */
export function reprocessSummaryLine(r: ReprocessResult, bucket: string, stream: string): string {
  const head = `reprocess s3://${bucket}/${r.prefix} → ${stream}${r.dry_run ? " (dry run: nothing put or moved)" : ""}:`;
  const moved = r.dry_run
    ? ""
    : `, ${n(r.objects_reprocessed)} moved to errors-reprocessed/, ${n(r.objects_left)} left`;
  const reput = `${n(r.records_reput)} records ${r.dry_run ? "to re-put" : "re-put"} (${n(r.events_reput)} log events)`;
  return `${head} ${n(r.objects)} objects${moved}; ${reput}, ${n(r.records_quarantined)} quarantined`;
}

async function checkTargets(s3: S3Client, firehose: FirehoseClient, bucket: string, stream: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (error as Error).name === "NotFound")
      throw new CliError(`bucket ${bucket} does not exist`, 1);
    throw awsError(error, `opening bucket ${bucket}`);
  }
  await checkDeliveryStream(firehose, stream);
}

/** `loglake reprocess`. */
export async function awsReprocess(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    stage: { type: "string" },
    bucket: { type: "string" },
    stream: { type: "string" },
    prefix: { type: "string" },
    since: { type: "string" },
    region: { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.stage && (values.bucket || values.stream))
    throw new CliError("pass --stage or --bucket/--stream, not both");
  if (!values.stage && !(values.bucket && values.stream)) {
    throw new CliError("pass --stage S, or both --bucket B and --stream NAME (see loglake reprocess --help)");
  }
  const prefix = values.prefix ?? LAKE_PREFIXES.errors;
  if (!prefix.startsWith(LAKE_PREFIXES.errors)) throw new CliError(`--prefix must start with ${LAKE_PREFIXES.errors}`);
  const problem = values.since === undefined ? null : sinceProblem(values.since);
  if (problem) throw new CliError(`--since ${problem}`);

  let bucket = values.bucket ?? "";
  let stream = values.stream ?? "";
  let region = values.region;
  if (values.stage) {
    const resolved = await resolveStage(values.stage, region);
    bucket = resolved.names.lakeBucket;
    stream = resolved.names.deliveryStream;
    region = resolved.region;
  } else {
    await callerAccount(region);
  }
  const s3 = new S3Client(clientConfig(region));
  const firehose = new FirehoseClient(clientConfig(region));
  await checkTargets(s3, firehose, bucket, stream);

  const bar = progressBar();
  const result = await reprocessErrors(s3ErrorStore(s3, bucket), firehoseSink(firehose, stream), {
    prefix,
    since: values.since,
    dryRun: values["dry-run"] ?? false,
    onProgress: (p) => bar.update({ stage: "reprocess", events: p.done, total: p.total, unit: "objects" }),
  })
    .catch((error: unknown) => {
      throw error instanceof CliError ? error : awsError(error, "reprocessing");
    })
    .finally(bar.done);
  for (const f of result.failures.slice(0, 5)) process.stderr.write(`loglake: left ${f.key}: ${f.error}\n`);
  process.stdout.write(
    `${values.json ? JSON.stringify({ bucket, stream, ...result }) : reprocessSummaryLine(result, bucket, stream)}\n`,
  );
  return result.objects_left > 0 ? 1 : 0;
}
