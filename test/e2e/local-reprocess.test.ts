/** `local reprocess`: corrupt records are quarantined once, the error prefix empties, a second run re-puts nothing. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
      .map((d) => join(d.parentPath, d.name));
  } catch {
    return [];
  }
};
const names = (sub: string): string[] => files(sub).map((f) => f.slice(f.lastIndexOf("/") + 1));

describe("loglake local reprocess", () => {
  it("quarantines the corrupt records with their reason and moves every error object out of errors/", async () => {
    // Prepare
    const run = await runLocal({ events: 1_000, seed: "reprocess", dir });
    const before = names("errors");
    // Act
    const result = await reprocessLocal({ dir });
    // Assess: the local run plants 4 corrupt records; none of them can ever pass the transform.
    expect(run.corrupt_records).toBe(4);
    expect(result.quarantined_records).toBe(4);
    expect(result.records).toBe(run.failed_records - 4);
    expect(result.archived_objects).toBe(before.length);
    expect(result.left_objects).toBe(0);
    expect(names("errors-reprocessed").sort()).toEqual(before.sort());
    expect(files("errors")).toEqual([]);
    expect(result.failed_records).toBe(0);
    expect(result.warehouse_rows).toBe(run.warehouse_rows);
    const quarantined = files("errors-quarantine")
      .flatMap((f) => readFileSync(f, "utf8").trim().split("\n"))
      .map((line) => JSON.parse(line) as { source_key: string; reason: string; record: string });
    expect(quarantined).toHaveLength(4);
    for (const q of quarantined) {
      expect(q.source_key).toMatch(/^errors\/processing-failed\/\d{4}\/\d{2}\/\d{2}\//);
      expect(q.reason).not.toBe("");
      expect(JSON.parse(q.record).errorCode).toBe("Lambda.ProcessingFailedStatus");
    }
  });

  it("re-puts nothing and writes no error object on a second run", async () => {
    // Act
    const again = await reprocessLocal({ dir });
    // Assess
    expect(again).toMatchObject({ objects: 0, records: 0, quarantined_records: 0, failed_records: 0 });
    expect(files("errors")).toEqual([]);
  });
});
