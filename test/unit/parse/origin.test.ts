import { describe, expect, it } from "vitest";
import { httpApiStageFromStream, originOf } from "../../../core/parse/origin.js";

describe("originOf", () => {
  it.each([
    ["/aws/lambda/onboarding-submit-application", "2025/03/14/[$LATEST]abc", "lambda", "onboarding-submit-application"],
    ["API-Gateway-Execution-Logs_k3x9q2m7pa/prod", "e369853df766fa44e1ed0ff613f563bd", "apigateway", "k3x9q2m7pa/prod"],
    ["/aws/apigateway/onboarding-api-access", "some-stream", "apigateway", "onboarding-api-access"],
    ["/aws/apigateway/welcome", "1ax3mj7iqf_$default-2025-03-14-13-05", "apigateway", "1ax3mj7iqf/$default"],
    ["/aws/apigateway/welcome", "1ax3mj7iqf_.default-2025-03-14-13-05", "apigateway", "1ax3mj7iqf/$default"],
    [
      "/aws/vendedlogs/states/OnboardingFlow-Logs",
      "states/OnboardingFlow/2025-03-14",
      "stepfunctions",
      "OnboardingFlow-Logs",
    ],
    ["/aws/states/OnboardingChecks", "s", "stepfunctions", "OnboardingChecks"],
  ])("maps %s to its source and service", (group, stream, source, service) => {
    // Prepare / Act
    const origin = originOf(group, stream);

    // Assess
    expect(origin).toEqual({ source, service });
  });

  it("gives other groups source other and their last path segment as service", () => {
    expect(originOf("/onboarding/prod/risk-engine", "s")).toEqual({ source: "other", service: "risk-engine" });
    expect(originOf("onboarding-access-logs/", "s")).toEqual({ source: "other", service: "onboarding-access-logs" });
  });

  it("gives a null service when the group names nothing", () => {
    expect(originOf("", "s")).toEqual({ source: "other", service: null });
    expect(originOf("/aws/lambda/", "s")).toEqual({ source: "lambda", service: null });
  });

  it.each([
    ["1ax3mj7iqf_prod-2025-03-14-13-05", "1ax3mj7iqf/prod"],
    // The $default stage: stream names cannot hold "$", so its streams say ".default".
    ["1ax3mj7iqf_.default-2025-03-14-13-05", "1ax3mj7iqf/$default"],
    ["1ax3mj7iqf_prod-2025-03-14-13", null],
    ["1AX3MJ7IQF_prod-2025-03-14-13-05", null],
    ["e369853df766fa44e1ed0ff613f563bd", null],
  ])("reads apiId/stage from the HTTP API stream %s", (stream, expected) => {
    expect(httpApiStageFromStream(stream)).toBe(expected);
  });
});
