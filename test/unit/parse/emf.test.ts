import { describe, expect, it } from "vitest";
import { emfLines as lines } from "../../fixtures/lines/emf.js";
import { parse } from "./helpers.js";

describe("emf parser", () => {
  it("summarises namespace and metric names and keeps values in structured", () => {
    // Prepare / Act
    const event = parse(lines.single);

    // Assess
    expect(event).toEqual({
      log_format: "emf",
      message: "EMF Onboarding: applicationsSubmitted",
      level: null,
      service: "onboarding",
      structured: { service: "onboarding", applicationsSubmitted: 1 },
    });
  });

  it("lists every metric and keeps dimensions and value arrays", () => {
    const event = parse(lines.multi);

    expect(event.message).toBe("EMF Onboarding: identityChecks, identityCheckLatency");
    expect(event.service).toBe("onboarding-verify-identity");
    expect(event.structured).toEqual({
      service: "onboarding-verify-identity",
      environment: "prod",
      identityChecks: 1,
      identityCheckLatency: [412, 388],
    });
  });

  it("leaves the service alone when the line has no service dimension", () => {
    const event = parse(lines.noService);

    expect(event.log_format).toBe("emf");
    expect(event.service).toBeUndefined();
    expect(event.structured).toEqual({ coldStarts: 1 });
  });
});
