import { describe, expect, it } from "vitest";
import { platformLines as lines, PLATFORM_REQUEST_ID as REQ } from "../../fixtures/lines/lambda_platform.js";
import { parse } from "./helpers.js";

describe("lambda_platform parser", () => {
  it("reads the request id and version of a START line", () => {
    // Prepare / Act
    const event = parse(lines.start);

    // Assess
    expect(event).toEqual({
      log_format: "lambda_platform",
      message: `START RequestId: ${REQ} Version: $LATEST`,
      level: "INFO",
      request_id: REQ,
      structured: { version: "$LATEST" },
    });
  });

  it("reads the request id of an END line", () => {
    const event = parse(lines.end);

    expect(event.log_format).toBe("lambda_platform");
    expect(event.request_id).toBe(REQ);
    expect(event.message).toBe(`END RequestId: ${REQ}`);
  });

  it("maps REPORT durations and memory to their columns", () => {
    const event = parse(lines.report);

    expect(event).toMatchObject({
      log_format: "lambda_platform",
      level: "INFO",
      request_id: REQ,
      duration_ms: 182.47,
      billed_duration_ms: 183,
      memory_size_mb: 512,
      max_memory_used_mb: 96,
    });
    expect(event.init_duration_ms).toBeUndefined();
  });

  it("reads Init Duration on a cold-start REPORT", () => {
    const event = parse(lines.reportColdStart);

    expect(event.init_duration_ms).toBe(412.08);
    expect(event.duration_ms).toBe(6.65);
  });

  it("reads the old Billed Duration written with a space before the tab", () => {
    const event = parse(lines.reportOldBilled);

    expect(event.billed_duration_ms).toBe(100);
    expect(event.memory_size_mb).toBe(192);
    expect(event.max_memory_used_mb).toBe(72);
  });

  it("takes the trace id from the XRAY line that follows a REPORT", () => {
    const event = parse(lines.reportWithXray);

    expect(event.trace_id).toBe("1-6718a3f2-3b0e5f1c9d2a4e6f8a0b1c2d");
    expect(event.init_duration_ms).toBe(190.62);
    expect(event.structured).toEqual({ segment_id: "7ccb4860675ee485", sampled: "true" });
    expect(event.message.endsWith("Sampled: true\t")).toBe(true);
  });

  it("marks a REPORT with Status error as ERROR with its Error Type", () => {
    const event = parse(lines.reportError);

    expect(event.level).toBe("ERROR");
    expect(event.error_type).toBe("Runtime.ImportModuleError");
    expect(event.duration_ms).toBe(143.12);
    expect(event.structured).toEqual({ status: "error" });
  });

  it("keeps the runtime version of INIT_START in structured", () => {
    const event = parse(lines.initStart);

    expect(event.level).toBe("INFO");
    expect(event.request_id).toBeUndefined();
    expect(event.structured).toEqual({
      runtime_version: "nodejs:20.v75",
      runtime_version_arn:
        "arn:aws:lambda:sa-east-1::runtime:1ffa4c233e75382c8a39aa96770f3b81af75cba9794a5c2a1750c1ee63cdfe10",
    });
  });

  it("reads INIT_REPORT init duration, phase and error", () => {
    const event = parse(lines.initReportError);

    expect(event).toMatchObject({
      level: "ERROR",
      init_duration_ms: 229.04,
      error_type: "Runtime.ImportModuleError",
      structured: { phase: "init", status: "error" },
    });
  });

  it("counts a REPORT with Status: timeout as a failed invocation", () => {
    const event = parse(lines.reportTimeout);

    expect(event).toEqual({
      log_format: "lambda_platform",
      message: `REPORT RequestId: ${REQ}\tDuration: 6000.00 ms\tBilled Duration: 6000 ms\tMemory Size: 256 MB\tMax Memory Used: 91 MB\tStatus: timeout`,
      level: "ERROR",
      request_id: REQ,
      duration_ms: 6000,
      billed_duration_ms: 6000,
      memory_size_mb: 256,
      max_memory_used_mb: 91,
      error_type: "Sandbox.Timedout",
      structured: { status: "timeout" },
    });
  });

  it("keeps a SnapStart REPORT's restore duration out of init_duration_ms", () => {
    const event = parse(lines.reportSnapStart);

    expect(event.init_duration_ms).toBeUndefined();
    expect(event.duration_ms).toBe(2.5);
    expect(event.level).toBe("INFO");
    expect(event.error_type).toBeUndefined();
    expect(event.structured).toEqual({ restore_duration: "474.16 ms", billed_restore_duration: "113 ms" });
  });

  it.each([
    ["EXTENSION", lines.extension, { name: "cloudwatch_lambda_agent", state: "Ready", events: "[INVOKE, SHUTDOWN]" }],
    ["LOGS", lines.logs, { name: "cloudwatch_lambda_agent", state: "Subscribed", types: "[Platform]" }],
    [
      "TELEMETRY",
      lines.telemetry,
      { name: "onboarding-otel-extension", state: "Subscribed", types: "[Platform, Function]" },
    ],
  ])("keeps the fields of a %s line in structured", (_name, line, structured) => {
    const event = parse(line);

    expect(event.log_format).toBe("lambda_platform");
    expect(event.level).toBe("INFO");
    expect(event.structured).toEqual(structured);
  });

  it("turns a Task timed out line into an ERROR with the request id", () => {
    const event = parse(lines.timeout);

    expect(event).toEqual({
      log_format: "lambda_platform",
      message: "Task timed out after 6.01 seconds",
      level: "ERROR",
      request_id: REQ,
      error_type: "Task timed out",
    });
  });

  it("accepts a Task timed out line that ends in two newlines", () => {
    const event = parse(lines.timeoutDoubleNewline);

    expect(event.message).toBe("Task timed out after 3.00 seconds");
    expect(event.error_type).toBe("Task timed out");
    expect(event.request_id).toBe(REQ);
  });
});
