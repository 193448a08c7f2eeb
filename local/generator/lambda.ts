/**
 * What a Node.js Lambda function of the onboarding app writes to its log group: platform lines
 * (INIT_START/START/END/REPORT with Init Duration and the XRAY line, or the JSON log format's
 * platform.* records), console lines, Powertools Logger JSON and EMF metrics.
 */
import type { Prng } from "./prng.js";

/** Receives every generated log event. */
export interface EventSink {
  emit(logGroup: string, logStream: string, timestamp: number, message: string): void;
}

/** A deployed function. `json` functions use Lambda's JSON log format (no trailing newlines). */
export interface FunctionSpec {
  readonly name: string;
  readonly memoryMb: number;
  readonly logFormat: "text" | "json";
  readonly timeoutS: number;
}

/** Account and region every generated ARN uses (as in the fixtures). */
export const ACCOUNT_ID = "123456789012";
export const REGION = "us-east-1";

const RUNTIME = "nodejs:20.v75";
const RUNTIME_ARN = `arn:aws:lambda:${REGION}::runtime:1ffa4c233e75382c8a39aa96770f3b81af75cba9794a5c2a1750c1ee63cdfe10`;
const iso = (ms: number): string => new Date(ms).toISOString();

interface Container {
  readonly stream: string;
  busyUntil: number;
  lastUsed: number;
}

/** One application log line inside an invocation. */
export type AppLine =
  | { kind: "console"; level: "INFO" | "WARN" | "ERROR" | "DEBUG"; text: string }
  | { kind: "powertools"; level: "INFO" | "WARN" | "ERROR" | "DEBUG"; message: string; fields: Record<string, unknown> }
  | { kind: "emf"; metrics: Record<string, number>; dimensions: Record<string, string> }
  | { kind: "invokeError"; errorType: string; errorMessage: string };

/** The outcome the simulation chose for an invocation. */
export interface InvocationPlan {
  readonly lines: readonly AppLine[];
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly failed: boolean;
}

/** A function with its warm containers: cold starts happen when every container is busy or idle too long. */
export class LambdaFunction {
  private readonly containers: Container[] = [];
  readonly logGroup: string;
  readonly arn: string;

