/** `local reprocess`: the error prefix goes round again and the re-put objects are archived. */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { reprocessLocal } from "../../local/reprocess.js";
import { runLocal } from "../../local/run.js";

const dir = mkdtempSync(join(tmpdir(), "loglake-reprocess-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = (sub: string): string[] => {
  try {
    return readdirSync(join(dir, "lake", sub), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name);
  } catch {
    return [];
  }
};

describe("loglake local reprocess", () => {
  it("re-puts every error record, archives the objects and adds no warehouse row for events already loaded", async () => {
    // Prepare
    const run = await runLocal({ events: 1_000, seed: "reprocess", dir });
    const before = files("errors");
    // Act
    const result = await reprocessLocal({ dir });
    // Assess
    expect(result.records).toBe(run.failed_records);
    expect(result.archived_objects).toBe(before.length);
    expect(files("errors-reprocessed").sort()).toEqual(before.sort());
    // The corrupt records fail again and land in NEW error objects; nothing is lost or duplicated.
    expect(result.failed_records).toBe(run.failed_records);
    expect(files("errors").some((f) => before.includes(f))).toBe(false);
    expect(result.warehouse_rows).toBe(run.warehouse_rows);
  });
});
