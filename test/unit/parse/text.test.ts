import { describe, expect, it } from "vitest";
import { textLines as lines } from "../../fixtures/lines/text.js";
import { parse } from "./helpers.js";

describe("text fallback", () => {
  it("keeps the CloudWatch subscription system line as text", () => {
    // Prepare / Act
    const event = parse(lines.subscriptionCreated);

    // Assess
    expect(event).toEqual({
      log_format: "text",
      message:
        "Permissions are set correctly to allow AWS CloudWatch Logs to write into your logs while creating a subscription.",
    });
  });

  it("removes only the single trailing newline", () => {
    expect(parse(lines.plain).message).toBe("Onboarding worker ready");
    expect(parse("two newlines\n\n").message).toBe("two newlines\n");
  });

  it("keeps text that starts with a brace but is not JSON", () => {
    const event = parse(lines.jsLikeObject);

    expect(event).toEqual({ log_format: "text", message: "{ onboardingId: 'ONB-20250314-0042', step: 'contract' }" });
  });

  it("takes level and msg from another logger's JSON and keeps the rest structured", () => {
    const event = parse(lines.otherLoggerJson);

    expect(event).toEqual({
      log_format: "text",
      message: "cache miss",
      level: "WARN",
      structured: { key: "applicant:42" },
    });
  });

  it("keeps a numeric pino level in structured", () => {
    const event = parse(lines.pinoJson);

    expect(event.level).toBeNull();
    expect(event.message).toBe("request finished");
    expect(event.structured).toEqual({ level: 30, time: 1741957502000, pid: 8, responseTime: 12 });
  });

  it("uses the line itself as message for JSON of no known shape", () => {
    const event = parse(lines.unknownJson);

    expect(event.message).toBe('{"e":1741957502.114,"m":"onboarding.enhanced.invocations","v":1}');
    expect(event.structured).toEqual({ e: 1741957502.114, m: "onboarding.enhanced.invocations", v: 1 });
  });

  it("gives an empty message to an empty event", () => {
    expect(parse("")).toEqual({ log_format: "text", message: "" });
  });
});
