/**
 * The reprocess of the error prefix, shared by `loglake reprocess` (AWS), the reprocess Lambda and
 * `loglake local reprocess`. For each error object, in key order:
 *
 * 1. if `errors-reprocessed/<key>` already exists, an earlier run re-put it and was cut off before the delete:
 *    only the delete is left (nothing is re-put);
 * 2. plan it (core/reprocess/plan.ts); write the lines that can never succeed to `errors-quarantine/<key>`;
 * 3. put the rest, byte for byte, through the sink (PutRecordBatch with retries of failed entries);
 * 4. only once every record was accepted: copy the object to `errors-reprocessed/<key>`, then delete it.
 *
 * A second run finds nothing under the prefix and re-puts nothing. An object whose put failed stays where it
 * is for the next run (which re-puts it whole: at-least-once, the loader dedupes by event_id). Records that
 * fail again in the transform land in NEW error objects, which this run does not pick up: the key list is
 * read once, up front.
 */
import { handledErrorKey, LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import { planErrorObject, quarantineBody } from "./plan.js";
import type { ErrorStore, RecordSink, StoredObject } from "./store.js";

/** Options of {@link reprocessErrors}. */
export interface ReprocessOptions {
  /** Key prefix to reprocess; must be under `errors/`. @default "errors/" */
  readonly prefix?: string;
  /** Only objects of this UTC day or later (yyyy-mm-dd; the key's date, else its last-modified date). */
  readonly since?: string;
  /** Plan and count, but put, write, copy and delete nothing. @default false */
  readonly dryRun?: boolean;
  /** Called after each object. */
  readonly onProgress?: (p: ReprocessProgress) => void;
  /** Checked before each object (e.g. a Lambda's remaining time); true stops the run cleanly. */
  readonly shouldStop?: () => boolean;
  /** Consecutive objects whose put failed before the run gives up (the stream is likely down). @default 3 */
  readonly maxConsecutiveFailures?: number;
}

/** Progress after one object. */
export interface ReprocessProgress {
  readonly done: number;
  readonly total: number;
  readonly key: string;
  readonly outcome: "reprocessed" | "resumed" | "left" | "planned";
}

/** What a run did. Field names are the `--json` contract of `loglake reprocess`. */
export interface ReprocessResult {
  prefix: string;
  since: string | null;
  dry_run: boolean;
  /** Error objects matched (after --since). */
  objects: number;
  /** Moved to errors-reprocessed/ by this run (resumed ones included). */
  objects_reprocessed: number;
  /** Found already copied by an interrupted run: only the delete was left. */
  objects_resumed: number;
  /** Still under the prefix after this run (a put failed, or the run stopped first). */
  objects_left: number;
  records_reput: number;
  events_reput: number;
  records_quarantined: number;
  /** True when `shouldStop` or the consecutive-failure limit ended the run before the last object. */
  stopped_early: boolean;
  /** Objects left because their put failed, with the error (first line). */
  failures: { key: string; error: string }[];
}

const RAW_BACKUP_ERRORS = `${LAKE_PREFIXES.errors}raw-backup-`;
const KEY_DATE = /\/(\d{4})\/(\d{2})\/(\d{2})\//;

/** The UTC day of an error object: from its `YYYY/MM/DD/` key segment, else its last-modified time. */
export function objectDay(object: StoredObject): string | null {
  const match = KEY_DATE.exec(object.key);
  if (match) return `${match[1]}-${match[2]}-${match[3]}`;
  return object.lastModified ? object.lastModified.toISOString().slice(0, 10) : null;
}

/** Every key under the prefix, all pages, filtered; read before anything moves. */
export async function listErrorObjects(
  store: ErrorStore,
  prefix: string,
  since?: string,
): Promise<readonly StoredObject[]> {
  const objects: StoredObject[] = [];
  let next: string | undefined;
  do {
    const page = await store.listPage(prefix, next);
    objects.push(...page.objects);
    next = page.next;
  } while (next !== undefined);
  // Raw-backup errors are copies of records whose main delivery may have succeeded: only on explicit request.
  const skipRawBackup = !prefix.startsWith(RAW_BACKUP_ERRORS);
  return objects.filter((o) => {
    if (o.key.endsWith("/")) return false;
    if (skipRawBackup && o.key.startsWith(RAW_BACKUP_ERRORS)) return false;
    if (since === undefined) return true;
    const day = objectDay(o);
    return day === null || day >= since;
  });
}

/** Reprocesses the error objects under `options.prefix` (see the module comment for the order of steps). */
export async function reprocessErrors(
  store: ErrorStore,
  sink: RecordSink,
  options: ReprocessOptions = {},
): Promise<ReprocessResult> {
  const prefix = options.prefix ?? LAKE_PREFIXES.errors;
  if (!prefix.startsWith(LAKE_PREFIXES.errors)) {
    throw new Error(`prefix must be under ${LAKE_PREFIXES.errors} (got "${prefix}")`);
  }
  const dryRun = options.dryRun ?? false;
  const maxFailures = options.maxConsecutiveFailures ?? 3;
  const objects = await listErrorObjects(store, prefix, options.since);
  const result: ReprocessResult = {
    prefix,
    since: options.since ?? null,
    dry_run: dryRun,
    objects: objects.length,
    objects_reprocessed: 0,
    objects_resumed: 0,
    objects_left: 0,
    records_reput: 0,
    events_reput: 0,
    records_quarantined: 0,
    stopped_early: false,
    failures: [],
  };
  let consecutiveFailures = 0;
  for (const [index, object] of objects.entries()) {
    if (options.shouldStop?.() || consecutiveFailures >= maxFailures) {
      result.stopped_early = true;
      result.objects_left += objects.length - index;
      break;
    }
    const outcome = await reprocessObject(store, sink, object.key, dryRun, result);
    consecutiveFailures = outcome === "left" ? consecutiveFailures + 1 : 0;
    options.onProgress?.({ done: index + 1, total: objects.length, key: object.key, outcome });
  }
  return result;
}

async function reprocessObject(
  store: ErrorStore,
  sink: RecordSink,
  key: string,
  dryRun: boolean,
  result: ReprocessResult,
): Promise<ReprocessProgress["outcome"]> {
  const target = handledErrorKey(key, "reprocessed");
  if (await store.exists(target)) {
    if (!dryRun) await store.delete(key);
    result.objects_reprocessed += 1;
    result.objects_resumed += 1;
    return "resumed";
  }
  const plan = planErrorObject(key, await store.read(key));
  if (dryRun) {
    result.records_reput += plan.reput.length;
    result.events_reput += plan.events;
    result.records_quarantined += plan.quarantine.length;
    return "planned";
  }
  if (plan.quarantine.length > 0) {
    await store.write(handledErrorKey(key, "quarantine"), quarantineBody(key, plan.quarantine));
  }
  try {
    if (plan.reput.length > 0) await sink.put(plan.reput);
  } catch (error) {
    result.objects_left += 1;
    result.failures.push({ key, error: firstLine(error) });
    return "left";
  }
  result.records_reput += plan.reput.length;
  result.events_reput += plan.events;
  result.records_quarantined += plan.quarantine.length;
  await store.copy(key, target);
  await store.delete(key);
  result.objects_reprocessed += 1;
  return "reprocessed";
}

const firstLine = (error: unknown): string =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n")[0] ?? "";

/** Checks a `--since` value: a real calendar day, yyyy-mm-dd. Returns an error message, or null when valid. */
export function sinceProblem(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return `must be a date like 2026-12-01 (got "${value}")`;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    return `is not a calendar date (got "${value}")`;
  }
  return null;
}
