/**
 * `loglake backfill-lake`: loads existing lake partitions through the AWS loader. Lists the curated objects
 * of each day of the range (ListObjectsV2, paged, under `curated/log_events/dt=D/`) and queues one S3 event
 * notification per object (core/load/notifications.ts builds the body) on the stage's load queue, 10 per
 * SendMessageBatch with retries of failed entries. The loader's ledger makes objects already loaded a no-op.
 * Every day is listed before anything is sent, so a send that stops can say how much of the whole range went
 * and the day to resume from.
 */
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import {
  QueueRefusedError,
  QueueSendError,
  type SendOptions,
  sendMessagesReliably,
} from "../core/io/send-message-batch.js";
import { parseQueueBody, s3NotificationBodyOf } from "../core/load/notifications.js";
import type { ObjectCreated } from "../core/load/plan.js";
import { curatedDayPrefix, curatedPartition, LAKE_PREFIXES } from "../schemas/lake-layout.js";
import { CliError, type ParsedArgs } from "./args.js";
import { awsError, clientConfig, resolveStage } from "./aws.js";
import { progressBar } from "./format.js";

/** The longest range one call takes: a year and a day, so a whole (leap) year fits. */
export const MAX_BACKFILL_DAYS = 366;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A `--from`/`--to` value as the epoch ms of its UTC midnight; a one-line usage error when it is not a real day. */
function parseDay(flag: string, value: string | undefined): number {
  if (value === undefined || value === "") throw new CliError(`--${flag} is required (YYYY-MM-DD)`);
  const m = DAY.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  // Date.UTC rolls 2026-02-30 over to March 2: a day that does not round-trip does not exist.
  if (!m || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new CliError(`--${flag} must be a real day as YYYY-MM-DD, got "${value}"`);
  }
  return ms;
}

