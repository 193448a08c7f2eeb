import { describe, expect, it } from "vitest";
import { plural, progressLine } from "../../../cli/format.js";
import { csvField, tableCell } from "../../../cli/query-output.js";
import { refusalForError, refusalForStatement } from "../../../core/query/read-only.js";

describe("progressLine", () => {
  const p = { stage: "ingest", events: 42_000, total: 100_000 };

  it("shows bar, counts, rate and ETA on a wide terminal", () => {
    expect(progressLine(p, 10_000, 100)).toBe(
      "█████████████░░░░░░░░░░░░░░░░░  42%  42,000/100,000 events  4,200 events/s  ETA 14s",
    );
  });

  it("fits 50 columns by dropping the counts, keeping rate and ETA", () => {
    const line = progressLine(p, 10_000, 50);
    expect(line).toBe("████████░░░░░░░░░░░  42%  4,200 events/s  ETA 14s");
    expect(line.length).toBeLessThan(50);
  });
});

describe("output cells", () => {
  it("quotes CSV fields with commas, quotes or newlines; NULL is empty", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField(null)).toBe("");
    expect(csvField(12)).toBe("12");
  });

  it("rounds floats in tables only", () => {
    expect(tableCell(2396.33512, { kind: "float" })).toBe("2396.335");
    expect(tableCell(null, { kind: "text" })).toBe("NULL");
  });

  it("spells plurals", () => {
    expect(plural(1, "record")).toBe("1 record");
    expect(plural(1234, "record")).toBe("1,234 records");
  });
});

describe("read-only rule", () => {
  it("lets SELECT run and refuses UPDATE with a message", () => {
    expect(refusalForStatement("SELECT", "warehouse")).toBeNull();
    expect(refusalForStatement("UPDATE", "lake")).toBe(
      "refused: UPDATE changes data; the lake is read-only here (SELECT and EXPLAIN only); nothing was changed",
    );
  });

  it("turns DuckDB's file-access error into a refusal naming the file", () => {
    expect(
      refusalForError(
        'Permission Error: Cannot access file "/etc/passwd" - file system operations are disabled by configuration',
        "warehouse",
      ),
    ).toBe(
      "refused: queries cannot read or write files (/etc/passwd); the warehouse is read-only here (SELECT and EXPLAIN only); nothing was changed",
    );
  });
});
