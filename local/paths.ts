/**
 * Layout of a local run's directory, and the check that it is writable before any work starts.
 */
import { accessSync, constants, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
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

/** Creates the directory if needed and checks it is writable, with a one-line reason when not. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new LocalDirError(`cannot write to ${dir} (${code})`);
  }
}

/** Local file of a lake object (the loader's notifications name objects by bucket and key). */
export function lakeFile(paths: LocalPaths, object: ObjectCreated): string {
  return join(paths.lake, object.key);
}
