import { describe, expect, it } from "vitest";
import { LOG_EVENTS_COLUMN_NAMES, LOG_EVENTS_COLUMNS } from "../../schemas/catalog.js";
import { formatRowTimestamp, type LogEventRow, LogEventRowSchema } from "../../schemas/row.js";

const DESIGN_COLUMNS = [
  "event_id", "event_time", "ingest_time", "account_id", "log_group", "log_stream", "source", "log_format",
  "service", "level", "request_id", "trace_id", "message", "duration_ms", "billed_duration_ms", "init_duration_ms",
  "memory_size_mb", "max_memory_used_mb", "http_method", "http_route", "http_status", "response_bytes", "client_ip",
  "sfn_execution_arn", "sfn_event_type", "sfn_state_name", "error_type", "onboarding_id", "onboarding_step",
  "onboarding_status", "attributes",
]; // biome-ignore format: the DESIGN.md column list, kept compact

const sampleRow: LogEventRow = {
  event_id: "36849271432418929102400000000000000000000000000000000001",
  event_time: "2026-11-26 10:15:00.000",
  ingest_time: "2026-11-26 10:16:00.000",
  account_id: "123456789012",
  log_group: "/aws/lambda/onboarding-start",
  log_stream: "2026/11/26/[$LATEST]0123456789abcdef0123456789abcdef",
  source: "lambda",
  log_format: "lambda_platform",
  service: "onboarding-start",
  level: null,
  request_id: "6f1b2c3d-1111-4a5b-9c8d-0123456789ab",
  trace_id: null,
  message: "REPORT …",
  duration_ms: 12.5,
  billed_duration_ms: 13,
  init_duration_ms: null,
  memory_size_mb: 256,
  max_memory_used_mb: 80,
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

describe("log_events catalog", () => {
  it("holds exactly the DESIGN.md columns, in order", () => {
    expect(LOG_EVENTS_COLUMN_NAMES).toEqual(DESIGN_COLUMNS);
  });

  it("gives every string column a width and every column a description", () => {
    for (const col of LOG_EVENTS_COLUMNS) {
      expect(col.description.length).toBeGreaterThan(5);
      if (col.type === "string") expect(col.maxBytes).toBeGreaterThan(0);
    }
  });
});

describe("LogEventRowSchema (generated from the catalog)", () => {
  it("accepts a complete row whose keys are the catalog's", () => {
    expect(LogEventRowSchema.parse(sampleRow)).toEqual(sampleRow);
    expect(Object.keys(sampleRow)).toEqual(DESIGN_COLUMNS);
  });

  it.each([
    ["an unknown column", { ...sampleRow, extra: 1 }],
    ["a missing column", (({ attributes: _a, ...rest }) => rest)(sampleRow)],
    ["a bad timestamp", { ...sampleRow, event_time: "2026-11-26T10:15:00Z" }],
    ["a source outside the list", { ...sampleRow, source: "ec2" }],
    ["a fractional int", { ...sampleRow, http_status: 200.5 }],
    ["a null in a required column", { ...sampleRow, message: null }],
    ["an over-wide string", { ...sampleRow, account_id: "1234567890123" }],
  ])("rejects %s", (_name, row) => {
    expect(LogEventRowSchema.safeParse(row).success).toBe(false);
  });

  it("formats timestamps as java.sql.Timestamp text in UTC", () => {
    expect(formatRowTimestamp(Date.UTC(2026, 10, 26, 1, 2, 3, 4))).toBe("2026-11-26 01:02:03.004");
  });
});
