/**
 * The loader's planning core, shared by the Redshift loader Lambda and the local warehouse: objects that
 * landed (see notifications.ts for reading them from SQS) → micro-batches → a Redshift-format manifest.
 * Pure: no SDK, no I/O.
 */
import { createHash } from "node:crypto";
import { LAKE_PREFIXES, manifestObjectKey } from "../../schemas/lake-layout.js";

/** One object that landed in the curated zone (from an S3 event notification). */
export interface ObjectCreated {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
}

/** Limits of one micro-batch: one COPY per batch keeps the Redshift leader's load bounded. */
export interface BatchLimits {
  /** Most objects per batch. */
  readonly maxObjects: number;
  /** Most bytes per batch; a single larger object still forms a batch of its own. */
  readonly maxBytes: number;
}

/** A planned micro-batch: its id is a hash of its object URLs, so re-planning the same objects gives the same id. */
export interface LoadBatch {
  readonly batchId: string;
  readonly objects: readonly ObjectCreated[];
  readonly bytes: number;
}

/** The Redshift COPY manifest; `content_length` is mandatory for Parquet manifests. */
export interface Manifest {
  entries: { url: string; mandatory: boolean; meta: { content_length: number } }[];
}

/** Thrown for notifications or limits the planner cannot use. */
export class LoadPlanError extends Error {
  override readonly name = "LoadPlanError";
}

/** `s3://bucket/key` of an object. */
export function objectUrl(object: ObjectCreated): string {
  return `s3://${object.bucket}/${object.key}`;
}

/** Drops repeated notifications (S3 delivers at least once) and objects the ledger already holds. */
export function pendingObjects(objects: readonly ObjectCreated[], loadedUrls: ReadonlySet<string>): ObjectCreated[] {
  const seen = new Set<string>();
  const out: ObjectCreated[] = [];
  for (const o of objects) {
    const url = objectUrl(o);
    if (seen.has(url) || loadedUrls.has(url)) continue;
    seen.add(url);
    out.push(o);
  }
  return out;
}

/** A batch of exactly these objects, in this order (ids as {@link planBatches} gives them). */
export function batchOf(objects: readonly ObjectCreated[]): LoadBatch {
  return { batchId: batchId(objects), objects, bytes: objects.reduce((n, o) => n + o.size, 0) };
}

function batchId(objects: readonly ObjectCreated[]): string {
  const hash = createHash("sha256");
  for (const o of objects) hash.update(`${objectUrl(o)}\n`);
  return `b_${hash.digest("hex").slice(0, 24)}`;
}

/** Packs objects, in the given order, into batches within `limits`. */
export function planBatches(objects: readonly ObjectCreated[], limits: BatchLimits): LoadBatch[] {
  if (!(limits.maxObjects >= 1) || !(limits.maxBytes >= 1)) {
    throw new LoadPlanError("batch limits must be at least 1 object and 1 byte");
  }
  const batches: LoadBatch[] = [];
  let current: ObjectCreated[] = [];
  let bytes = 0;
  const close = (): void => {
    if (current.length > 0) batches.push({ batchId: batchId(current), objects: current, bytes });
    current = [];
    bytes = 0;
  };
  for (const o of objects) {
    if (current.length >= limits.maxObjects || (current.length > 0 && bytes + o.size > limits.maxBytes)) close();
    current.push(o);
    bytes += o.size;
  }
  close();
  return batches;
}

/** The manifest of one batch, in Redshift's COPY format. */
export function buildManifest(batch: LoadBatch): Manifest {
  return {
    entries: batch.objects.map((o) => ({ url: objectUrl(o), mandatory: true, meta: { content_length: o.size } })),
  };
}

/** Where a batch's manifest is stored in the analytics zone (design: analytics/manifests/…). */
export function manifestKey(batch: LoadBatch, prefix: string = LAKE_PREFIXES.manifests): string {
  return manifestObjectKey(batch.batchId, prefix);
}
