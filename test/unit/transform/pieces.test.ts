/**
 * The small pure pieces of the transform: cutting text to a byte width, chunking rows and
 * CloudWatch events for re-ingestion, and where the response planner places a record.
 */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { truncateUtf8 } from "../../../core/text.js";
import { placementOf } from "../../../core/transform/respond.js";
import { cwlPieces, rowPieces } from "../../../core/transform/split.js";
import type { FirehoseOutputRecord } from "../../../schemas/firehose.js";

describe("truncateUtf8", () => {
  it("returns the value itself when it fits", () => {
    expect(truncateUtf8("abc", 3)).toBe("abc");
    expect(truncateUtf8("añb", 4)).toBe("añb"); // ñ is 2 bytes: 4 in all
  });

  it("never cuts inside a two-byte character", () => {
    // "aññ" is 61 c3 b1 c3 b1 (5 bytes): 4 bytes would end inside the second ñ.
    expect(truncateUtf8("aññ", 4)).toBe("añ");
    expect(truncateUtf8("aññ", 2)).toBe("a");
  });

  it("never cuts inside a three- or four-byte character", () => {
    // "€" is e2 82 ac; "😀" is f0 9f 98 80 (a surrogate pair in UTF-16).
    expect(truncateUtf8("x€€", 6)).toBe("x€");
    expect(truncateUtf8("x€€", 5)).toBe("x€");
    expect(truncateUtf8("x😀y", 4)).toBe("x");
    expect(truncateUtf8("x😀y", 5)).toBe("x😀");
    expect(Buffer.byteLength(truncateUtf8("😀".repeat(10), 7))).toBe(4);
  });
});

describe("rowPieces", () => {
  it("chunks NDJSON lines into records of at most maxBytes, every line newline-terminated", () => {
    const lines = ['{"a":1}', '{"b":22}', '{"c":333}']; // 8, 9 and 10 bytes with their newlines
    const pieces = rowPieces(lines, 17);
    expect(pieces.map((p) => p.toString())).toEqual(['{"a":1}\n{"b":22}\n', '{"c":333}\n']);
  });

  it("keeps a line longer than maxBytes whole, alone in its piece", () => {
    const pieces = rowPieces(["x".repeat(30), "y"], 10);
    expect(pieces.map((p) => p.toString())).toEqual([`${"x".repeat(30)}\n`, "y\n"]);
  });

  it("returns no piece for no lines", () => {
    expect(rowPieces([])).toEqual([]);
  });
});

describe("cwlPieces", () => {
  // The DATA_MESSAGE shape from the CloudWatch Logs subscription documentation.
  const payload = {
    messageType: "DATA_MESSAGE" as const,
    owner: "123456789012",
    logGroup: "/aws/lambda/onboarding-start",
    logStream: "2026/12/03/[$LATEST]abc",
    subscriptionFilters: ["loglake"],
    logEvents: [],
  };
  const events = [1, 2, 3, 4].map((i) => ({
    id: `3${i}`.padEnd(56, "0"),
    timestamp: 1_764_720_000_000 + i,
    message: `line ${i}`,
  }));

  it("cuts events into gzip'd DATA_MESSAGE payloads whose rows stay under the row budget", () => {
    const pieces = cwlPieces(payload, events, [100, 100, 100, 100], 1_000_000, 250);
    const decoded = pieces.map((p) => JSON.parse(gunzipSync(p).toString()));
    expect(decoded.map((d) => d.logEvents.map((e: { message: string }) => e.message))).toEqual([
      ["line 1", "line 2"],
      ["line 3", "line 4"],
    ]);
    expect(decoded[0].logGroup).toBe("/aws/lambda/onboarding-start");
    expect(decoded[1].messageType).toBe("DATA_MESSAGE");
  });

  it("halves a piece whose gzip exceeds maxBytes, down to one event", () => {
    const pieces = cwlPieces(payload, events, [1, 1, 1, 1], 10, 1_000);
    expect(pieces).toHaveLength(4);
    expect(pieces.map((p) => JSON.parse(gunzipSync(p).toString()).logEvents[0].id.slice(0, 2))).toEqual([
      "31",
      "32",
      "33",
      "34",
    ]);
  });
});

describe("placementOf (the 6 MB planner's rule)", () => {
  // {"recordId":"r1","result":"Ok","data":""} is 41 characters; +1 comma and 8 data characters = 50.
  const entry: FirehoseOutputRecord = { recordId: "r1", result: "Ok", data: "AAAAAAAA" };

  it("is inline when the response had room (the bytes were reserved)", () => {
    expect(placementOf(entry, 1, 1_000, true)).toBe("inline");
    expect(placementOf(entry, 3, 1_000, true)).toBe("inline");
  });

  it("re-puts as is a one-hour record that would fit an empty response", () => {
    // 50 bytes of entry + 14 of the {"records":[]} envelope = 64.
    expect(placementOf(entry, 1, 64, false)).toBe("re-put as is");
  });

  it("splits a record that could never fit, or that spans hours", () => {
    expect(placementOf(entry, 1, 63, false)).toBe("split");
    expect(placementOf(entry, 2, 1_000, false)).toBe("split");
  });
});
