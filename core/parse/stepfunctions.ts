/**
 * Step Functions execution-history log events (CloudWatch logging of a state machine).
 *
 * Shape: AWS Step Functions docs "Logging using CloudWatch Logs" (id, type, details,
 * previous_event_id, event_timestamp as string ms, execution_arn, redrive_count; both key orders
 * occur) and the HistoryEvent details of the Step Functions API reference (name, error, cause…).
 */
import type { ParsedEvent } from "./types.js";
import { type JsonObject, nonEmptyString, plainObject } from "./util.js";

/** True for an execution-history event: `execution_arn` and `type` together only occur here. */
export function isStepFunctionsEvent(value: JsonObject): boolean {
  return "execution_arn" in value && typeof value.type === "string";
}

/**
 * Maps type → sfn_event_type, execution_arn → sfn_execution_arn, details.name → sfn_state_name,
 * the state machine name in the ARN → service. *Failed / *TimedOut / *Aborted events are ERROR
 * with details.error as error_type; the rest are INFO. structured = details but name (input/output stay JSON
 * strings: parsing them would be a second parse on every event) plus the history ids.
 */
export function parseStepFunctionsEvent(value: JsonObject): ParsedEvent {
  const type = value.type as string;
  const arn = nonEmptyString(value.execution_arn);
  const details = plainObject(value.details) ?? {};
  const { name, ...otherDetails } = details;
  const stateName = nonEmptyString(name);
  const failed = type.endsWith("Failed") || type.endsWith("TimedOut") || type.endsWith("Aborted");
  const error = nonEmptyString(details.error);
  const event: ParsedEvent = {
    log_format: "stepfunctions",
    message: summary(type, stateName, failed ? error : null),
    level: failed ? "ERROR" : "INFO",
    sfn_event_type: type,
    sfn_execution_arn: arn,
    sfn_state_name: stateName,
    error_type: failed ? error : null,
    structured: {
      history_event_id: value.id,
      previous_event_id: value.previous_event_id,
      redrive_count: value.redrive_count,
      ...otherDetails,
    },
  };
  const machine = arn === null ? null : stateMachineOf(arn);
  if (machine !== null) event.service = machine;
  return event;
}

/**
 * The state machine name from `arn:aws:states:region:acct:execution:SM:exec` or
 * `arn:aws:states:region:acct:express:SM:exec:id`; null for anything else (e.g. a redacted ARN).
 */
export function stateMachineOf(arn: string): string | null {
  if (!arn.startsWith("arn:")) return null;
  const parts = arn.split(":", 8);
  if (parts[2] !== "states" || (parts[5] !== "execution" && parts[5] !== "express")) return null;
  return nonEmptyString(parts[6]);
}

function summary(type: string, stateName: string | null, error: string | null): string {
  let text = type;
  if (stateName !== null) text += ` ${stateName}`;
  if (error !== null) text += `: ${error}`;
  return text;
}