  constructor(
    readonly spec: FunctionSpec,
    private readonly rng: Prng,
    private readonly sink: EventSink,
  ) {
    this.logGroup = `/aws/lambda/${spec.name}`;
    this.arn = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${spec.name}`;
  }

  private container(ts: number): { c: Container; cold: boolean } {
    // Lambda reclaims idle environments after some minutes; drop those so cold starts keep happening.
    for (let i = this.containers.length - 1; i >= 0; i--) {
      if (ts - (this.containers[i] as Container).lastUsed > 12 * 60_000) this.containers.splice(i, 1);
    }
    const warm = this.containers.find((c) => c.busyUntil <= ts);
    if (warm && !this.rng.chance(0.01)) return { c: warm, cold: false };
    const d = iso(ts).slice(0, 10).replaceAll("-", "/");
    const c = { stream: `${d}/[$LATEST]${this.rng.hex(32)}`, busyUntil: ts, lastUsed: ts };
    this.containers.push(c);
    return { c, cold: true };
  }

  /** Writes one invocation's log events starting at `ts`; returns its request id and end time. */
  invoke(ts: number, traceId: string, plan: InvocationPlan): { requestId: string; endTs: number } {
    const rng = this.rng;
    const { c, cold } = this.container(ts);
    const requestId = rng.uuid();
    const emit = (at: number, msg: string): void => this.sink.emit(this.logGroup, c.stream, at, msg);
    const json = this.spec.logFormat === "json";
    const nl = json ? "" : "\n";
    const initMs = cold ? rng.float(180, 950) : 0;
    let t = ts;
    if (cold) {
      emit(
        t,
        json
          ? JSON.stringify({
              time: iso(t),
              type: "platform.initStart",
              record: {
                initializationType: "on-demand",
                phase: "init",
                runtimeVersion: RUNTIME,
                runtimeVersionArn: RUNTIME_ARN,
                functionName: this.spec.name,
                functionVersion: "$LATEST",
                instanceId: c.stream,
                instanceMaxMemory: this.spec.memoryMb * 1048576,
              },
            })
          : `INIT_START Runtime Version: ${RUNTIME}\tRuntime Version ARN: ${RUNTIME_ARN}\n`,
      );
      t += Math.round(initMs);
    }
    const segment = rng.hex(16);
    emit(
      t,
      json
        ? JSON.stringify({
            time: iso(t),
            type: "platform.start",
            record: {
              requestId,
              functionArn: this.arn,
              version: "$LATEST",
              tracing: {
                spanId: segment,
                type: "X-Amzn-Trace-Id",
                value: `Root=${traceId};Parent=${rng.hex(16)};Sampled=1`,
              },
            },
          })
        : `START RequestId: ${requestId} Version: $LATEST\n`,
    );
    const step = plan.durationMs / (plan.lines.length + 1);
    plan.lines.forEach((line, i) => {
      const at = Math.round(t + step * (i + 1));
      emit(at, this.appLine(line, at, requestId, traceId, cold) + nl);
    });
    const end = Math.round(t + plan.durationMs);
    if (plan.timedOut) {
      const secs = (plan.durationMs / 1000).toFixed(2);
      emit(
        end,
        json
          ? JSON.stringify({
              timestamp: iso(end),
              level: "ERROR",
              requestId,
              message: `Task timed out after ${secs} seconds`,
            })
          : `${iso(end)} ${requestId} Task timed out after ${secs} seconds\n`,
      );
    }
    const billed = Math.ceil(plan.durationMs);
    const used = rng.int(Math.round(this.spec.memoryMb * 0.12), Math.round(this.spec.memoryMb * 0.6));
    const status = plan.timedOut ? "timeout" : plan.failed ? "error" : "success";
    if (json) {
      const metrics: Record<string, number> = {
        durationMs: plan.durationMs,
        billedDurationMs: billed,
        memorySizeMB: this.spec.memoryMb,
        maxMemoryUsedMB: used,
      };
      if (cold) metrics.initDurationMs = initMs;
      emit(
        end,
        JSON.stringify({
          time: iso(end),
          type: "platform.report",
          record: {
            requestId,
            metrics,
            tracing: {
              spanId: segment,
              type: "X-Amzn-Trace-Id",
              value: `Root=${traceId};Parent=${rng.hex(16)};Sampled=1`,
            },
            status,
          },
        }),
      );
    } else {
      emit(end, `END RequestId: ${requestId}\n`);
      const init = cold ? `Init Duration: ${initMs.toFixed(2)} ms\t` : "";
      const st = plan.timedOut ? "Status: timeout\t" : "";
      emit(
        end,
        `REPORT RequestId: ${requestId}\tDuration: ${plan.durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: ${this.spec.memoryMb} MB\tMax Memory Used: ${used} MB\t${init}${st}\nXRAY TraceId: ${traceId}\tSegmentId: ${segment}\tSampled: true\t\n`,
      );
    }
    c.busyUntil = end;
    c.lastUsed = end;
    return { requestId, endTs: end };
  }

  private appLine(line: AppLine, at: number, requestId: string, traceId: string, cold: boolean): string {
    const json = this.spec.logFormat === "json";
    switch (line.kind) {
      case "console":
        return json
          ? JSON.stringify({ timestamp: iso(at), level: line.level, requestId, message: line.text })
          : `${iso(at)}\t${requestId}\t${line.level}\t${line.text}`;
      case "invokeError": {
        const stack = [
          `${line.errorType}: ${line.errorMessage}`,
          `    at Runtime.handler (file:///var/task/index.mjs:${this.rng.int(20, 400)}:${this.rng.int(5, 30)})`,
          "    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)",
        ];
        return json
          ? JSON.stringify({
              timestamp: iso(at),
              level: "ERROR",
              requestId,
              message: "Invoke Error",
              errorType: line.errorType,
              errorMessage: line.errorMessage,
              stackTrace: stack,
            })
          : `${iso(at)}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ errorType: line.errorType, errorMessage: line.errorMessage, stack })}`;
      }
      case "powertools":
        return JSON.stringify({
          level: line.level,
          message: line.message,
          timestamp: iso(at),
          service: "onboarding",
          cold_start: cold,
          function_arn: this.arn,
          function_memory_size: String(this.spec.memoryMb),
          function_name: this.spec.name,
          function_request_id: requestId,
          sampling_rate: 0,
          xray_trace_id: traceId,
          ...line.fields,
        });
      case "emf": {
        const names = Object.keys(line.metrics).map((n) => ({
          Name: n,
          Unit: n.endsWith("Latency") ? "Milliseconds" : "Count",
        }));
        return JSON.stringify({
          _aws: {
            Timestamp: at,
            CloudWatchMetrics: [
              { Namespace: "Onboarding", Dimensions: [Object.keys(line.dimensions)], Metrics: names },
            ],
          },
          ...line.dimensions,
          ...line.metrics,
        });
      }
    }
  }
}
