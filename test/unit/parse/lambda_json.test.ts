import { describe, expect, it } from "vitest";
import { lambdaJsonLines as lines, LAMBDA_JSON_REQUEST_ID as REQ } from "../../fixtures/lines/lambda_json.js";
import { parse } from "./helpers.js";

describe("lambda_json parser", () => {
  it("keeps the record of platform.initStart in structured", () => {
    // Prepare / Act
    const event = parse(lines.initStart);

    // Assess
    expect(event.log_format).toBe("lambda_json");
    expect(event.message).toBe("platform.initStart");
    expect(event.level).toBe("INFO");
    expect(event.request_id).toBeNull();
    expect(event.structured).toMatchObject({ phase: "init", runtimeVersion: "nodejs:20.v75" });
  });

  it("reads the request id and trace id of platform.start", () => {
    const event = parse(lines.start);

    expect(event.request_id).toBe(REQ);
    expect(event.trace_id).toBe("1-67d42a9a-2b1c3d4e5f60718293a4b5c6");
    expect(event.structured).toEqual({ version: "$LATEST" });
  });

  it("maps platform.report metrics to their columns", () => {
    const event = parse(lines.report);

    expect(event).toMatchObject({
      log_format: "lambda_json",
      message: `platform.report requestId: ${REQ} status: success`,
      level: "INFO",
      request_id: REQ,
      trace_id: "1-67d42a9a-2b1c3d4e5f60718293a4b5c6",
      duration_ms: 1233.96,
      billed_duration_ms: 1234,
      memory_size_mb: 256,
      max_memory_used_mb: 123,
      init_duration_ms: 463.512,
      structured: { status: "success" },
    });
  });

  it("marks a timed-out platform.report as ERROR with its errorType", () => {
    const event = parse(lines.reportTimeout);

    expect(event.level).toBe("ERROR");
    expect(event.error_type).toBe("Sandbox.Timedout");
    expect(event.duration_ms).toBe(30000);
    expect(event.init_duration_ms).toBeNull();
  });

  it("gives a timed-out platform.report without errorType the timeout error type", () => {
    const event = parse(lines.reportTimeoutNoErrorType);

    expect(event).toMatchObject({
      message: `platform.report requestId: ${REQ} status: timeout`,
      level: "ERROR",
      duration_ms: 6000.12,
      error_type: "Sandbox.Timedout",
      structured: { status: "timeout" },
    });
  });

  it("keeps a SnapStart platform.restoreReport's duration out of init_duration_ms", () => {
    const event = parse(lines.restoreReport);

    expect(event).toEqual({
      log_format: "lambda_json",
      message: "platform.restoreReport status: success",
      level: "INFO",
      request_id: null,
      trace_id: null,
      error_type: null,
      structured: { status: "success", metrics: { durationMs: 474.16 } },
    });
  });

  it("reads the init duration and error of platform.initReport", () => {
    const event = parse(lines.initReportError);

    expect(event.level).toBe("ERROR");
    expect(event.init_duration_ms).toBe(229.04);
    expect(event.duration_ms).toBeUndefined();
    expect(event.error_type).toBe("Runtime.ImportModuleError");
  });

  it("keeps metrics without a column, such as producedBytes, in structured", () => {
    const event = parse(lines.runtimeDone);

    expect(event.duration_ms).toBe(1220.5);
    expect(event.structured).toEqual({ status: "success", metrics: { producedBytes: 53 } });
  });

  it("reads level, request id and message of an application record", () => {
    const event = parse(lines.appText);

    expect(event).toEqual({
      log_format: "lambda_json",
      message: "Document check started for ONB-20250314-0042",
      level: "INFO",
      request_id: REQ,
      error_type: null,
      structured: {},
    });
  });

  it("parses a message that is itself a JSON string into structured", () => {
    const event = parse(lines.appJsonString);

    expect(event.message).toBe("Identity check failed");
    expect(event.level).toBe("ERROR");
    expect(event.structured).toEqual({
      onboardingId: "ONB-20250314-0042",
      step: "identity-check",
      error: "ProviderUnavailable",
    });
  });

  it("moves an object message to structured and summarises it as JSON", () => {
    const event = parse(lines.appObject);

    expect(event.structured).toEqual({ onboardingId: "ONB-20250314-0042", step: "selfie-check", status: "APPROVED" });
    expect(event.message).toBe('{"onboardingId":"ONB-20250314-0042","step":"selfie-check","status":"APPROVED"}');
  });

  it("takes errorType of an error record and keeps its message and stack", () => {
    const event = parse(lines.appError);

    expect(event.error_type).toBe("ProviderTimeoutError");
    expect(event.level).toBe("ERROR");
    expect(event.message.startsWith("Invoke Error ProviderTimeoutError: RENAPER did not answer")).toBe(true);
    expect(event.structured).toEqual({
      errorMessage: "RENAPER did not answer in 5000 ms",
      stackTrace: [
        "ProviderTimeoutError: RENAPER did not answer in 5000 ms",
        "    at verify (file:///var/task/index.mjs:88:13)",
      ],
    });
  });

  it("normalises a lowercase warning level to WARN", () => {
    expect(parse(lines.appWarnLowercase).level).toBe("WARN");
  });
});
