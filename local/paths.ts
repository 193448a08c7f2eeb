/**
 * Layout of a local run's directory, and the check that it is writable before any work starts.
 */
import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ObjectCreated } from "../core/load/plan.js";

/** Where everything of one local directory lives. */
export interface LocalPaths {
  readonly dir: string;
  /** `D/lake`: keys below it are the S3 keys of the design. */
  readonly lake: string;
  readonly warehouse: string;
  /** Scratch space for NDJSON buffers (outside the lake so its keys stay clean). */
  readonly tmp: string;
}

/** A directory that cannot be created or written. */
export class LocalDirError extends Error {
  override readonly name = "LocalDirError";
}

/** The layout under `dir`. */
export function localPaths(dir: string): LocalPaths {
  const root = resolve(dir);
  return { dir: root, lake: join(root, "lake"), warehouse: join(root, "warehouse.duckdb"), tmp: join(root, "tmp") };
}

/**
 * Creates the directory if needed and checks it is writable, with a one-line reason when not. Folders are
 * made one level at a time from the nearest existing one, so a parent that refuses new entries (such as
 * /proc, where Node's recursive mkdir retries forever) fails at once.
 */
export function ensureWritableDir(dir: string): void {
  const missing: string[] = [];
  let existing = resolve(dir);
  while (!existsSync(existing)) {
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    if (!statSync(existing).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    for (const d of missing) mkdirSync(d);
    accessSync(dir, constants.W_OK);
    // A probe write: some file systems (/proc, /sys, read-only mounts) pass access() but refuse files.
    const probe = join(dir, `.loglake-write-probe-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new LocalDirError(`cannot write to ${dir} (${code})`);
  }
}

/** Checks that a local run's folder exists (commands that read one must not create an empty one). */
export function ensureExistingDir(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new LocalDirError(`no local run at ${resolve(dir)}; run \`loglake local run --dir ${dir}\` first`);
}

/** Local file of a lake object (the loader's notifications name objects by bucket and key). */
export function lakeFile(paths: LocalPaths, object: ObjectCreated): string {
  return join(paths.lake, object.key);
}