/** The dt partitions from `from` to `to`, both included, validated (real days, from ≤ to, at most 366). */
export function backfillDays(from: string | undefined, to: string | undefined): string[] {
  const start = parseDay("from", from);
  const end = parseDay("to", to);
  if (end < start) throw new CliError(`--from ${from} is after --to ${to}`);
  const count = (end - start) / DAY_MS + 1;
  if (count > MAX_BACKFILL_DAYS) {
    throw new CliError(`--from ${from} --to ${to} spans ${count} days; at most ${MAX_BACKFILL_DAYS} per call`);
  }
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/** One day of the range: its curated objects and their bytes. */
export interface BackfillDay {
  readonly dt: string;
  readonly objects: number;
  readonly bytes: number;
}

/** What a backfill did; field names are the `--json` contract. */
export interface BackfillLakeResult {
  readonly stage: string;
  readonly bucket: string;
  /** null on a dry run (the queue is not looked up). */
  readonly queue_url: string | null;
  readonly from: string;
  readonly to: string;
  readonly dry_run: boolean;
  readonly days: readonly BackfillDay[];
  readonly objects: number;
  readonly bytes: number;
  readonly messages_sent: number;
  readonly send_calls: number;
  readonly retried: number;
  /** The first day not wholly sent when sending stopped (pass it as --from to resume); null when all went. */
  readonly resume_from: string | null;
}

/** Every curated Parquet object of day `dt` (all pages); other keys under the prefix are not objects to load. */
export async function listCuratedDay(s3: S3Client, bucket: string, dt: string): Promise<ObjectCreated[]> {
  const objects: ObjectCreated[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: curatedDayPrefix(dt), ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      if (!o.Key || curatedPartition(o.Key) === null) continue;
      // The notification carries the size into the ledger's content_length: 0 would be a wrong manifest.
      if (o.Size === undefined) throw new Error(`ListObjectsV2 returned ${o.Key} without its Size`);
      objects.push({ bucket, key: o.Key, size: o.Size });
    }
    // A truncated page without a token would end the listing early and silently drop the rest of the day.
    if (page.IsTruncated && !page.NextContinuationToken) {
      throw new Error(`ListObjectsV2 said IsTruncated without a NextContinuationToken after ${objects.length} objects`);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

const n = (v: number): string => v.toLocaleString("en-US");
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The human output: per-day lines on a dry run, then one summary line. */
export function formatBackfillLake(r: BackfillLakeResult): string {
  const head = `backfill-lake ${r.stage} s3://${r.bucket}/${LAKE_PREFIXES.logEvents} dt=${r.from}..${r.to}`;
  const totals = `${n(r.objects)} objects (${mb(r.bytes)}) in ${n(r.days.length)} days`;
  if (r.dry_run) {
    return [
      ...r.days.map((d) => `  dt=${d.dt}  ${n(d.objects).padStart(7)} objects  ${mb(d.bytes).padStart(12)}`),
      `${head} (dry run: nothing sent): ${totals}`,
    ].join("\n");
  }
  return `${head} → ${r.queue_url}: ${totals}; ${n(r.messages_sent)} messages sent in ${n(r.send_calls)} SendMessageBatch calls (${n(r.retried)} retried)`;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** Finds the stage's load queue by its name (infra/config/stage-names.ts), with one-line errors. */
async function loadQueueUrl(sqs: SQSClient, name: string): Promise<string> {
  try {
    const out = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!out.QueueUrl) throw new Error("GetQueueUrl returned no URL");
    return out.QueueUrl;
  } catch (error) {
    if (/NonExistentQueue|QueueDoesNotExist/.test((error as Error).name)) {
      throw new CliError(
        `load queue ${name} does not exist in ${await sqs.config.region()}: deploy the loading stack`,
        1,
      );
    }
    throw awsError(error, `finding load queue ${name}`);
  }
}

/** `loglake backfill-lake`; `send` overrides the retry timing (tests). */
export async function backfillLake({ values }: ParsedArgs, send: SendOptions = {}): Promise<number> {
  const stage = str(values.stage);
  if (!stage) throw new CliError("--stage is required (see loglake backfill-lake --help)");
  const from = str(values.from);
  const to = str(values.to);
  const days = backfillDays(from, to);
  const dryRun = values["dry-run"] === true;
  const { names, region } = await resolveStage(stage, str(values.region));
  const s3 = new S3Client(clientConfig(region));
  const sqs = new SQSClient(clientConfig(region));
  const queueUrl = dryRun ? null : await loadQueueUrl(sqs, names.loadQueue);
  const bar = progressBar(process.stderr, values.quiet !== true && values.json !== true);
  const listed: { dt: string; objects: ObjectCreated[] }[] = [];
  let sent = 0;
  let calls = 0;
  let retried = 0;
  let stopped: { dt: string; error: CliError } | undefined;
  const total = (): number => listed.reduce((t, d) => t + d.objects.length, 0);
  try {
    for (const [i, dt] of days.entries()) {
      const objects = await listCuratedDay(s3, names.lakeBucket, dt).catch((error: unknown) => {
        throw awsError(error, `listing s3://${names.lakeBucket}/${curatedDayPrefix(dt)}`);
      });
      listed.push({ dt, objects });
      bar.update({ stage: "backfill-lake list", events: i + 1, total: days.length, unit: "days" });
    }
    for (const [i, { dt, objects }] of listed.entries()) {
      if (queueUrl === null || stopped) break;
      if (objects.length > 0) {
        const now = new Date().toISOString();
        const bodies = objects.map((o) => s3NotificationBodyOf(o, now, region));
        try {
          const r = await sendMessagesReliably(sqs, queueUrl, bodies, send);
          sent += objects.length;
          calls += r.calls;
          retried += r.retried;
        } catch (error) {
          const partial = error instanceof QueueSendError || error instanceof QueueRefusedError ? error.sent : 0;
          sent += partial;
          const progress = `${n(sent)} of ${n(total())} messages sent; resume with --from ${dt} (objects already loaded are skipped)`;
          if (error instanceof QueueSendError) {
            const first = parseQueueBody(error.unsent[0] ?? "");
            const key = first.kind === "objects" ? first.objects[0]?.key : undefined;
            const line = `${n(error.unsent.length)} message(s) of dt=${dt} not sent after every retry (${error.lastErrorCode ?? "unknown error"}; first: ${key ?? "?"}); ${progress}`;
            stopped = { dt, error: new CliError(line, 1) };
          } else {
            const cause = error instanceof QueueRefusedError ? error.cause : error;
            stopped = {
              dt,
              error: new CliError(`${awsError(cause, `sending to ${queueUrl}`).message}; ${progress}`, 1),
            };
          }
        }
      }
      bar.update({ stage: "backfill-lake send", events: i + 1, total: listed.length, unit: "days" });
    }
  } finally {
    bar.done();
  }
  const perDay: BackfillDay[] = listed.map(({ dt, objects }) => ({
    dt,
    objects: objects.length,
    bytes: objects.reduce((b, o) => b + o.size, 0),
  }));
  const result: BackfillLakeResult = {
    stage,
    bucket: names.lakeBucket,
    queue_url: queueUrl,
    from: days[0] as string,
    to: days.at(-1) as string,
    dry_run: dryRun,
    days: perDay,
    objects: perDay.reduce((s, d) => s + d.objects, 0),
    bytes: perDay.reduce((s, d) => s + d.bytes, 0),
    messages_sent: sent,
    send_calls: calls,
    retried,
    resume_from: stopped?.dt ?? null,
  };
  // A stopped send still prints its --json summary (what went, where to resume); the error line follows.
  if (values.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (values.quiet !== true && !stopped) process.stdout.write(`${formatBackfillLake(result)}\n`);
  if (stopped) throw stopped.error;
  return 0;
}
