import { describe, expect, it } from "vitest";
import { decodeRecordData } from "../../core/decode.js";
import { CORRUPT_DATA } from "../fixtures/corrupt.js";
import { CONTROL_MESSAGE, dataMessage, encodePayload } from "../fixtures/cwl.js";

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
    const row = {
      event_id: "1",
      event_time: "2026-11-26 10:15:00.000",
      ingest_time: "2026-11-26 10:16:00.000",
      account_id: "123456789012",
      log_group: "/aws/lambda/onboarding-start",
      log_stream: "s",
      source: "lambda",
      log_format: "text",
      service: "onboarding-start",
      level: null,
      request_id: null,
      trace_id: null,
      message: "hello",
      duration_ms: null,
      billed_duration_ms: null,
      init_duration_ms: null,
      memory_size_mb: null,
      max_memory_used_mb: null,
      http_method: null,
      http_route: null,
      http_status: null,
      response_bytes: null,
      client_ip: null,
      sfn_execution_arn: null,
      sfn_event_type: null,
      sfn_state_name: null,
      error_type: null,
      onboarding_id: null,
      onboarding_step: null,
      onboarding_status: null,
      attributes: null,
    };
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
