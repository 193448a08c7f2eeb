/**
 * Human output of `loglake`: the run and reprocess summaries and the progress bar (stderr, TTY only).
 * Engineering figures (stage split, plumbing ratio) are not here: they are in `--json` and the benchmark.
 */

import { ledgerPartitionDelete } from "../core/load/duckdb-coverage.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../core/load/names.js";
import type { LocalLoadResult } from "../local/load.js";
import type { ReprocessSummary } from "../local/reprocess.js";
import type { LocalRunResult } from "../local/run.js";

/** What a progress bar shows: a stage, done and total units (events unless `unit` says otherwise). */
export interface Progress {
  readonly stage: string;
  readonly events: number;
  readonly total: number;
  readonly unit?: string;
}

const n = (v: number): string => v.toLocaleString("en-US");

/** `1 record`, `2 records`; `irregular` for words whose plural is not word + "s". */
export function plural(count: number, word: string, irregular?: string): string {
  return `${n(count)} ${count === 1 ? word : (irregular ?? `${word}s`)}`;
}

/** The run summary: what this run did, then what the lake and warehouse hold in total, and where the report is. */
export function formatRunSummary(r: LocalRunResult, seed: string, report?: string): string {
  const already = Math.max(0, r.lake_rows - r.warehouse_rows_inserted);
  const lines = [
    `Onboarding Log Lake — local run (seed ${seed})`,
    "This run",
    `  events generated       ${n(r.events)} in ${plural(r.records, "Firehose record")} (${plural(r.control_records, "control message")}, ${plural(r.corrupt_records, "corrupt record")})`,
    `  written to the lake    ${plural(r.lake_rows, "row")} in ${plural(r.lake_objects, "Parquet object")}`,
    `  added to the warehouse ${plural(r.warehouse_rows_inserted, "row")}${already > 0 ? ` (${n(already)} already there from an earlier run with the same events)` : ""}`,
    `  failed                 ${plural(r.failed_records, "record")} (${plural(r.failed_events, "event")}) under ${r.lake_dir}/errors/`,
    `  dropped                ${plural(r.dropped_records, "record")} (control messages, and records the transform re-put whole)`,
    `  re-ingested            ${plural(r.reingested_records, "record")} (put back by the transform: other-hour events, what did not fit 6 MB)`,
    `  took                   ${r.seconds.toFixed(1)} s (${n(r.events_per_s)} events/s)`,
  ];
  if (r.leftovers_removed > 0)
    lines.push(
      `  cleaned up             ${plural(r.leftovers_removed, "scratch file")} an interrupted earlier run left`,
    );
  lines.push(
    "In total",
    `  rows in the lake       ${n(r.lake_rows_total)} in ${r.lake_dir}/curated/log_events/`,
    `  rows in the warehouse  ${n(r.warehouse_rows)} in ${r.warehouse_file}`,
    ...(report ? [`Report: ${report} (open it in a browser)`] : []),
    `Next: npx loglake query "SELECT * FROM bi.onboarding_funnel ORDER BY 1, 2, 3" --dir ${r.dir}`,
  );
  return lines.join("\n");
}

/** The reprocess summary. */
export function formatReprocessSummary(r: ReprocessSummary): string {
  return [
    "Onboarding Log Lake — local reprocess",
    `  error objects          ${n(r.objects)} (${n(r.archived_objects)} moved to errors-reprocessed/, ${n(r.left_objects)} left)`,
    `  records re-put         ${plural(r.records, "record")}`,
    `  records quarantined    ${plural(r.quarantined_records, "record")} (can never succeed: in errors-quarantine/ with the reason)`,
    `  written to the lake    ${plural(r.lake_rows, "row")}`,
    `  rows in the warehouse  ${n(r.warehouse_rows)} in total (${n(r.warehouse_rows_inserted)} added now)`,
    `  failed again           ${plural(r.failed_records, "record")} (${plural(r.failed_events, "event")})`,
    `  took                   ${r.seconds.toFixed(1)} s`,
  ].join("\n");
}

