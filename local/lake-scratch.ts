/**
 * The lake writer's buffering (Firehose's S3 buffering hints) and one partition's NDJSON scratch file
 * (under `D/tmp`, outside the lake's keys): the rows buffered for a partition until they become one
 * Parquet object.
 */
import { randomUUID } from "node:crypto";
import { closeSync, openSync, writevSync } from "node:fs";
import { join } from "node:path";

/** Buffer sizes of the lake writer (Firehose's S3 buffering hints). */
export interface LakeBuffers {
  /** NDJSON bytes per partition before a Parquet object is written (Firehose's default with format conversion). @default 128 MiB */
  readonly partitionBytes: number;
  /**
   * Processor invocations without a row for a partition before its buffer is written: the stand-in for
   * Firehose's buffering interval (a run compresses hours of traffic into seconds, so wall time cannot
   * play that role). Traffic moves forward in time, so an hour's partition stops receiving rows and is
   * written as ONE object soon after, while the handler works on the next hours. @default 4
   */
  readonly idleInvocations: number;
  /** Raw backup bytes per object. @default 32 MiB */
  readonly rawBytes: number;
}

/** Defaults of {@link LakeBuffers}. */
export const DEFAULT_LAKE_BUFFERS: LakeBuffers = {
  partitionBytes: 128 * 1024 * 1024,
  idleInvocations: 4,
  rawBytes: 32 * 1024 * 1024,
};

/** Decoded rows are gathered and written with one syscall per this many bytes, not one or two per record. */
const WRITE_CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = new Uint8Array([0x0a]);

/** An open partition buffer. */
export class ScratchPartition {
  readonly path: string;
  private readonly fd: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** NDJSON bytes appended so far. */
  bytes = 0;
  /** The lake's invocation count when the partition last got rows (for the idle flush). */
  lastInvocation = 0;

  constructor(
    readonly dt: string,
    readonly hour: string,
    tmpDir: string,
  ) {
    this.path = join(tmpDir, `${dt}-${hour}-${randomUUID()}.ndjson`);
    this.fd = openSync(this.path, "w");
  }

  /**
   * Appends rows as the handler's decoded bytes, unchanged (no string round trip), newline-terminated.
   * `ndjson` is kept until the next chunked write, so the caller must not reuse it.
   */
  append(ndjson: Uint8Array): void {
    this.pending.push(ndjson);
    if (ndjson[ndjson.byteLength - 1] !== 0x0a) this.pending.push(NEWLINE);
    this.pendingBytes += ndjson.byteLength;
    this.bytes += ndjson.byteLength;
    if (this.pendingBytes >= WRITE_CHUNK_BYTES) this.writePending();
  }

  /** Writes what is pending and closes the file. */
  close(): void {
    this.writePending();
    closeSync(this.fd);
  }

  /**
   * Closes the file without writing what is pending (a stopped run: the disk may be full, and the file is
   * removed next). Never throws.
   */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed: nothing left to release.
    }
  }

  private writePending(): void {
    if (this.pending.length === 0) return;
    try {
      writevSync(this.fd, this.pending);
    } catch (error) {
      // A write on a file descriptor names no file: add it, so a full disk's message says what was written.
      throw Object.assign(error as Error, { path: (error as NodeJS.ErrnoException).path ?? this.path });
    }
    this.pending = [];
    this.pendingBytes = 0;
  }
}
