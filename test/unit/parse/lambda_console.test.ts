import { describe, expect, it } from "vitest";
import { consoleLines as lines, CONSOLE_REQUEST_ID as REQ } from "../../fixtures/lines/lambda_console.js";
import { parse } from "./helpers.js";

describe("lambda_console parser", () => {
  it("splits time, request id, level and message of a console.info line", () => {
    // Prepare / Act
    const event = parse(lines.info);

    // Assess
    expect(event).toEqual({
      log_format: "lambda_console",
      message: "Application received for onboarding ONB-20250314-0042",
      level: "INFO",
      request_id: REQ,
      error_type: null,
    });
  });

  it("reads WARN from console.warn", () => {
    const event = parse(lines.warn);

    expect(event.level).toBe("WARN");
    expect(event.message).toBe("Identity provider slow to answer, retrying");
  });

  it("gives an empty message for an empty console.log()", () => {
    const event = parse(lines.emptyLog);

    expect(event.message).toBe("");
    expect(event.level).toBe("INFO");
    expect(event.request_id).toBe(REQ);
  });

  it("keeps the inner newlines of multi-line output", () => {
    const event = parse(lines.multiLine);

    expect(event.message).toBe("Applicant {\n  step: 'document-upload',\n  status: 'PENDING'\n}");
  });

  it("turns an old runtime's carriage returns into newlines", () => {
    const event = parse(lines.carriageReturns);

    expect(event.message).toBe('EVENT\n{\n  "step": "selfie-check"\n}');
  });

  it("reads the old format without a level column", () => {
    const event = parse(lines.oldNoLevel);

    expect(event.level).toBeNull();
    expect(event.request_id).toBe(REQ);
    expect(event.message).toBe("Status is  DocumentsVerified");
  });

  it("takes the error class of a printed stack trace as error_type", () => {
    const event = parse(lines.oldStackTrace);

    expect(event.error_type).toBe("TypeError");
    expect(event.message).toBe(
      "TypeError: Cannot read properties of undefined (reading 'dni')\n    at exports.handler (/var/task/index.js:9:33)",
    );
  });

  it("moves the fields of a JSON message to structured, with its level and message", () => {
    const event = parse(lines.jsonMessage);

    expect(event.level).toBe("WARN");
    expect(event.message).toBe("Score below threshold");
    expect(event.structured).toEqual({ onboardingId: "ONB-20250314-0042", step: "risk-score", score: 412 });
  });

  it("keeps the console level and the JSON text when the JSON has no level or message", () => {
    const event = parse(lines.jsonMessageNoLevel);

    expect(event.level).toBe("INFO");
    expect(event.message).toBe('{"onboardingId":"ONB-20250314-0042","step":"contract-signed"}');
    expect(event.structured).toEqual({ onboardingId: "ONB-20250314-0042", step: "contract-signed" });
  });

  it("reads errorType and errorMessage of an Invoke Error", () => {
    const event = parse(lines.invokeError);

    expect(event).toEqual({
      log_format: "lambda_console",
      message: "Invoke Error: Applicant is under 18",
      level: "ERROR",
      request_id: REQ,
      error_type: "ValidationError",
      structured: {
        error_label: "Invoke Error",
        stack: ["ValidationError: Applicant is under 18", "    at Runtime.handler (file:///var/task/index.mjs:41:11)"],
      },
    });
  });

  it("gives a null request id to an Uncaught Exception logged during INIT", () => {
    const event = parse(lines.uncaughtDuringInit);

    expect(event.request_id).toBeNull();
    expect(event.error_type).toBe("Runtime.ImportModuleError");
    expect(event.message).toBe("Uncaught Exception: Error: Cannot find module 'onboarding-core'");
  });

  it("reads an Unhandled Promise Rejection and keeps its reason", () => {
    const event = parse(lines.unhandledRejection);

    expect(event.error_type).toBe("Runtime.UnhandledPromiseRejection");
    expect(event.message).toBe("Unhandled Promise Rejection: SyntaxError: Unexpected end of JSON input");
    expect(event.structured?.reason).toEqual({
      errorType: "SyntaxError",
      errorMessage: "Unexpected end of JSON input",
    });
  });

  it("leaves stdout without the runtime prefix to the text fallback", () => {
    const event = parse(lines.stdoutWithoutPrefix);

    expect(event).toEqual({ log_format: "text", message: "Onboarding worker ready at 2025-03-14 13:05:01" });
  });
});
