/**
 * Turns record outcomes into the Firehose response and the records to re-ingest, keeping the
 * response under Lambda's 6 MB limit. Pure: the handler does the PutRecordBatch I/O.
 *
 * Rules: exactly one output per input recordId, in input order; every log event ends up in
 * exactly one place (an Ok record's data, a re-ingested record, or a ProcessingFailed record).
 */
import type { LogFormat } from "../../schemas/catalog.js";
import type { FirehoseInputRecord, FirehoseOutputRecord } from "../../schemas/firehose.js";
import type { PartitionGroup, RecordOutcome } from "./record.js";
import { cwlPieces, rowPieces } from "./split.js";

/** Lambda's response limit is 6 MB; the issue sets the working ceiling at 6,000,000 bytes. */
export const RESPONSE_BUDGET_BYTES = 6_000_000;

const ENVELOPE_BYTES = '{"records":[]}'.length;

/** Counters for logs and metrics. */
export interface TransformStats {
  records: number;
  ok: number;
  dropped: number;
  failed: number;
  controlMessages: number;
  /** Output records whose events were all re-ingested (counted in `dropped` too). */
  reingestedRecords: number;
  /** New records handed to PutRecordBatch. */
  reingestPieces: number;
  events: number;
  formats: Partial<Record<LogFormat, number>>;
  bytesIn: number;
  bytesOut: number;
}

export interface ResponsePlan {
  readonly records: FirehoseOutputRecord[];
  /** Record payloads (gzip'd CWL or NDJSON rows) to PutRecordBatch to the same stream. */
  readonly reingest: Buffer[];
  readonly stats: TransformStats;
}

/**
 * Plans the response one record at a time, in input order. Incremental on purpose: a record's
 * rows become garbage as soon as its entry is encoded, instead of all rows of the batch living
 * until the end (which cost more in garbage collection than the parsing itself).
 */
export class ResponsePlanner {
  readonly records: FirehoseOutputRecord[] = [];
  readonly reingest: Buffer[] = [];
  readonly stats: TransformStats = emptyStats(0);
  private used = ENVELOPE_BYTES;

  constructor(private readonly budget = RESPONSE_BUDGET_BYTES) {}

  /** Adds the output entry of one input record (and what it re-ingests). */
  add(input: FirehoseInputRecord, outcome: RecordOutcome): void {
    const stats = this.stats;
    stats.records++;
    stats.bytesIn += Math.floor((input.data.length * 3) / 4);
    if (outcome.kind === "dropped") {
      stats.dropped++;
      stats.controlMessages++;
      this.push({ recordId: input.recordId, result: "Dropped" });
      return;
    }
    if (outcome.kind === "failed") {
      const entry: FirehoseOutputRecord = { recordId: input.recordId, result: "ProcessingFailed", data: input.data };
      if (this.reserveIfRoom(entry)) {
        stats.failed++;
        this.records.push(entry);
      } else {
        // It fails again on its next pass, in a batch with room for it: still nothing lost.
        this.dropAndReingest(input.recordId, [Buffer.from(input.data, "base64")]);
      }
      return;
    }
    for (const [format, n] of Object.entries(outcome.formats)) {
      stats.formats[format as LogFormat] = (stats.formats[format as LogFormat] ?? 0) + n;
      stats.events += n;
    }
    if (outcome.groups.length === 0) {
      // A DATA_MESSAGE with no events carries nothing to deliver; Ok would need partition keys.
      stats.dropped++;
      this.push({ recordId: input.recordId, result: "Dropped" });
      return;
    }
    const primary = largestGroup(outcome.groups);
    const rowBytes = Buffer.from(joinLines(primary.lines));
    const entry: FirehoseOutputRecord = {
      recordId: input.recordId,
      result: "Ok",
      data: rowBytes.toString("base64"),
      metadata: { partitionKeys: { dt: primary.keys.dt, hour: primary.keys.hour } },
    };
    const reserved = this.reserveIfRoom(entry);
    switch (placementOf(entry, outcome.groups.length, this.budget, reserved)) {
      case "inline":
        // Rows of other hours must not land in this record's partition: they go round again.
        for (const group of outcome.groups) if (group !== primary) this.reingest.push(...groupPieces(outcome, group));
        stats.ok++;
        stats.bytesOut += rowBytes.length;
        this.records.push(entry);
        return;
      case "re-put as is":
        this.dropAndReingest(input.recordId, [Buffer.from(input.data, "base64")]);
        return;
      case "split":
        this.dropAndReingest(
          input.recordId,
          outcome.groups.flatMap((g) => groupPieces(outcome, g)),
        );
        return;
    }
  }

  /** The plan once every record has been added. */
  finish(): ResponsePlan {
    this.stats.reingestPieces = this.reingest.length;
    return { records: this.records, reingest: this.reingest, stats: this.stats };
  }

  /** Reserves the entry's bytes in the response when they fit the budget left; false (nothing reserved) otherwise. */
  private reserveIfRoom(entry: FirehoseOutputRecord): boolean {
    const size = entrySize(entry);
    if (this.used + size > this.budget) return false;
    this.used += size;
    return true;
  }

  private push(entry: FirehoseOutputRecord): void {
    this.used += entrySize(entry);
    this.records.push(entry);
  }

  private dropAndReingest(recordId: string, pieces: Buffer[]): void {
    this.reingest.push(...pieces);
    this.stats.reingestedRecords++;
    this.stats.dropped++;
    this.push({ recordId, result: "Dropped" });
  }
}

/**
 * Where a transformed record goes, the planner's rule:
 * - `inline`: its entry fits in this response (the bytes are already reserved), so it is returned Ok;
 * - `re-put as is`: it does not fit here but would alone in an empty response (one hour only), so
 *   the original record goes back to the stream unchanged and is transformed again in another batch;
 * - `split`: it could never fit one response (or spans hours), so its events are re-put in pieces
 *   that each fit ({@link cwlPieces}, {@link rowPieces}).
 */
export type Placement = "inline" | "re-put as is" | "split";

/** The {@link Placement} of an Ok entry; `reserved` says whether this response had room for it. */
export function placementOf(entry: FirehoseOutputRecord, hours: number, budget: number, reserved: boolean): Placement {
  if (reserved) return "inline";
  return hours === 1 && entrySize(entry) + ENVELOPE_BYTES <= budget ? "re-put as is" : "split";
}

function groupPieces(outcome: Extract<RecordOutcome, { kind: "ok" }>, group: PartitionGroup): Buffer[] {
  if (outcome.payload === null) return rowPieces(group.lines);
  return cwlPieces(
    outcome.payload,
    group.events,
    group.lines.map((l) => Buffer.byteLength(l) + 1),
  );
}

function largestGroup(groups: readonly PartitionGroup[]): PartitionGroup {
  let best = groups[0] as PartitionGroup;
  for (const g of groups) if (g.lines.length > best.lines.length) best = g;
  return best;
}

const joinLines = (lines: readonly string[]): string => (lines.length === 0 ? "" : `${lines.join("\n")}\n`);

/** Bytes an entry adds to the response JSON (base64 needs no escaping), comma included. */
function entrySize(entry: FirehoseOutputRecord): number {
  if (entry.data === undefined) return JSON.stringify(entry).length + 1;
  return JSON.stringify({ ...entry, data: "" }).length + entry.data.length + 1;
}

function emptyStats(records: number): TransformStats {
  return {
    records,
    ok: 0,
    dropped: 0,
    failed: 0,
    controlMessages: 0,
    reingestedRecords: 0,
    reingestPieces: 0,
    events: 0,
    formats: {},
    bytesIn: 0,
    bytesOut: 0,
  };
}
