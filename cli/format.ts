/**
 * Human output of `loglake`: the run summary, query tables and a progress bar (stderr, TTY only).
 */

import type { ReprocessSummary } from "../local/reprocess.js";
import type { LocalRunSummary } from "../local/run.js";
import type { QueryResult } from "../local/warehouse.js";

const n = (v: number): string => v.toLocaleString("en-US");

/** The run summary, one fact per line. */
export function formatRunSummary(r: LocalRunSummary, seed: string): string {
  const st = r.stages;
  return [
    `Onboarding Log Lake — local run (seed ${seed})`,
    `  events generated       ${n(r.events)}  (${n(r.records)} Firehose records incl. ${r.control_records} control message, ${r.corrupt_records} corrupt)`,
    `  rows in the lake       ${n(r.lake_rows)}  (${r.lake_objects} Parquet objects in ${r.dir}/lake/curated/log_events/)`,
    `  rows in the warehouse  ${n(r.warehouse_rows)}  (${n(r.warehouse_rows_inserted)} new this run) in ${r.dir}/warehouse.duckdb`,
    `  records failed         ${n(r.failed_records)} (${n(r.failed_events)} events) in ${r.dir}/lake/errors/`,
    `  records dropped        ${n(r.dropped_records)} (control messages, and records re-put whole by the transform)`,
    `  records re-ingested    ${n(r.reingested_records)} (put back by the transform: other-hour events, what did not fit 6 MB)`,
    `  seconds                ${r.seconds.toFixed(1)}  (${n(r.events_per_s)} events/s)`,
    `    generate ${st.generate_s}s · transform ${st.transform_s}s · firehose ${st.firehose_s}s · parquet flush ${st.flush_s}s · load ${st.load_s}s`,
    `    (DuckDB busy beside the transform: parquet ${st.parquet_busy_s}s, load ${st.load_busy_s}s; plumbing/transform = ${r.plumbing_ratio})`,
    `Next: npx loglake query "SELECT * FROM bi.onboarding_funnel ORDER BY 1, 2, 3" --dir ${r.dir}`,
  ].join("\n");
}

/** The reprocess summary. */
export function formatReprocessSummary(r: ReprocessSummary): string {
  return [
    "Onboarding Log Lake — local reprocess",
    `  error objects          ${n(r.objects)} (${n(r.archived_objects)} moved to errors-reprocessed/, ${n(r.left_objects)} left)`,
    `  records re-put         ${n(r.records)}`,
    `  records quarantined    ${n(r.quarantined_records)} (can never succeed: in errors-quarantine/ with the reason)`,
    `  rows in the lake       +${n(r.lake_rows)}`,
    `  rows in the warehouse  ${n(r.warehouse_rows)} (+${n(r.warehouse_rows_inserted)})`,
    `  records failed again   ${n(r.failed_records)} (${n(r.failed_events)} events)`,
    `  seconds                ${r.seconds.toFixed(1)}`,
  ].join("\n");
}

/** An aligned text table; long cells are cut so rows stay on one line. */
export function formatTable(result: QueryResult, maxCell = 60): string {
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? "NULL" : typeof v === "string" ? v : JSON.stringify(v);
    const flat = s.replace(/\s+/g, " ");
    return flat.length > maxCell ? `${flat.slice(0, maxCell - 1)}…` : flat;
  };
  const rows = result.rows.map((r) => r.map(cell));
  const widths = result.columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [
    line(result.columns),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    `(${n(result.rows.length)} rows)`,
  ].join("\n");
}

/** Rows as objects, for `--json`. */
export function tableJson(result: QueryResult): string {
  return JSON.stringify({
    columns: result.columns,
    rows: result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i]]))),
    row_count: result.rows.length,
  });
}

/** A progress bar on stderr when it is a terminal; a no-op otherwise (CI logs, pipes). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update(p: { stage: string; events: number; total: number; unit?: string }): void;
  done(): void;
} {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.events < p.total) return;
      last = now;
      const width = 30;
      const frac = p.total > 0 ? Math.min(1, p.events / p.total) : 1;
      const bar = "█".repeat(Math.round(frac * width)).padEnd(width, "░");
      stream.write(
        `\r${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${n(p.events)}/${n(p.total)} ${p.unit ?? "events"}  ${p.stage.padEnd(8)}`,
      );
    },
    done() {
      stream.write("\r\u001b[2K");
    },
  };
}
