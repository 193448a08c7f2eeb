/**
 * `loglake local clean`: what a run's folder holds, told before it is removed, and the checks that keep it
 * from removing anything else (files loglake did not write, a warehouse a running command holds).
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { CliError } from "./args.js";

/** Entries a local run writes at the top of its folder. */
const RUN_ENTRIES = new Set(["lake", "tmp", "warehouse.duckdb", "warehouse.duckdb.wal", "report.html"]);

/** What a run folder holds. */
export interface RunDirContents {
  readonly dir: string;
  readonly text: string;
}

function filesUnder(dir: string): { path: string; size: number }[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const path = join(d.parentPath, d.name);
        return { path, size: statSync(path).size };
      });
  } catch {
    return [];
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const objects = (n: number): string => `${n.toLocaleString("en-US")} ${n === 1 ? "object" : "objects"}`;

/** Describes `dir` (refusing folders that are not a loglake run's, or whose warehouse is in use). */
export async function describeRunDir(dirArg: string): Promise<RunDirContents> {
  const dir = resolve(dirArg);
  if (dir === resolve("/") || dir === resolve(process.env.HOME ?? "/"))
    throw new CliError(`refusing to remove ${dir}`, 1);
  const entries = readdirSync(dir);
  const foreign = entries.filter((e) => !RUN_ENTRIES.has(e));
  if (foreign.length > 0) {
    const list = foreign.slice(0, 3).join(", ") + (foreign.length > 3 ? ", …" : "");
    throw new CliError(`${dir} holds files loglake did not write (${list}); nothing removed`, 1);
  }
  if (entries.includes("warehouse.duckdb")) {
    // Opening it read-only is how to learn whether a run or query holds it (DuckDB's file lock).
    const { QuerySession } = await import("../local/query.js");
    (await QuerySession.openWarehouse(join(dir, "warehouse.duckdb"))).close();
  }
  const lake = join(dir, "lake");
  const zones = new Map<string, { n: number; bytes: number }>();
  for (const f of filesUnder(lake)) {
    const zone = relative(lake, f.path).split("/")[0] ?? "";
    const z = zones.get(zone) ?? { n: 0, bytes: 0 };
    z.n += 1;
    z.bytes += f.size;
    zones.set(zone, z);
  }
  const lines = [`${dir} holds:`];
  for (const [zone, z] of [...zones].sort()) lines.push(`  lake/${zone}/  ${objects(z.n)}, ${mb(z.bytes)}`);
  for (const e of ["warehouse.duckdb", "warehouse.duckdb.wal", "report.html"]) {
    if (entries.includes(e)) lines.push(`  ${e}  ${mb(statSync(join(dir, e)).size)}`);
  }
  const scratch = filesUnder(join(dir, "tmp")).length;
  if (scratch > 0) lines.push(`  tmp/  ${scratch} scratch ${scratch === 1 ? "file" : "files"}`);
  if (lines.length === 1) lines.push("  nothing (an empty folder)");
  return { dir, text: lines.join("\n") };
}

/** Removes the folder {@link describeRunDir} described. */
export function cleanRunDir(contents: RunDirContents): void {
  rmSync(contents.dir, { recursive: true, force: true });
}
