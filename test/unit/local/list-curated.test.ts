/** Which files of a local lake `loglake local load` lists: curated object keys only, in key order. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listCuratedObjects } from "../../../local/load.js";
import { localPaths } from "../../../local/paths.js";

const dir = mkdtempSync(join(tmpdir(), "loglake-list-curated-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const put = (key: string, bytes: number): void => {
  const file = join(dir, "lake", key);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, "x".repeat(bytes));
};

describe("listCuratedObjects", () => {
  it("lists curated Parquet keys in key order with their sizes, and nothing else", () => {
    // Prepare
    put("curated/log_events/dt=2026-12-04/hour=09/b.parquet", 3);
    put("curated/log_events/dt=2026-12-03/hour=23/a.parquet", 5);
    put("curated/log_events/dt=2026-12-04/hour=09/c.parquet.tmp", 7);
    put("curated/log_events/dt=2026-12-04/stray.parquet", 1);
    put("raw/cwl/2026/12/04/09/raw-object", 2);
    // Act
    const objects = listCuratedObjects(localPaths(dir));
    // Assess
    expect(objects).toEqual([
      { bucket: "loglake-local", key: "curated/log_events/dt=2026-12-03/hour=23/a.parquet", size: 5 },
      { bucket: "loglake-local", key: "curated/log_events/dt=2026-12-04/hour=09/b.parquet", size: 3 },
    ]);
  });

  it("lists nothing for a lake without a curated zone", () => {
    expect(listCuratedObjects(localPaths(join(dir, "empty")))).toEqual([]);
  });
});
