/**
 * Step Functions execution-history events of the onboarding workflow (Express, with execution data),
 * in the `{id,type,details,previous_event_id,event_timestamp,execution_arn,redrive_count}` form.
 */
import type { EventSink } from "./lambda.js";
import { ACCOUNT_ID, REGION } from "./lambda.js";
import type { Prng } from "./prng.js";

const GROUP = "/aws/vendedlogs/states/onboarding-workflow-Logs";
const MACHINE = "onboarding-workflow";

/** One running workflow execution; call the methods in time order. */
export class WorkflowExecution {
  readonly arn: string;
  private id = 0;
  private readonly stream: string;

  constructor(
    rng: Prng,
    private readonly sink: EventSink,
    startTs: number,
  ) {
    this.arn = `arn:aws:states:${REGION}:${ACCOUNT_ID}:express:${MACHINE}:${rng.uuid()}:${rng.uuid()}`;
    const d = new Date(startTs).toISOString();
    this.stream = `states/${MACHINE}/${d.slice(0, 10)}-${d.slice(11, 13)}-${d.slice(14, 16)}/${rng.hex(8)}`;
  }

  private event(ts: number, type: string, details: Record<string, unknown>): void {
    this.id += 1;
    const previous = this.id === 1 ? 0 : this.id - 1;
    this.sink.emit(
      GROUP,
      this.stream,
      ts,
      JSON.stringify({
        id: String(this.id),
        type,
        details,
        previous_event_id: String(previous),
        event_timestamp: String(ts),
        execution_arn: this.arn,
        redrive_count: "0",
      }),
    );
  }

  /** ExecutionStarted with the input the API passed (personal data included, as apps really log it). */
  started(ts: number, input: Record<string, unknown>): void {
    this.event(ts, "ExecutionStarted", {
      input: JSON.stringify(input),
      inputDetails: { truncated: false },
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/onboarding-workflow-role`,
    });
  }

  /** A Task state invoking a Lambda function, entered and finished. */
  task(
    ts: number,
    endTs: number,
    state: string,
    functionArn: string,
    outcome: { ok: boolean; output: string; error?: string },
  ): void {
    this.event(ts, "TaskStateEntered", { name: state, input: "{}", inputDetails: { truncated: false } });
    this.event(ts, "TaskScheduled", {
      resource: "invoke",
      resourceType: "lambda",
      region: REGION,
      parameters: JSON.stringify({ FunctionName: functionArn }),
    });
    if (outcome.ok) {
      this.event(endTs, "TaskSucceeded", {
        resource: "invoke",
        resourceType: "lambda",
        output: outcome.output,
        outputDetails: { truncated: false },
      });
      this.event(endTs, "TaskStateExited", {
        name: state,
        output: outcome.output,
        outputDetails: { truncated: false },
      });
    } else {
      this.event(endTs, "TaskFailed", {
        resource: "invoke",
        resourceType: "lambda",
        error: outcome.error ?? "States.TaskFailed",
        cause: outcome.output,
      });
    }
  }

  /** ExecutionSucceeded or ExecutionFailed. */
  finished(ts: number, ok: boolean, error?: string): void {
    if (ok)
      this.event(ts, "ExecutionSucceeded", {
        output: JSON.stringify({ status: "completed" }),
        outputDetails: { truncated: false },
      });
    else
      this.event(ts, "ExecutionFailed", {
        error: error ?? "States.TaskFailed",
        cause: "Onboarding step failed after retries",
      });
  }
}
