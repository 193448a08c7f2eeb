/** One loader invocation over a fake warehouse: skips, bisection of a poison object, failures per message. */
import { describe, expect, it } from "vitest";
import { bisect, copiesToIsolateOne } from "../../../core/load/bisect.js";
import { batchOf, type LoadBatch } from "../../../core/load/plan.js";
import { type BatchLoaded, type CopyFailed, type LoadTarget, loadMessages } from "../../../core/load/run.js";
import { curatedKey, eventBridgeObjectCreatedBody, LAKE_BUCKET } from "../../fixtures/loading.js";

const url = (n: number) => `s3://${LAKE_BUCKET}/${curatedKey(n)}`;
const message = (id: string, n: number) => ({
  messageId: id,
  body: eventBridgeObjectCreatedBody(curatedKey(n), 100 + n),
});

/** A warehouse where the objects in `poison` fail COPY and `ledger` is already loaded; records every batch. */
function fakeTarget(options: { poison?: number[]; ledger?: number[]; throwOnLoad?: boolean } = {}) {
  const loads: string[][] = [];
  const lookups: string[][] = [];
  const poison = new Set((options.poison ?? []).map(url));
  const target: LoadTarget = {
    loadedUrls: async (urls) => {
      lookups.push([...urls]);
      return new Set((options.ledger ?? []).map(url).filter((u) => urls.includes(u)));
    },
    load: async (batch: LoadBatch): Promise<BatchLoaded | CopyFailed> => {
      const urls = batch.objects.map((o) => `s3://${o.bucket}/${o.key}`);
      loads.push(urls.map((u) => u.slice(-9)));
      if (options.throwOnLoad) throw new Error("ActiveStatementsExceededException");
      if (urls.some((u) => poison.has(u))) return { kind: "copyFailed", error: "Spectrum Scan Error" };
      return {
        kind: "loaded",
        rowsInserted: 10 * urls.length,
        rowsStaged: 10 * urls.length,
        newestEventTime: 1_000 * urls.length,
        copySeconds: 2,
      };
    },
    loadErrors: async (urls) => new Map(urls.map((u) => [u, "incompatible Parquet schema for column 'http_status'"])),
  };
  return { target, loads, lookups };
}

const LIMITS = { limits: { maxObjects: 100, maxBytes: 1e12 }, maxLoads: 20 };

describe("loadMessages", () => {
  it("loads every new object in one batch and acknowledges every message", async () => {
    const { target, loads } = fakeTarget();
    const report = await loadMessages([message("m1", 1), message("m2", 2), message("m3", 3)], target, LIMITS);
    expect(loads).toHaveLength(1);
    expect(report).toMatchObject({
      failures: [],
      objectsLoaded: 3,
      rowsLoaded: 30,
      batchesLoaded: 1,
      batchesFailed: 0,
    });
  });

  it("asks the ledger about the batch's URLs and skips loaded and repeated objects", async () => {
    const { target, loads, lookups } = fakeTarget({ ledger: [2] });
    const report = await loadMessages([message("m1", 1), message("m2", 2), message("m1b", 1)], target, LIMITS);
    expect(lookups).toEqual([[url(1), url(2)]]);
    expect(loads).toEqual([["1.parquet"]]);
    expect(report).toMatchObject({ failures: [], objectsLoaded: 1, objectsSkipped: 2 });
  });

  it("isolates a poison object by bisection, loads its batch-mates and fails only its message", async () => {
    const { target, loads } = fakeTarget({ poison: [3] });
    const messages = [1, 2, 3, 4, 5].map((n) => message(`m${n}`, n));
    const report = await loadMessages(messages, target, LIMITS);
    expect(loads.map((l) => l.map((k) => k[0]).join(""))).toEqual(["12345", "123", "12", "3", "45"]);
    expect(report.failures).toEqual([
      { messageId: "m3", reason: `COPY failed for ${url(3)}: incompatible Parquet schema for column 'http_status'` },
    ]);
    expect(report).toMatchObject({ objectsLoaded: 4, objectsFailed: 1, batchesFailed: 3, batchesLoaded: 2 });
    expect(report.poison.map((p) => p.url)).toEqual([url(3)]);
  });

  it("stops after its load budget and fails what it did not try", async () => {
    const { target, loads } = fakeTarget({ poison: [1, 2, 3, 4] });
    const report = await loadMessages(
      [1, 2, 3, 4].map((n) => message(`m${n}`, n)),
      target,
      { ...LIMITS, maxLoads: 3 },
    );
    expect(loads).toHaveLength(3);
    expect(report.failures.map((f) => f.messageId).sort()).toEqual(["m1", "m2", "m3", "m4"]);
    expect(report.failures.find((f) => f.messageId === "m4")?.reason).toContain("3 load transactions used");
  });

  it("reports every message of a batch whose load throws, and bad bodies, without throwing", async () => {
    const { target } = fakeTarget({ throwOnLoad: true });
    const report = await loadMessages([message("m1", 1), { messageId: "bad", body: "{}" }], target, LIMITS);
    expect(report.failures.map((f) => f.messageId).sort()).toEqual(["bad", "m1"]);
    expect(report.failures.find((f) => f.messageId === "m1")?.reason).toMatch(/ActiveStatementsExceededException$/);
  });
});

describe("bisect", () => {
  it("splits a batch into halves with their own ids and stops at one object", () => {
    const b = batchOf([1, 2, 3].map((n) => ({ bucket: "b", key: `k${n}`, size: n })));
    const [left, right] = bisect(b) ?? [];
    expect(left?.objects.map((o) => o.key)).toEqual(["k1", "k2"]);
    expect(right?.bytes).toBe(3);
    expect(left?.batchId).not.toBe(b.batchId);
    expect(bisect(batchOf([{ bucket: "b", key: "k", size: 1 }]))).toBeNull();
    expect(copiesToIsolateOne(1000)).toBe(21);
  });
});
