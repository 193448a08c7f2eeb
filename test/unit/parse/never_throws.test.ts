import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dispatch, parseLogEvent } from "../../../core/parse/index.js";
import { LEVELS, LOG_FORMATS } from "../../../schemas/catalog.js";

const NUMBER_FIELDS = ["duration_ms", "billed_duration_ms", "init_duration_ms"] as const;
const INT_FIELDS = ["memory_size_mb", "max_memory_used_mb", "http_status", "response_bytes"] as const;

/** Runs the unguarded recogniser (a throw fails the property) and checks the result's shape. */
function validAfterParsing(message: string): boolean {
  const event = dispatch(message);
  const guarded = parseLogEvent(message);
  if (guarded.log_format !== event.log_format) return false;
  if (!(LOG_FORMATS as readonly string[]).includes(event.log_format)) return false;
  if (typeof event.message !== "string") return false;
  if (event.level != null && !(LEVELS as readonly string[]).includes(event.level)) return false;
  for (const key of NUMBER_FIELDS) {
    const v = event[key];
    if (v != null && !Number.isFinite(v)) return false;
  }
  for (const key of INT_FIELDS) {
    const v = event[key];
    if (v != null && !Number.isInteger(v)) return false;
  }
  return event.structured == null || (typeof event.structured === "object" && !Array.isArray(event.structured));
}

// Prefixes that steer random tails into every parser, so the property reaches past the fallback.
const PREFIXES = [
  "",
  "START RequestId: ",
  "REPORT RequestId: ",
  "INIT_REPORT ",
  "EXTENSION\t",
  "2025-03-14T13:05:02.118Z\t",
  "2025-03-14T13:05:02.118Z\tid\tERROR\tInvoke Error \t",
  "2025-03-14T13:05:02.118Z ",
  "(req) ",
  "(req) Method completed with status: ",
  '1.2.3.4 - - [14/Mar/2025:13:05:08 +0000] "',
  "{",
];

describe("parseLogEvent on arbitrary input", () => {
  it("never throws and always returns a valid log_format for random strings", () => {
    // Prepare
    const text = fc.tuple(fc.constantFrom(...PREFIXES), fc.string({ unit: "binary", maxLength: 300 }));

    // Act / Assess
    fc.assert(
      fc.property(text, ([prefix, tail]) => {
        return validAfterParsing(prefix + tail);
      }),
      { numRuns: 1000 },
    );
  });

  it("never throws for random JSON values, including objects shaped like known formats", () => {
    const knownKeys = fc.constantFrom(
      "_aws",
      "CloudWatchMetrics",
      "type",
      "record",
      "metrics",
      "tracing",
      "requestId",
      "level",
      "logLevel",
      "timestamp",
      "message",
      "service",
      "xray_trace_id",
      "error",
      "execution_arn",
      "details",
      "httpMethod",
      "routeKey",
      "status",
      "responseLength",
      "correlationIds",
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom("platform.report", "platform.initReport", "ERROR", "arn:aws:states:r:a:execution:SM:e"),
        fc.dictionary(fc.oneof(knownKeys, fc.string()), tie("node"), { maxKeys: 6 }),
      ),
    })).node;

    fc.assert(
      fc.property(value, (v) => {
        return validAfterParsing(JSON.stringify(v) ?? "null");
      }),
      { numRuns: 1000 },
    );
  });

  it("returns a text event for a non-string message instead of throwing", () => {
    const message = { toString: () => "weird" };

    const event = parseLogEvent(message as unknown as string);

    expect(event).toEqual({ log_format: "text", message: "weird" });
  });
});
