import { describe, expect, it } from "vitest";
import { executionLines as lines, EXECUTION_REQUEST_ID as REQ } from "../../fixtures/lines/apigw_execution.js";
import { parse } from "./helpers.js";

describe("apigw_execution parser", () => {
  it("takes the request id from the parentheses and the text as message", () => {
    // Prepare / Act
    const event = parse(lines.extendedId);

    // Assess
    expect(event).toEqual({
      log_format: "apigw_execution",
      message: "Extended Request Id: Vwc2MGFUrPEFV_g=",
      level: "INFO",
      request_id: REQ,
    });
  });

  it("reads method and resource path", () => {
    const event = parse(lines.methodAndPath);

    expect(event.http_method).toBe("POST");
    expect(event.http_route).toBe("/applications/{applicationId}/documents");
  });

  it.each([
    [lines.completed200, 200, "INFO"],
    [lines.completed404, 404, "WARN"],
    [lines.completed502, 502, "ERROR"],
  ])("reads the final status of %j", (line, status, level) => {
    const event = parse(line);

    expect(event.http_status).toBe(status);
    expect(event.level).toBe(level);
  });

  it.each([
    [lines.configError, "Execution failed due to configuration error"],
    [lines.lambdaFailed, "Lambda execution failed with status 200 due to customer function error"],
    [lines.keyThrottle, "Key throttle limit exceeded"],
  ])("marks a failure line as ERROR with a short error_type (%#)", (line, errorType) => {
    const event = parse(line);

    expect(event.level).toBe("ERROR");
    expect(event.error_type).toBe(errorType);
    expect(event.request_id).toBe(REQ);
  });

  it("reads the X-Ray trace id", () => {
    expect(parse(lines.xray).trace_id).toBe("1-5c7674f4-a3491d0a9c8012c191821b83");
  });

  it("does not take a usage-plan line that mentions throttle for a failure", () => {
    const event = parse(lines.usagePlan);

    expect(event.level).toBe("INFO");
    expect(event.error_type).toBeUndefined();
  });
});
