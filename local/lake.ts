/**
 * The local lake under `D/lake/`, with exactly the S3 keys of the design: raw/cwl/YYYY/MM/DD/HH/…,
 * curated/log_events/dt=…/hour=…/….parquet, errors/<error-output-type>/YYYY/MM/DD/…. Object names follow
 * Firehose's `<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<random>` form.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ObjectCreated } from "../core/load/plan.js";
import {
  curatedObjectKey,
  errorObjectKey,
  firehoseObjectName,
  LAKE_PREFIXES,
  rawObjectKey,
} from "../schemas/lake-layout.js";
import { diskFullPath } from "./faults.js";
import type { LakeSink } from "./firehose.js";
import { DEFAULT_LAKE_BUFFERS, type LakeBuffers, ScratchPartition } from "./lake-scratch.js";
import type { ParquetConverter } from "./parquet.js";

export { DEFAULT_LAKE_BUFFERS, type LakeBuffers } from "./lake-scratch.js";

/**
 * Writes a whole lake object or none: a write cut short (a full disk) removes the part it wrote, so the lake
 * never holds a truncated raw backup or error object.
 */
async function writeWhole(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
}

/** The bucket name the local lake pretends to be, in manifests and the ledger. */
export const LOCAL_BUCKET = "loglake-local";

/** What a lake writer writes where, and whom it tells. */
export interface LakeWriterOptions {
  /** `D/lake`: keys below it are the S3 keys of the design. */
  readonly root: string;
  /** Scratch folder for partition buffers (removed by {@link LakeWriter.close} and {@link LakeWriter.abort}). */
  readonly tmpDir: string;
  readonly streamName: string;
  readonly converter: ParquetConverter;
  readonly buffers?: LakeBuffers;
  readonly now?: () => number;
  /** Called for every Parquet object written: the S3 ObjectCreated notification. */
  readonly onObject?: (object: ObjectCreated) => void;
}

/** Writes the lake; the local Firehose calls it. */
export class LakeWriter implements LakeSink {
  private readonly partitions = new Map<string, ScratchPartition>();
  private readonly conversions: Promise<void>[] = [];
  private raw: Buffer[] = [];
  private rawBytes = 0;
  private readonly errors = new Map<string, string[]>();
  private invocations = 0;
  /** Parquet objects written, as the S3 notifications the loader will get. */
  readonly written: ObjectCreated[] = [];
  /** Rows written to Parquet. */
  rows = 0;
  /** Time spent waiting for Parquet conversions (the part of plumbing not overlapped with the handler). */
  waitMs = 0;
  /** Time DuckDB spent converting, ms (mostly overlapped with the handler). */
  busyMs = 0;
  readonly root: string;
  private readonly tmpDir: string;
  private readonly streamName: string;
  private readonly converter: ParquetConverter;
  private readonly buffers: LakeBuffers;
  private readonly now: () => number;
  private readonly onObject: (object: ObjectCreated) => void;
  private aborted = false;

  constructor(options: LakeWriterOptions) {
    this.root = options.root;
    this.tmpDir = options.tmpDir;
    this.streamName = options.streamName;
    this.converter = options.converter;
    this.buffers = options.buffers ?? DEFAULT_LAKE_BUFFERS;
    this.now = options.now ?? Date.now;
    this.onObject = options.onObject ?? (() => undefined);
    mkdirSync(this.tmpDir, { recursive: true });
  }

  private objectName(): string {
    return firehoseObjectName(this.streamName, this.now(), randomUUID());
  }

  /** Appends NDJSON rows of one partition (see {@link ScratchPartition.append}: `ndjson` is kept as is). */
  async addRows(dt: string, hour: string, ndjson: Uint8Array): Promise<void> {
    const key = `${dt}/${hour}`;
    let p = this.partitions.get(key);
    if (!p) {
      p = new ScratchPartition(dt, hour, this.tmpDir);
      this.partitions.set(key, p);
    }
    p.lastInvocation = this.invocations;
    p.append(ndjson);
    if (p.bytes >= this.buffers.partitionBytes) await this.flushPartition(key);
  }

  /** One processor invocation is done: partitions idle for long enough are written (see {@link LakeBuffers}). */
  async endInvocation(): Promise<void> {
    this.invocations += 1;
    // The run's loop only awaits work that is already done, so without this the event loop would not
    // turn between invocations: DuckDB's finished statements (conversion, each load step) would wait for
    // the next file write to be noticed, and DuckDB would sit idle beside the handler.
    await new Promise((resolve) => setImmediate(resolve));
    for (const [key, p] of this.partitions) {
      if (this.invocations - p.lastInvocation >= this.buffers.idleInvocations) await this.flushPartition(key);
    }
  }

