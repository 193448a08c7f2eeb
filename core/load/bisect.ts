/**
 * Bisection of a batch whose COPY failed. A Parquet COPY has no MAXERROR: one bad object fails the whole
 * COPY, so the batch is split in halves until each bad object is alone; the good halves load. With k bad
 * objects among n, that costs at most about 2·k·log2(n) extra COPYs.
 */
import { batchOf, type LoadBatch } from "./plan.js";

/** The two halves to try next, or null when the batch is a single object (that object is the bad one). */
export function bisect(batch: LoadBatch): [LoadBatch, LoadBatch] | null {
  if (batch.objects.length < 2) return null;
  const middle = Math.ceil(batch.objects.length / 2);
  return [batchOf(batch.objects.slice(0, middle)), batchOf(batch.objects.slice(middle))];
}

/** Most COPYs bisection needs to isolate one bad object among `n` (the failed COPY itself included). */
export function copiesToIsolateOne(n: number): number {
  return n <= 1 ? 1 : 1 + 2 * Math.ceil(Math.log2(n));
}
