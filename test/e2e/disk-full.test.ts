/**
 * A full disk, for real: the run's folder on a small tmpfs. The run stops with one message that names the file
 * it was writing and what to free, and leaves no scratch (`D/tmp`), no `.parquet.tmp` and no half-written lake
 * object behind; rows cut off by the disk are not filed as conversion errors. Mounting needs root (CI runs as
 * root); elsewhere the test skips and says why.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiskFullError } from "../../local/faults.js";
import { runLocal } from "../../local/run.js";

const root = mkdtempSync(join(tmpdir(), "loglake-disk-full-"));
const mountPoint = join(root, "disk");
mkdirSync(mountPoint);

function mountTmpfs(size: string): boolean {
  return spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", mountPoint]).status === 0;
}
function unmount(): void {
  spawnSync("umount", [mountPoint]);
}

const canMount = mountTmpfs("1m");
if (canMount) unmount();
else {
  console.warn(`disk-full test skipped: cannot mount a tmpfs at ${mountPoint} (needs root)`);
  rmSync(root, { recursive: true, force: true });
}

const files = (dir: string): string[] =>
  existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).map((f) => join(dir, f)) : [];

async function runUntilFull(dir: string, tuning?: Parameters<typeof runLocal>[0]["tuning"]): Promise<DiskFullError> {
  try {
    await runLocal({ events: 40_000, seed: "disk-full", dir, ...(tuning ? { tuning } : {}) });
  } catch (error) {
    if (error instanceof DiskFullError) return error;
    throw error;
  }
  throw new Error("the run finished: the disk never filled");
}

describe.skipIf(!canMount)("a full disk during loglake local run", () => {
  beforeAll(() => {
    expect(mountTmpfs("3m")).toBe(true);
  });

  afterAll(() => {
    unmount();
    rmSync(root, { recursive: true, force: true });
  });

  it("names the scratch file it was writing and what to free, and removes the scratch", async () => {
    // Prepare
    const dir = join(mountPoint, "scratch-fills");
    // Act
    const error = await runUntilFull(dir);
    // Assess
    expect(error.message).toMatch(
      new RegExp(
        `^disk full writing ${dir}/tmp/2025-06-02-\\d{2}-[0-9a-f-]{36}\\.ndjson: the scratch this run wrote was removed; free space on the disk that holds ${dir} \\(\\d+\\.\\d MB free now; ${dir} holds \\d+\\.\\d MB, \`loglake local clean --dir ${dir}\` frees it\\) or pass --dir on a larger disk, then rerun$`,
      ),
    );
    expect(files(join(dir, "tmp"))).toEqual([]);
    expect(files(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("names the Parquet object it was converting, removes its .tmp, and files no conversion errors", async () => {
    // Prepare: small partition buffers, so the disk fills while DuckDB writes Parquet.
    const dir = join(mountPoint, "parquet-fills");
    const lakeBuffers = { partitionBytes: 256 * 1024, idleInvocations: 4, rawBytes: 32 * 1024 * 1024 };
    // Act
    const error = await runUntilFull(dir, { lakeBuffers });
    // Assess
    expect(error.message).toMatch(
      new RegExp(`^disk full writing ${dir}/lake/curated/log_events/dt=2025-06-02/hour=\\d{2}/[^ ]+\\.parquet\\.tmp: `),
    );
    expect(files(join(dir, "tmp"))).toEqual([]);
    expect(files(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(files(join(dir, "lake", "errors"))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