  private async flushPartition(key: string): Promise<void> {
    const p = this.partitions.get(key);
    if (!p) return;
    this.partitions.delete(key);
    p.close();
    // One conversion in flight: DuckDB runs it on its own threads while the handler keeps going (two in
    // flight measured slower on 2 vCPUs: the conversions then compete with the handler for the cores).
    const started = performance.now();
    await Promise.all(this.conversions.splice(0));
    this.waitMs += performance.now() - started;
    const conversion = this.convert(p);
    // Awaited at the next flush; until then a rejection (a full disk) must not count as unhandled.
    conversion.catch(() => undefined);
    this.conversions.push(conversion);
  }

  private async convert(p: ScratchPartition): Promise<void> {
    const key = curatedObjectKey(p.dt, p.hour, this.objectName());
    const path = join(this.root, key);
    mkdirSync(dirname(path), { recursive: true });
    // Written under a temporary name and renamed: a reader never sees half a Parquet file.
    let rows: number;
    const started = performance.now();
    try {
      rows = await this.converter.convert(p.path, `${path}.tmp`);
    } catch (error) {
      rmSync(`${path}.tmp`, { force: true });
      // A full disk is the run's failure, not bad rows: stop the run instead of filing the rows as errors.
      if (diskFullPath(error) !== null) throw error;
      this.conversionFailed(p.path, error);
      return;
    }
    renameSync(`${path}.tmp`, path);
    this.busyMs += performance.now() - started;
    if (this.aborted) {
      // The run stopped: the object is complete and stays, but nothing after it is loaded in this run.
      rmSync(p.path, { force: true });
      return;
    }
    rmSync(p.path, { force: true });
    this.rows += rows;
    const object = { bucket: LOCAL_BUCKET, key, size: statSync(path).size };
    this.written.push(object);
    this.onObject(object);
  }

  /**
   * Firehose sends records its Parquet conversion rejects to errors/format-conversion-failed/ with the row
   * as rawData; DuckDB converts a whole file at once, so here the whole file's rows go there (re-puttable).
   */
  private conversionFailed(tmpPath: string, error: unknown): void {
    const at = this.now();
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    for (const line of readFileSync(tmpPath, "utf8").split("\n")) {
      if (line === "") continue;
      this.addError("format-conversion-failed", {
        attemptsMade: 1,
        arrivalTimestamp: at,
        lastErrorCode: "DataFormatConversion.MalformedData",
        lastErrorMessage: message,
        attemptEndingTimestamp: at,
        rawData: Buffer.from(line).toString("base64"),
      });
    }
    rmSync(tmpPath, { force: true });
  }

  /** Backs up one source record (Firehose's S3 backup concatenates record bytes). */
  async addRaw(data: Uint8Array): Promise<void> {
    this.raw.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.rawBytes += data.byteLength;
    if (this.rawBytes >= this.buffers.rawBytes) await this.flushRaw();
  }

  private async flushRaw(): Promise<void> {
    if (this.raw.length === 0) return;
    const path = join(this.root, rawObjectKey(this.now(), this.objectName()));
    await mkdir(dirname(path), { recursive: true });
    await writeWhole(path, Buffer.concat(this.raw));
    this.raw = [];
    this.rawBytes = 0;
  }

  /** Queues one Firehose error record under `errors/<errorOutputType>/`. */
  addError(errorOutputType: string, record: Record<string, unknown>): void {
    let lines = this.errors.get(errorOutputType);
    if (!lines) {
      lines = [];
      this.errors.set(errorOutputType, lines);
    }
    lines.push(JSON.stringify(record));
  }

  private async flushErrors(): Promise<void> {
    for (const [type, lines] of this.errors) {
      if (lines.length === 0) continue;
      const path = join(this.root, errorObjectKey(type, this.now(), this.objectName()));
      await mkdir(dirname(path), { recursive: true });
      await writeWhole(path, `${lines.join("\n")}\n`);
    }
    this.errors.clear();
  }

  /**
   * Stops without writing what is buffered (an interrupted run): waits for the conversion in flight, then
   * removes the scratch folder. Objects already written stay; the buffered rows were never acknowledged.
   */
  async abort(): Promise<void> {
    this.aborted = true;
    for (const p of this.partitions.values()) p.discard();
    this.partitions.clear();
    await Promise.allSettled(this.conversions.splice(0));
    rmSync(this.tmpDir, { recursive: true, force: true });
  }

  /** Rows in every curated Parquet object under the lake (earlier runs' too), from the Parquet footers. */
  async countAllRows(): Promise<number> {
    return this.converter.countRows(join(this.root, LAKE_PREFIXES.logEvents, "**", "*.parquet"));
  }

  /** Writes everything still buffered and waits for every conversion. */
  async close(): Promise<void> {
    for (const key of [...this.partitions.keys()]) await this.flushPartition(key);
    const started = performance.now();
    await Promise.all(this.conversions.splice(0));
    this.waitMs += performance.now() - started;
    await this.flushRaw();
    await this.flushErrors();
    rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
