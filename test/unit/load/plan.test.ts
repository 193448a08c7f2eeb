/** Load planning: notifications → micro-batches → Redshift manifest. */
import { describe, expect, it } from "vitest";
import {
  buildManifest,
  manifestKey,
  type ObjectCreated,
  pendingObjects,
  planBatches,
} from "../../../core/load/plan.js";

const obj = (i: number, size = 100): ObjectCreated => ({
  bucket: "lake",
  key: `curated/log_events/dt=2025-06-02/hour=10/o${i}.parquet`,
  size,
});

describe("planBatches", () => {
  it("closes a batch when it reaches the object limit", () => {
    const batches = planBatches(
      [1, 2, 3, 4, 5].map((i) => obj(i)),
      { maxObjects: 2, maxBytes: 1e9 },
    );
    expect(batches.map((b) => b.objects.length)).toEqual([2, 2, 1]);
  });

  it("closes a batch before the byte limit would be exceeded", () => {
    const batches = planBatches([obj(1, 60), obj(2, 60), obj(3, 30)], { maxObjects: 10, maxBytes: 100 });
    expect(batches.map((b) => b.bytes)).toEqual([60, 90]);
  });

  it("puts a single object larger than the byte limit in a batch of its own", () => {
    const batches = planBatches([obj(1, 500), obj(2, 10)], { maxObjects: 10, maxBytes: 100 });
    expect(batches.map((b) => b.objects.map((o) => o.size))).toEqual([[500], [10]]);
  });

  it("gives the same batch id to the same objects, and different ids to different objects", () => {
    const a = planBatches([obj(1), obj(2)], { maxObjects: 10, maxBytes: 1e9 })[0];
    const b = planBatches([obj(1), obj(2)], { maxObjects: 10, maxBytes: 1e9 })[0];
    const c = planBatches([obj(1), obj(3)], { maxObjects: 10, maxBytes: 1e9 })[0];
    expect(a?.batchId).toBe(b?.batchId);
    expect(a?.batchId).not.toBe(c?.batchId);
    expect(a?.batchId).toMatch(/^b_[0-9a-f]{24}$/);
  });

  it("rejects limits below one object or one byte", () => {
    expect(() => planBatches([obj(1)], { maxObjects: 0, maxBytes: 1 })).toThrow(/at least 1/);
  });
});

describe("buildManifest", () => {
  it("lists every object as a mandatory s3 URL with its content_length, as Parquet COPY requires", () => {
    const [batch] = planBatches([obj(1, 123), obj(2, 456)], { maxObjects: 10, maxBytes: 1e9 });
    expect(buildManifest(batch as NonNullable<typeof batch>)).toEqual({
      entries: [
        {
          url: "s3://lake/curated/log_events/dt=2025-06-02/hour=10/o1.parquet",
          mandatory: true,
          meta: { content_length: 123 },
        },
        {
          url: "s3://lake/curated/log_events/dt=2025-06-02/hour=10/o2.parquet",
          mandatory: true,
          meta: { content_length: 456 },
        },
      ],
    });
    expect(manifestKey(batch as NonNullable<typeof batch>)).toMatch(/^analytics\/manifests\/b_[0-9a-f]+\.manifest$/);
  });
});

describe("pendingObjects", () => {
  it("drops repeated notifications and objects the ledger already holds", () => {
    const pending = pendingObjects(
      [obj(1), obj(2), obj(1), obj(3)],
      new Set(["s3://lake/curated/log_events/dt=2025-06-02/hour=10/o3.parquet"]),
    );
    expect(pending.map((o) => o.key.slice(-10))).toEqual(["o1.parquet", "o2.parquet"]);
  });
});
