/**
 * The local loader: the stand-in for S3 ObjectCreated → SQS → loader Lambda. Objects are loaded as they
 * land, in micro-batches of whatever queued while the previous load ran (as an SQS batch window would
 * gather them), so loading overlaps ingestion the way it does in AWS.
 */
import type { BatchLimits, ObjectCreated } from "../core/load/plan.js";
import { LOCAL_BATCH_LIMITS, type LoadResult, type LocalWarehouse } from "./warehouse.js";

/** Queues notifications and loads them one micro-batch at a time. */
export class LocalLoader {
  private pending: ObjectCreated[] = [];
  private running: Promise<void> | null = null;
  private failure: unknown = null;
  /** Totals over every load so far. */
  readonly totals = { batches: 0, objects: 0, skippedObjects: 0, rowsInserted: 0 };
  /** Time DuckDB spent loading, ms (overlapped with ingestion, mostly). */
  busyMs = 0;

  constructor(
    private readonly warehouse: LocalWarehouse,
    private readonly resolve: (o: ObjectCreated) => string,
    private readonly limits: BatchLimits = LOCAL_BATCH_LIMITS,
  ) {}

  /** An object-created notification. */
  notify(object: ObjectCreated): void {
    this.pending.push(object);
    this.kick();
  }

  private kick(): void {
    if (this.running || this.pending.length === 0 || this.failure) return;
    const take = this.pending.splice(0, this.limits.maxObjects);
    const started = performance.now();
    this.running = this.warehouse
      .load(take, this.resolve, this.limits)
      .then((r: LoadResult) => {
        this.totals.batches += r.batches;
        this.totals.objects += r.objects;
        this.totals.skippedObjects += r.skippedObjects;
        this.totals.rowsInserted += r.rowsInserted;
      })
      .catch((error: unknown) => {
        // Kept, not thrown here: settle() rethrows it; an unhandled rejection would kill the process.
        this.failure = error;
      })
      .finally(() => {
        this.busyMs += performance.now() - started;
        this.running = null;
        this.kick();
      });
  }

  /** Stops loading (an interrupted run): drops what is queued and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.pending = [];
    this.failure ??= new Error("loading stopped");
    while (this.running) await this.running;
  }

  /** Waits until everything notified so far is loaded; rethrows a load failure. */
  async settle(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw this.failure;
  }
}
