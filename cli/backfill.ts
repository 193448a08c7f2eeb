/**
 * `loglake backfill`: replays a log group's events of a time window (written before the subscription
 * existed) into the delivery stream as subscription-shaped records (core/backfill). Arguments, targets
 * and credentials are checked first, so a typo costs one line; re-running is harmless (event_id dedupe).
 */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { type BackfillResult, backfill } from "../core/backfill/run.js";
import { filterLogEventsReader } from "../core/io/filter-log-events.js";
import { CliError, type ParsedArgs } from "./args.js";
import { awsError, callerAccount, checkDeliveryStream, clientConfig, resolveStage } from "./aws.js";
import { plural, progressBar } from "./format.js";

/** Named in the payloads' `subscriptionFilters`: backfilled records are recognisable in the raw zone. */
export const BACKFILL_FILTER_NAME = "loglake-backfill";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A `--start`/`--end` value as epoch ms: a UTC day (`2026-11-01`, its midnight) or an ISO 8601 time
 * with `Z` or an offset. A time without a zone is refused: on an operator's laptop it would silently
 * mean the laptop's zone.
 */
export function parseInstant(flag: string, value: string | undefined): number {
  if (value === undefined || value === "") throw new CliError(`--${flag} is required (YYYY-MM-DD or an ISO time)`);
  const ms = DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : ZONED.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new CliError(
      `--${flag} must be a UTC day (YYYY-MM-DD) or an ISO 8601 time with Z or an offset, got "${value}"`,
    );
  }
  return ms;
}

const n = (v: number): string => v.toLocaleString("en-US");

/** The one-line summary. */
export function backfillSummaryLine(r: BackfillResult, logGroup: string, stream: string, dryRun: boolean): string {
  const verb = dryRun ? "would put" : "put";
  return `backfill ${logGroup} → ${stream}${dryRun ? " (dry run: nothing put)" : ""}: ${plural(r.events, "log event")} from ${plural(r.streams, "log stream")} in ${plural(r.pages, "page")}; ${verb} ${n(r.records)} records`;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** `loglake backfill`. */
export async function awsBackfill({ values }: ParsedArgs): Promise<number> {
  const logGroup = str(values["log-group"]);
  if (!logGroup) throw new CliError("--log-group is required (see loglake backfill --help)");
  const startMs = parseInstant("start", str(values.start));
  const endMs = parseInstant("end", str(values.end));
  if (endMs <= startMs) throw new CliError("--end must be later than --start");
  if (endMs > Date.now() + 60_000) throw new CliError("--end is in the future: backfill replays what was written");
  const stage = str(values.stage);
  let stream = str(values.stream);
  if (stage && stream) throw new CliError("pass --stage or --stream, not both");
  if (!stage && !stream) throw new CliError("pass --stream NAME or --stage S (see loglake backfill --help)");
  let region = str(values.region);
  if (stage) {
    const resolved = await resolveStage(stage, region);
    stream = resolved.names.deliveryStream;
    region = resolved.region;
  }
  const owner = await callerAccount(region);
  const target = stream as string;
  const firehose = new FirehoseClient(clientConfig(region));
  await checkDeliveryStream(firehose, target);
  const logs = new CloudWatchLogsClient(clientConfig(region));
  const dryRun = values["dry-run"] === true;

  const bar = progressBar();
  const minutes = (ms: number): number => Math.round(ms / 60_000);
  const span = minutes(endMs - startMs);
  const result = await backfill(filterLogEventsReader(logs, logGroup), firehose, {
    owner,
    logGroup,
    filterName: BACKFILL_FILTER_NAME,
    streamName: target,
    startMs,
    endMs,
    dryRun,
    // The share of the window read so far is the progress FilterLogEvents lets us see.
    onProgress: (p) =>
      bar.update({
        stage: "backfill",
        events: p.last_event_ms === null ? 0 : Math.min(span, minutes(p.last_event_ms - startMs)),
        total: span,
        unit: "min of the window",
      }),
  })
    .catch(async (error: unknown) => {
      if ((error as Error).name === "ResourceNotFoundException") {
        throw new CliError(`log group ${logGroup} does not exist in ${await logs.config.region()}`, 1);
      }
      throw error instanceof CliError ? error : awsError(error, `backfilling ${logGroup}`);
    })
    .finally(bar.done);
  process.stdout.write(
    `${values.json === true ? JSON.stringify({ log_group: logGroup, stream: target, dry_run: dryRun, ...result }) : backfillSummaryLine(result, logGroup, target, dryRun)}\n`,
  );
  return 0;
}
