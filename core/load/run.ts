/**
 * One loader invocation over a batch of SQS messages: read the bodies → skip what the ledger holds (asking
 * about these URLs only) → micro-batches → load each with ONE COPY → bisect a batch whose COPY failed →
 * report every message that was not loaded. The warehouse is behind {@link LoadTarget}, so this stays pure
 * logic (the Redshift Data API implementation is core/io/redshift-loader.ts).
 */
import { bisect } from "./bisect.js";
import { type AnnouncedObject, collectQueueBatch, type QueueMessage } from "./notifications.js";
import { type BatchLimits, type LoadBatch, objectUrl, planBatches } from "./plan.js";

/** A batch that committed. */
export interface BatchLoaded {
  readonly kind: "loaded";
  readonly rowsInserted: number;
  readonly rowsStaged: number;
  /** Newest event_time in the batch (epoch ms), null for a batch without rows. */
  readonly newestEventTime: number | null;
  readonly copySeconds: number;
}

/** A batch whose COPY failed (the transaction rolled back): one of its objects cannot be loaded. */
export interface CopyFailed {
  readonly kind: "copyFailed";
  readonly error: string;
}

/** What the loader needs from the warehouse. Any other failure is thrown and fails the batch's messages. */
export interface LoadTarget {
  /** Which of these URLs the ledger holds. */
  loadedUrls(urls: readonly string[]): Promise<ReadonlySet<string>>;
  /** Writes the batch's manifest and runs its load transaction (conflicts retried inside). */
  load(batch: LoadBatch): Promise<BatchLoaded | CopyFailed>;
  /** Load errors recorded for these objects, by URL (best effort). */
  loadErrors(urls: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/** Options of {@link loadMessages}. */
export interface LoadRunOptions {
  readonly limits: BatchLimits;
  /** Most load transactions one invocation runs (bisection included); the rest is retried on redelivery. */
  readonly maxLoads: number;
  /** Key prefix of the table's objects. @default "curated/log_events/" */
  readonly prefix?: string;
}

/** What one invocation did; `failures` lists every message not acknowledged, once. */
export interface LoadReport {
  readonly failures: readonly { readonly messageId: string; readonly reason: string }[];
  readonly objectsLoaded: number;
  /** Already in the ledger, or announced again in the same batch. */
  readonly objectsSkipped: number;
  readonly objectsFailed: number;
  readonly rowsLoaded: number;
  readonly copySeconds: number;
  readonly batchesLoaded: number;
  /** Load transactions that did not commit (failed COPYs during bisection included). */
  readonly batchesFailed: number;
  /** Objects isolated by bisection, with the load error. */
  readonly poison: readonly { readonly url: string; readonly reason: string }[];
  readonly newestEventTime: number | null;
  readonly outsidePrefix: number;
  readonly testEvents: number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Loads what a batch of SQS messages announces; never throws for a warehouse failure (it becomes failures). */
export async function loadMessages(
  messages: readonly QueueMessage[],
  target: LoadTarget,
  options: LoadRunOptions,
): Promise<LoadReport> {
  const queue = collectQueueBatch(messages, options.prefix);
  const failures = new Map<string, string>(queue.failed.map((f) => [f.messageId, f.reason]));
  const byUrl = new Map<string, AnnouncedObject>(queue.objects.map((o) => [o.url, o]));
  const fail = (urls: readonly string[], reason: string): void => {
    for (const url of urls)
      for (const id of byUrl.get(url)?.messageIds ?? []) if (!failures.has(id)) failures.set(id, reason);
  };
  const totals = { objectsLoaded: 0, objectsFailed: 0, rowsLoaded: 0, copySeconds: 0, batchesLoaded: 0 };
  let batchesFailed = 0;
  let newestEventTime: number | null = null;
  const poison: { url: string; reason: string }[] = [];
  const report = (skipped: number): LoadReport => ({
    failures: [...failures].map(([messageId, reason]) => ({ messageId, reason })),
    ...totals,
    objectsSkipped: skipped + queue.duplicates,
    batchesFailed,
    poison,
    newestEventTime,
    outsidePrefix: queue.outsidePrefix,
    testEvents: queue.testEvents,
  });
  if (byUrl.size === 0) return report(0);

  let loaded: ReadonlySet<string>;
  try {
    loaded = await target.loadedUrls([...byUrl.keys()]);
  } catch (error) {
    fail([...byUrl.keys()], `ledger lookup failed: ${message(error)}`);
    totals.objectsFailed = byUrl.size;
    return report(0);
  }
  const pending = queue.objects.filter((o) => !loaded.has(o.url)).map((o) => o.object);
  const work = planBatches(pending, options.limits);
  let loads = 0;
  const copyErrors = new Map<string, string>();
  while (work.length > 0) {
    const batch = work.shift() as LoadBatch;
    const urls = batch.objects.map(objectUrl);
    if (loads >= options.maxLoads) {
      fail(urls, `not loaded in this invocation: ${options.maxLoads} load transactions used (bisection)`);
      totals.objectsFailed += urls.length;
      continue;
    }
    loads++;
    let outcome: BatchLoaded | CopyFailed;
    try {
      outcome = await target.load(batch);
    } catch (error) {
      batchesFailed++;
      fail(urls, `load of batch ${batch.batchId} failed: ${message(error)}`);
      totals.objectsFailed += urls.length;
      continue;
    }
    if (outcome.kind === "loaded") {
      totals.batchesLoaded++;
      totals.objectsLoaded += urls.length;
      totals.rowsLoaded += outcome.rowsInserted;
      totals.copySeconds += outcome.copySeconds;
      if (outcome.newestEventTime !== null)
        newestEventTime = Math.max(newestEventTime ?? outcome.newestEventTime, outcome.newestEventTime);
      continue;
    }
    batchesFailed++;
    const halves = bisect(batch);
    if (halves) work.unshift(...halves);
    else copyErrors.set(urls[0] as string, outcome.error);
  }
  if (copyErrors.size > 0) {
    const details = await target.loadErrors([...copyErrors.keys()]).catch(() => new Map<string, string>());
    for (const [url, error] of copyErrors) {
      const reason = `COPY failed for ${url}: ${details.get(url) ?? error}`;
      poison.push({ url, reason });
      fail([url], reason);
    }
    totals.objectsFailed += copyErrors.size;
  }
  return report(queue.objects.length - pending.length);
}
