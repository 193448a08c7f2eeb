/**
 * The onboarding application: an applicant walks start → identity validation → document upload →
 * selfie/biometrics through the API, then the workflow runs credit bureau check → account opening →
 * card issuing. Applicants drop off, get rejected, hit errors and timeouts, and retry.
 */
import { type ApiCall, ApiGateway } from "./apigw.js";
import { type AppLine, type EventSink, LambdaFunction } from "./lambda.js";
import type { Applicant } from "./pii.js";
import type { Prng } from "./prng.js";
import { WorkflowExecution } from "./sfn.js";
import { ERRORS, STEPS, type StepSpec } from "./steps.js";

type Outcome = "completed" | "rejected" | "failed" | "timeout";

/** Simulates applicants and writes what every component logs into the sink. */
export class OnboardingApp {
  private readonly functions = new Map<string, LambdaFunction>();
  private readonly api: ApiGateway;

  constructor(
    private readonly rng: Prng,
    private readonly sink: EventSink,
  ) {
    for (const s of STEPS) this.functions.set(s.step, new LambdaFunction(s.fn, rng, sink));
    this.api = new ApiGateway(rng, sink);
  }

  /** One applicant's whole journey from `ts`. */
  applicant(ts: number, who: Applicant): void {
    const rng = this.rng;
    const id = `onb-${rng.hex(12)}`;
    const ip = `${rng.pick(["181", "190", "200", "186"])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    let t = ts;
    for (const spec of STEPS.slice(0, 4)) {
      if (rng.chance(spec.dropOff)) return;
      const result = this.apiStep(t, spec, id, who, ip);
      if (result.outcome !== "completed") return;
      t = result.end + rng.int(15_000, 180_000);
    }
    this.workflow(t, id, who);
  }

  private outcome(spec: StepSpec): Outcome {
    const r = this.rng.next();
    if (r < 0.03) return "failed";
    if (r < 0.04) return "timeout";
    return r < 0.04 + spec.reject ? "rejected" : "completed";
  }

  private lines(spec: StepSpec, id: string, who: Applicant, outcome: Outcome): AppLine[] {
    const base = { onboarding_id: id, step: spec.step };
    const detail: Record<string, AppLine> = {
      start: {
        kind: "console",
        level: "INFO",
        text: `Received request body: ${JSON.stringify({ email: who.email, password: who.password, phone: who.phone, dni: who.dni })}`,
      },
      identity_validation: {
        kind: "console",
        level: "INFO",
        text: `Validating DNI ${who.dni.replace(/\B(?=(\d{3})+$)/g, ".")} against RENAPER for ${who.email}`,
      },
      document_upload: { kind: "console", level: "INFO", text: `Stored document dni-front.jpg for ${who.email}` },
      selfie_biometrics: {
        kind: "console",
        level: "INFO",
        text: `Liveness score ${this.rng.float(0.6, 0.99)} for DNI ${who.dni}`,
      },
      credit_bureau_check: {
        kind: "console",
        level: "INFO",
        text: `Bureau answered score ${this.rng.int(300, 850)} for CUIT ${who.cuit}`,
      },
      account_opening: {
        kind: "console",
        level: "INFO",
        text: `Account ${this.rng.digits(4)}-${this.rng.digits(8)} opened for ${who.name}`,
      },
      card_issuing: { kind: "console", level: "INFO", text: `Card issued ${who.card} to ${who.email}` },
    };
    const out: AppLine[] = [
      {
        kind: "powertools",
        level: "INFO",
        message: "Onboarding step started",
        fields: { ...base, onboarding_status: "started", applicant: { email: who.email, dni: who.dni } },
      },
      detail[spec.step] as AppLine,
    ];
    if (outcome === "timeout") return out;
    if (outcome === "failed") {
      const [type, msg] = ERRORS[spec.step] as [string, string];
      out.push({
        kind: "powertools",
        level: "ERROR",
        message: "Onboarding step failed",
        fields: { ...base, onboarding_status: "failed", cuit: who.cuit, error: { name: type, message: msg } },
      });
      out.push({ kind: "invokeError", errorType: type, errorMessage: `${msg} (${who.email})` });
      return out;
    }
    const level = outcome === "rejected" ? "WARN" : "INFO";
    out.push({
      kind: "powertools",
      level,
      message: `Onboarding step ${outcome}`,
      fields: { ...base, onboarding_status: outcome },
    });
    out.push({
      kind: "emf",
      metrics: { [outcome === "rejected" ? "StepRejected" : "StepCompleted"]: 1, StepLatency: this.rng.float(20, 900) },
      dimensions: { service: "onboarding", step: spec.step },
    });
    return out;
  }

  /** Invokes a step's function once; returns outcome, request id and end. */
  private invoke(t: number, spec: StepSpec, id: string, who: Applicant, traceId: string) {
    const outcome = this.outcome(spec);
    const timedOut = outcome === "timeout";
    const durationMs = timedOut ? spec.fn.timeoutS * 1000 + this.rng.float(0, 40) : this.rng.float(35, 2500);
    const f = this.functions.get(spec.step) as LambdaFunction;
    const r = f.invoke(t, traceId, {
      lines: this.lines(spec, id, who, outcome),
      durationMs,
      timedOut,
      failed: outcome === "failed",
    });
    return { outcome, ...r, arn: f.arn, durationMs };
  }

  private apiStep(
    ts: number,
    spec: StepSpec,
    id: string,
    who: Applicant,
    ip: string,
  ): { outcome: Outcome; end: number } {
    let t = ts;
    for (let attempt = 0; attempt < 3; attempt++) {
      const traceId = `1-${Math.floor(t / 1000).toString(16)}-${this.rng.hex(24)}`;
      const r = this.invoke(t + 4, spec, id, who, traceId);
      const status = { completed: 200, rejected: 422, failed: 502, timeout: 502 }[r.outcome];
      const responseBody =
        r.outcome === "failed" || r.outcome === "timeout"
          ? JSON.stringify({ message: "Internal server error" })
          : JSON.stringify({ onboardingId: id, status: r.outcome });
      const path = spec.resource.replace("{onboardingId}", id);
      const body =
        spec.step === "start"
          ? JSON.stringify({ email: who.email, password: who.password, phone: who.phone })
          : JSON.stringify({ onboardingId: id, dni: who.dni, cuit: who.cuit });
      const call: ApiCall = {
        method: "POST",
        resource: spec.resource,
        path,
        functionArn: r.arn,
        body,
        status,
        responseBody,
        latencyMs: r.endTs - t + 6,
        lambdaRequestId: r.requestId,
        traceId,
        clientIp: ip,
        timedOut: r.outcome === "timeout",
      };
      if (spec.via === "http") this.api.http(t, call);
      else this.api.rest(t, call);
      if (r.outcome === "completed" || r.outcome === "rejected") return { outcome: r.outcome, end: r.endTs };
      // The app retries a failed call after a pause; some applicants give up instead.
      if (this.rng.chance(0.3)) return { outcome: r.outcome, end: r.endTs };
      t = r.endTs + this.rng.int(5_000, 30_000);
    }
    return { outcome: "failed", end: t };
  }

  private workflow(ts: number, id: string, who: Applicant): void {
    const exec = new WorkflowExecution(this.rng, this.sink, ts);
    exec.started(ts, { onboardingId: id, email: who.email, cuit: who.cuit });
    let t = ts + 30;
    for (const spec of STEPS.slice(4)) {
      let outcome: Outcome = "failed";
      // Retry policy of the state machine: 2 retries with backoff.
      for (let attempt = 0; attempt < 3; attempt++) {
        const traceId = `1-${Math.floor(t / 1000).toString(16)}-${this.rng.hex(24)}`;
        const r = this.invoke(t + 20, spec, id, who, traceId);
        outcome = r.outcome;
        const ok = outcome === "completed" || outcome === "rejected";
        exec.task(t, r.endTs + 15, spec.step, r.arn, {
          ok,
          output: JSON.stringify({ onboardingId: id, status: outcome }),
          error: outcome === "timeout" ? "States.Timeout" : "Lambda.Unknown",
        });
        t = r.endTs + 40 + (ok ? 0 : 2000 * 2 ** attempt);
        if (ok) break;
      }
      if (outcome !== "completed") {
        exec.finished(t, false, outcome === "rejected" ? "Onboarding.Rejected" : "States.TaskFailed");
        return;
      }
    }
    exec.finished(t, true);
  }
}
