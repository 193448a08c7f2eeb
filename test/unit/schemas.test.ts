import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { ParsedEvent } from "../../core/parse/types.js";
import type { ColumnName } from "../../schemas/catalog.js";
import { LOG_EVENTS_COLUMN_NAMES, LOG_EVENTS_COLUMNS } from "../../schemas/catalog.js";
import {
  type CompactRow,
  formatRowTimestamp,
  type LogEventRow,
  LogEventRowSchema,
  type RequiredColumn,
} from "../../schemas/row.js";
import { SAMPLE_ROW as sampleRow } from "../fixtures/rows.js";

const DESIGN_COLUMNS_TUPLE = [
  "event_id",
  "event_time",
  "ingest_time",
  "account_id",
  "log_group",
  "log_stream",
  "source",
  "log_format",
  "service",
  "level",
  "request_id",
  "trace_id",
  "message",
  "duration_ms",
  "billed_duration_ms",
  "init_duration_ms",
  "memory_size_mb",
  "max_memory_used_mb",
  "http_method",
  "http_route",
  "http_status",
  "response_bytes",
  "client_ip",
  "sfn_execution_arn",
  "sfn_event_type",
  "sfn_state_name",
  "error_type",
  "onboarding_id",
  "onboarding_step",
  "onboarding_status",
  "attributes",
] as const; // the DESIGN.md column list
const DESIGN_COLUMNS: string[] = [...DESIGN_COLUMNS_TUPLE];

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

// Type-level checks (run by `tsc --noEmit`): the row types are derived from the catalog.
describe("row types derived from the catalog", () => {
  it("types each column as the catalog declares it", () => {
    expectTypeOf<ColumnName>().toEqualTypeOf<(typeof DESIGN_COLUMNS_TUPLE)[number]>();
    expectTypeOf<LogEventRow["source"]>().toEqualTypeOf<"lambda" | "apigateway" | "stepfunctions" | "other">();
    expectTypeOf<LogEventRow["level"]>().toEqualTypeOf<
      "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL" | null
    >();
    expectTypeOf<LogEventRow["event_time"]>().toEqualTypeOf<string>();
    expectTypeOf<LogEventRow["service"]>().toEqualTypeOf<string | null>();
    expectTypeOf<LogEventRow["http_status"]>().toEqualTypeOf<number | null>();
    expectTypeOf<LogEventRow["response_bytes"]>().toEqualTypeOf<number | null>();
  });

  it("requires exactly the non-null columns in a compact row", () => {
    expectTypeOf<RequiredColumn>().toEqualTypeOf<
      | "event_id"
      | "event_time"
      | "ingest_time"
      | "account_id"
      | "log_group"
      | "log_stream"
      | "source"
      | "log_format"
      | "message"
    >();
    expectTypeOf<CompactRow["message"]>().toEqualTypeOf<string>();
    expectTypeOf<{ event_id: "1" }>().not.toExtend<CompactRow>();
  });

  it("lets parsers fill the parsed columns, typed like the row", () => {
    expectTypeOf<ParsedEvent["http_status"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<ParsedEvent["error_type"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<ParsedEvent>().not.toHaveProperty("onboarding_id");
    expectTypeOf<ParsedEvent>().not.toHaveProperty("event_id");
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

  it("formats any instant exactly as its ISO string says, whatever the cache holds", () => {
    const iso = (t: number) => new Date(t).toISOString().replace("T", " ").slice(0, 23);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), { maxLength: 50 }),
        (ts) => {
          for (const t of ts) expect(formatRowTimestamp(t)).toBe(iso(t));
        },
      ),
    );
  });

  it("formats timestamps as java.sql.Timestamp text in UTC", () => {
    expect(formatRowTimestamp(Date.UTC(2026, 10, 26, 1, 2, 3, 4))).toBe("2026-11-26 01:02:03.004");
  });
});
