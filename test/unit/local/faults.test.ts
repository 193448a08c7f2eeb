/** Full-disk errors told apart from others, and the message a person reads. */
import { describe, expect, it } from "vitest";
import { diskFullMessage, diskFullPath } from "../../../local/faults.js";

describe("diskFullPath", () => {
  it("takes the path of a Node ENOSPC error", () => {
    const error = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
      path: "/runs/a/tmp/2025-06-02-10-x.ndjson",
    });
    expect(diskFullPath(error)).toBe("/runs/a/tmp/2025-06-02-10-x.ndjson");
  });

  it("takes the quoted file of a DuckDB 'No space left on device' error", () => {
    const error = new Error(
      'IO Error: Could not write file "/runs/a/lake/curated/x.parquet.tmp": No space left on device',
    );
    expect(diskFullPath(error)).toBe("/runs/a/lake/curated/x.parquet.tmp");
  });

  it("is an empty path for ENOSPC without a file, and null for other errors", () => {
    expect(diskFullPath(Object.assign(new Error("x"), { code: "ENOSPC" }))).toBe("");
    expect(diskFullPath(new Error("EACCES: permission denied"))).toBeNull();
    expect(diskFullPath("ENOSPC")).toBeNull();
  });
});

describe("diskFullMessage", () => {
  it("names the file, what is free, what the run's folder holds and the command that frees it", () => {
    expect(diskFullMessage("/runs/a/tmp/x.ndjson", "/runs/a", 1.5 * 1024 * 1024, 300 * 1024 * 1024)).toBe(
      "disk full writing /runs/a/tmp/x.ndjson: the scratch this run wrote was removed; free space on the disk that holds /runs/a (1.5 MB free now; /runs/a holds 300.0 MB, `loglake local clean --dir /runs/a` frees it) or pass --dir on a larger disk, then rerun",
    );
  });

  it("leaves out what it cannot know", () => {
    expect(diskFullMessage("", "/runs/a", null, 0)).toBe(
      "disk full: the scratch this run wrote was removed; free space on the disk that holds /runs/a (/runs/a holds 0.0 MB, `loglake local clean --dir /runs/a` frees it) or pass --dir on a larger disk, then rerun",
    );
  });
});