/** The `local load` summary: one line of objects and rows, then the warehouse's total. */
export function formatLocalLoadSummary(r: LocalLoadResult): string {
  return [
    `local load: ${plural(r.objects_listed, "object")} listed, ${n(r.objects_loaded)} loaded, ${n(r.objects_skipped)} skipped (already in the ledger); ${plural(r.rows_inserted, "row")} inserted in ${r.seconds.toFixed(1)} s`,
    `  rows in the warehouse  ${n(r.warehouse_rows)} in ${r.warehouse_file}`,
  ].join("\n");
}

/**
 * The one-line warning when a local load leaves the warehouse short of (or beyond) the lake's distinct event
 * ids, with what to do; undefined when they match.
 */
export function formatLocalLoadGap(r: LocalLoadResult): string | undefined {
  const lake = r.lake_distinct_event_ids;
  const held = r.warehouse_distinct_event_ids;
  if (lake === held) return undefined;
  const again = `run \`loglake local load --dir ${r.dir}\` again`;
  if (held > lake)
    return `the warehouse holds ${n(held)} distinct event ids, more than the lake's ${n(lake)}: lake objects were removed after they were loaded; to match the lake, delete ${r.warehouse_file} and ${again}`;
  const parts = r.partitions_missing_rows;
  const where = parts.length === 0 ? "" : ` of ${parts.map((dt) => `dt=${dt}`).join(", ")}`;
  const example = ledgerPartitionDelete(DEFAULT_WAREHOUSE_NAMES, parts[0] ?? "YYYY-MM-DD");
  return `the warehouse holds ${n(held)} of the lake's ${n(lake)} distinct event ids: the load ledger lists objects${where} whose rows are gone, so they were skipped; delete those ledger rows (e.g. \`${example}\`${parts.length > 1 ? ", one per partition" : ""}) or ${r.warehouse_file}, then ${again}`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/**
 * One progress line that fits `columns` (never wraps): bar, percent, counts, rate and ETA. When the line is
 * too wide the counts go first, then the bar, then the rate; percent and ETA stay longest.
 */
export function progressLine(p: Progress, elapsedMs: number, columns: number): string {
  const frac = p.total > 0 ? Math.min(1, p.events / p.total) : 1;
  const rate = elapsedMs > 0 ? (p.events / elapsedMs) * 1000 : 0;
  const pct = `${(frac * 100).toFixed(0).padStart(3)}%`;
  const unit = p.unit ?? "events";
  const counts = `${n(p.events)}/${n(p.total)} ${unit}`;
  const speed = rate > 0 ? `${n(Math.round(rate))} ${unit}/s` : "";
  const eta =
    p.stage === "load" ? "loading the warehouse" : rate > 0 ? `ETA ${duration((p.total - p.events) / rate)}` : "";
  const max = Math.max(1, columns - 1);
  const variants = [[pct, counts, speed, eta], [pct, speed, eta], [pct, eta], [pct]].map((v) =>
    v.filter(Boolean).join("  "),
  );
  for (const text of variants) {
    const room = max - text.length - 1;
    if (room >= 10) {
      const width = Math.min(30, room);
      return `${"█".repeat(Math.round(frac * width)).padEnd(width, "░")} ${text}`;
    }
  }
  for (const text of variants.slice(1)) if (text.length <= max) return text;
  return pct.trim().slice(0, max);
}

/** A progress bar on stderr when it is a terminal; a no-op otherwise (CI logs, pipes) or when quiet. */
export function progressBar(
  stream: NodeJS.WriteStream = process.stderr,
  enabled = true,
): { update(p: Progress): void; done(): void } {
  if (!stream.isTTY || !enabled) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.events < p.total) return;
      last = now;
      stream.write(`\r${progressLine(p, now - started, stream.columns || 80)}\u001b[K`);
    },
    done() {
      stream.write("\r\u001b[2K");
    },
  };
}
