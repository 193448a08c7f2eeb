import { describe, expect, it } from "vitest";
import { stateMachineOf } from "../../../core/parse/stepfunctions.js";
import { stepFunctionsLines as lines, SFN_EXPRESS_ARN, SFN_STANDARD_ARN } from "../../fixtures/lines/stepfunctions.js";
import { parse } from "./helpers.js";

describe("stepfunctions parser", () => {
  it("maps a state-entered event of a standard workflow", () => {
    // Prepare / Act
    const event = parse(lines.standardStateEntered);

    // Assess
    expect(event).toEqual({
      log_format: "stepfunctions",
      message: "TaskStateEntered VerifyIdentity",
      level: "INFO",
      service: "OnboardingFlow",
      sfn_event_type: "TaskStateEntered",
      sfn_execution_arn: SFN_STANDARD_ARN,
      sfn_state_name: "VerifyIdentity",
      error_type: null,
      structured: { history_event_id: "2", previous_event_id: "0", redrive_count: "0" },
    });
  });

  it("reads the other key order of an express workflow and keeps the input in structured", () => {
    const event = parse(lines.expressExecutionStarted);

    expect(event.service).toBe("OnboardingChecks");
    expect(event.sfn_event_type).toBe("ExecutionStarted");
    expect(event.sfn_execution_arn).toBe(SFN_EXPRESS_ARN);
    expect(event.sfn_state_name).toBeNull();
    expect(event.structured).toMatchObject({
      input: '{"onboardingId":"ONB-20250314-0042"}',
      inputDetails: { truncated: false },
      roleArn: "arn:aws:iam::123456789012:role/onboarding-checks-role",
    });
  });

  it("makes a failed task ERROR with details.error as error_type", () => {
    const event = parse(lines.taskFailed);

    expect(event.level).toBe("ERROR");
    expect(event.error_type).toBe("Onboarding.ProviderUnavailable");
    expect(event.message).toBe("TaskFailed: Onboarding.ProviderUnavailable");
    expect(event.structured?.cause).toBe("RENAPER returned 503");
  });

  it("makes a timed-out execution ERROR", () => {
    const event = parse(lines.executionTimedOut);

    expect(event.level).toBe("ERROR");
    expect(event.error_type).toBe("States.Timeout");
  });

  it("makes an aborted execution ERROR even without an error name", () => {
    const event = parse(lines.executionAborted);

    expect(event.level).toBe("ERROR");
    expect(event.error_type).toBeNull();
    expect(event.structured?.redrive_count).toBe("1");
  });

  it("leaves the service to the log group when the ARN is redacted", () => {
    const event = parse(lines.redactedArn);

    expect(event.service).toBeUndefined();
    expect(event.sfn_execution_arn).toBe("[REDACTED:arn]");
    expect(event.sfn_state_name).toBe("RunTask");
  });

  it.each([
    [SFN_STANDARD_ARN, "OnboardingFlow"],
    [SFN_EXPRESS_ARN, "OnboardingChecks"],
    ["arn:aws:states:sa-east-1:123456789012:stateMachine:OnboardingFlow", null],
    ["not an arn", null],
  ])("finds the state machine name in %s", (arn, name) => {
    expect(stateMachineOf(arn)).toBe(name);
  });
});
