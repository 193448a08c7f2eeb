import { describe, expect, it } from "vitest";
import { createPartitioner } from "../../core/partition.js";

describe("createPartitioner", () => {
  it("partitions by UTC event date and hour by default", () => {
    const partition = createPartitioner();
    expect(partition(Date.UTC(2026, 0, 31, 23, 59, 59, 999))).toEqual({ dt: "2026-01-31", hour: "23" });
    expect(partition(Date.UTC(2026, 1, 1, 0, 0, 0, 0))).toEqual({ dt: "2026-02-01", hour: "00" });
  });

  it("partitions by local date and hour in a configured IANA zone", () => {
    const partition = createPartitioner("America/Argentina/Buenos_Aires"); // UTC-3, no DST
    expect(partition(Date.UTC(2026, 1, 1, 2, 30))).toEqual({ dt: "2026-01-31", hour: "23" });
    expect(partition(Date.UTC(2026, 1, 1, 3, 0))).toEqual({ dt: "2026-02-01", hour: "00" });
  });

  it("handles a half-hour zone through its quarter-hour cache", () => {
    const partition = createPartitioner("Asia/Kolkata"); // UTC+5:30
    expect(partition(Date.UTC(2026, 5, 1, 18, 29, 59, 999))).toEqual({ dt: "2026-06-01", hour: "23" });
    expect(partition(Date.UTC(2026, 5, 1, 18, 30))).toEqual({ dt: "2026-06-02", hour: "00" });
  });

  it("follows daylight-saving changes", () => {
    const partition = createPartitioner("Europe/Madrid");
    expect(partition(Date.UTC(2026, 0, 15, 12))).toEqual({ dt: "2026-01-15", hour: "13" }); // CET
    expect(partition(Date.UTC(2026, 6, 15, 12))).toEqual({ dt: "2026-07-15", hour: "14" }); // CEST
  });

  it("names the setting when the zone is not valid", () => {
    expect(() => createPartitioner("Mars/Olympus")).toThrow(/PARTITION_TIME_ZONE: "Mars\/Olympus"/);
  });
});
