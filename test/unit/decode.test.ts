import { describe, expect, it } from "vitest";
import { decodeRecordData } from "../../core/decode.js";
import { CORRUPT_DATA } from "../fixtures/corrupt.js";
import { CONTROL_MESSAGE, dataMessage, encodePayload } from "../fixtures/cwl.js";
import { SAMPLE_ROW } from "../fixtures/rows.js";

describe("decodeRecordData", () => {
  it("decodes a gzip'd DATA_MESSAGE into its payload", () => {
    // Prepare
    const payload = dataMessage("/aws/lambda/onboarding-start", "s", ["hello\n", "world\n"]);
    // Act
    const decoded = decodeRecordData(encodePayload(payload));
    // Assess
    expect(decoded.kind).toBe("cwl");
    if (decoded.kind === "cwl") expect(decoded.payload).toEqual(payload);
  });

  it("decodes the CONTROL_MESSAGE with its empty group, stream and event id", () => {
    const decoded = decodeRecordData(encodePayload(CONTROL_MESSAGE));
    expect(decoded.kind === "cwl" && decoded.payload.messageType).toBe("CONTROL_MESSAGE");
  });

  it.each(Object.entries(CORRUPT_DATA))("reports %s as invalid with a reason", (_name, data) => {
    const decoded = decodeRecordData(data);
    expect(decoded.kind).toBe("invalid");
    if (decoded.kind === "invalid") expect(decoded.reason.length).toBeGreaterThan(5);
  });

  it("rejects a payload whose event lacks a numeric timestamp", () => {
    const bad = { ...dataMessage("g", "s", ["x"]), logEvents: [{ id: "1", timestamp: "soon", message: "x" }] };
    const decoded = decodeRecordData(encodePayload(bad));
    expect(decoded).toEqual({
      kind: "invalid",
      reason: "not a CloudWatch Logs payload: a log event lacks a timestamp",
    });
  });

  it("reads NDJSON log_events rows (a re-put format-conversion-failed record) as rows", () => {
    const row = { ...SAMPLE_ROW, event_id: "1" };
    const data = Buffer.from(`${JSON.stringify(row)}\n${JSON.stringify({ ...row, event_id: "2" })}\n`).toString(
      "base64",
    );
    const decoded = decodeRecordData(data);
    expect(decoded.kind === "rows" && decoded.rows.map((r) => r.event_id)).toEqual(["1", "2"]);
  });

  it("refuses JSON that looks like a row but breaks the catalog", () => {
    const data = Buffer.from(JSON.stringify({ event_id: "1", event_time: "yesterday" })).toString("base64");
    expect(decodeRecordData(data).kind).toBe("invalid");
  });
});
