/**
 * Handlers of `loglake local run | reprocess | load | clean`: check arguments, call the local runtime, print a
 * summary (or one JSON object with --json).
 */
import { StageTimer } from "../bench/stage-timer.js";
import { loadLocalLake } from "../local/load.js";
import { ensureExistingDir } from "../local/paths.js";
import { reprocessLocal } from "../local/reprocess.js";
import { type LocalRunResult, runLocal } from "../local/run.js";
import { CliError, dirOption, type ParsedArgs, positiveInt } from "./args.js";
import { cleanRunDir, describeRunDir } from "./clean.js";
import { DEFAULT_DIR, DEFAULT_SEED } from "./commands.js";
import {
  formatLocalLoadGap,
  formatLocalLoadSummary,
  formatReprocessSummary,
  formatRunSummary,
  progressBar,
} from "./format.js";
import { onInterrupt } from "./signals.js";

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** `loglake local run`. */
export async function localRun({ values }: ParsedArgs): Promise<number> {
  const events = positiveInt("events", str(values.events), 100_000);
  const seed = str(values.seed) ?? DEFAULT_SEED;
  if (seed === "") throw new CliError("--seed must not be empty");
  const dir = dirOption(str(values.dir), DEFAULT_DIR);
  const quiet = values.quiet === true;
  const bar = progressBar(process.stderr, !quiet && values.json !== true);
  const timer = values.json ? new StageTimer() : undefined;
  const interrupt = onInterrupt();
  try {
    const result = await runLocal({
      events,
      seed,
      dir,
      onProgress: bar.update,
      signal: interrupt.signal,
      timer,
    }).finally(bar.done);
    const report = await runReport(result, seed);
    if (values.json && timer)
      out(
        JSON.stringify({
          ...result,
          report: report ?? null,
          stages: timer.stages(),
          plumbing_ratio: timer.plumbingRatio(),
        }),
      );
    else if (!quiet) out(formatRunSummary(result, seed, report));
    return 0;
  } finally {
    interrupt.dispose();
  }
}

/**
 * The report at the end of a run. The run's data is loaded whatever happens here, so a report that cannot be
 * written is one line on stderr (with the command that retries it), not a failed run.
 */
async function runReport(result: LocalRunResult, seed: string): Promise<string | undefined> {
  try {
    const { writeReport } = await import("../local/report.js");
    const { path } = await writeReport({
      dir: result.dir,
      run: {
        seed,
        events: result.events,
        lakeRows: result.lake_rows,
        warehouseRowsInserted: result.warehouse_rows_inserted,
        failedRecords: result.failed_records,
      },
    });
    return path;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    process.stderr.write(
      `loglake: report not written: ${message} (retry with \`loglake report --dir ${result.dir}\`)\n`,
    );
    return undefined;
  }
}

/** `loglake local reprocess`. */
export async function localReprocess({ values }: ParsedArgs): Promise<number> {
  const dir = dirOption(str(values.dir), DEFAULT_DIR);
  // Reprocessing reads a run's error prefix: a missing folder is a mistake, not an empty run to create.
  ensureExistingDir(dir);
  const bar = progressBar(process.stderr, values.quiet !== true && values.json !== true);
  const result = await reprocessLocal({
    dir,
    onProgress: (p) => bar.update({ stage: "reprocess", events: p.done, total: p.total, unit: "objects" }),
  }).finally(bar.done);
  if (values.json) out(JSON.stringify(result));
  else if (values.quiet !== true) out(formatReprocessSummary(result));
  return 0;
}

/** `loglake local load`. */
export async function localLoad({ values }: ParsedArgs): Promise<number> {
  const dir = dirOption(str(values.dir), DEFAULT_DIR);
  // A rebuild reads a run's lake: a missing folder is a mistake, not an empty lake to create.
  ensureExistingDir(dir);
  const bar = progressBar(process.stderr, values.quiet !== true && values.json !== true);
  const interrupt = onInterrupt();
  try {
    const result = await loadLocalLake({
      dir,
      signal: interrupt.signal,
      onProgress: (p) => bar.update({ stage: "local load", events: p.done, total: p.total, unit: "objects" }),
    }).finally(bar.done);
    if (values.json) out(JSON.stringify(result));
    else if (values.quiet !== true) out(formatLocalLoadSummary(result));
    const gap = formatLocalLoadGap(result);
    if (gap === undefined) return 0;
    // The summary stays on stdout (--json included); the gap is the failure, even under --quiet.
    process.stderr.write(`loglake: ${gap}\n`);
    return 1;
  } finally {
    interrupt.dispose();
  }
}

/** `loglake local clean`. */
export async function localClean({ values }: ParsedArgs): Promise<number> {
  const dir = dirOption(str(values.dir), DEFAULT_DIR);
  ensureExistingDir(dir);
  const contents = await describeRunDir(dir);
  if (values.quiet !== true) out(contents.text);
  cleanRunDir(contents);
  if (values.quiet !== true) out(`Removed ${contents.dir}.`);
  return 0;
}
