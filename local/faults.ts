/**
 * The ways a local run stops early, as errors that say what happened and what to do: an interrupt (Ctrl-C,
 * SIGTERM) and a full disk. Both are raised after the pipeline removed its scratch and loaded nothing more.
 */
import { type Dirent, readdirSync, statfsSync, statSync } from "node:fs";
import { join } from "node:path";

/** The run was interrupted by a signal; what was loaded stays loaded. */
export class RunInterruptedError extends Error {
  override readonly name = "RunInterruptedError";
  constructor(
    readonly signal: string,
    readonly eventsDone: number,
    readonly eventsTotal: number,
    readonly warehouseRows: number,
  ) {
    super(
      `interrupted by ${signal} after ${eventsDone.toLocaleString("en-US")} of ${eventsTotal.toLocaleString("en-US")} events; scratch removed, the warehouse is closed with ${warehouseRows.toLocaleString("en-US")} ${warehouseRows === 1 ? "row" : "rows"} (rerun to finish)`,
    );
  }
}

/** No space was left on the disk the run writes to. */
export class DiskFullError extends Error {
  override readonly name = "DiskFullError";
}

/** The path a "no space left" error names (Node's `path`, DuckDB's quoted file), or null for other errors. */
export function diskFullPath(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { code?: unknown; path?: unknown; message?: unknown };
  if (e.code === "ENOSPC") return typeof e.path === "string" ? e.path : "";
  const message = typeof e.message === "string" ? e.message : "";
  if (!/No space left on device|ENOSPC/i.test(message)) return null;
  return /"([^"]+)"/.exec(message)?.[1] ?? "";
}

/** Free bytes on the disk holding `dir`, or null when the system cannot say. */
export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

/** Bytes in the files under `dir` (0 when it cannot be read). */
export function folderBytes(dir: string): number {
  try {
    return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((d) => d.isFile())
      .reduce((sum, d) => {
        try {
          return sum + statSync(join(d.parentPath, d.name)).size;
        } catch {
          return sum;
        }
      }, 0);
  } catch {
    return 0;
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The one-line message for a full disk while writing `path` under `dir`: what was being written, what is free
 * now that the run's scratch is gone, and what the run's folder itself holds (earlier runs' lake and warehouse),
 * with the command that frees it.
 */
export function diskFullMessage(path: string, dir: string, free: number | null, held: number): string {
  const where = path ? ` writing ${path}` : "";
  const left = free === null ? "" : `${mb(free)} free now; `;
  return `disk full${where}: the scratch this run wrote was removed; free space on the disk that holds ${dir} (${left}${dir} holds ${mb(held)}, \`loglake local clean --dir ${dir}\` frees it) or pass --dir on a larger disk, then rerun`;
}
