/**
 * Scratch a run leaves when it is killed (SIGKILL, power loss): partition buffers under `D/tmp/` and a
 * Parquet object half written as `….parquet.tmp` in the curated zone. Neither was ever acknowledged (the
 * rows are regenerated or re-put by the next run), so removing them loses nothing.
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { ObjectCreated } from "../core/load/plan.js";
import { LAKE_PREFIXES } from "../schemas/lake-layout.js";
import type { LocalPaths } from "./paths.js";

/** Suffix of a Parquet object being written (renamed to `.parquet` once complete). */
export const PARTIAL_OBJECT_SUFFIX = ".parquet.tmp";

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name));
  } catch {
    return [];
  }
}

/** Removes the scratch folder and every partial Parquet object; returns how many files went. */
export function removeLeftovers(paths: LocalPaths): number {
  const scratch = filesUnder(paths.tmp);
  rmSync(paths.tmp, { recursive: true, force: true });
  const partial = filesUnder(join(paths.lake, LAKE_PREFIXES.curated)).filter((f) => f.endsWith(PARTIAL_OBJECT_SUFFIX));
  for (const f of partial) rmSync(f, { force: true });
  return scratch.length + partial.length;
}

/**
 * Every complete curated Parquet object, as the notifications S3 would redeliver: a killed run may have
 * written objects it never loaded, so each run offers them all to the loader, whose ledger skips the loaded.
 */
export function curatedObjects(paths: LocalPaths, bucket: string): ObjectCreated[] {
  return filesUnder(join(paths.lake, LAKE_PREFIXES.logEvents))
    .filter((f) => f.endsWith(".parquet"))
    .sort()
    .map((f) => ({ bucket, key: relative(paths.lake, f).split(sep).join("/"), size: statSync(f).size }));
}
