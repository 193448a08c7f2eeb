/**
 * FilterLogEvents as backfill's page reader. The SDK client already retries throttling (the CLI
 * creates it in adaptive mode); FilterLogEvents' quota is low (a few calls a second per account and
 * region), so a throttle that outlasts the SDK's attempts is waited out here too, with exponential
 * backoff and full jitter, before the backfill gives up.
 */
import { type CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { EventPageReader } from "../backfill/run.js";

/** Error names that mean "slow down", not "this cannot work". */
const THROTTLED = new Set(["ThrottlingException", "ServiceUnavailableException", "LimitExceededException"]);

/** Options of {@link filterLogEventsReader}. */
export interface ReaderOptions {
  /** Attempts per page including the first. @default 8 */
  readonly maxAttempts?: number;
  /** First backoff delay in ms, doubled each attempt (full jitter). @default 500 */
  readonly baseDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Pages of `logGroup`'s events in [startMs, endMs): FilterLogEvents' endTime is inclusive, so endMs − 1. */
export function filterLogEventsReader(
  client: Pick<CloudWatchLogsClient, "send">,
  logGroup: string,
  options: ReaderOptions = {},
): EventPageReader {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  return async (startMs, endMs, nextToken) => {
    const command = new FilterLogEventsCommand({
      logGroupName: logGroup,
      startTime: startMs,
      endTime: endMs - 1,
      nextToken,
      limit: 10_000,
    });
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await client.send(command);
        return { events: out.events ?? [], nextToken: out.nextToken };
      } catch (error) {
        if (!THROTTLED.has((error as Error).name) || attempt >= maxAttempts) throw error;
        await sleep(Math.floor(random() * baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  };
}
