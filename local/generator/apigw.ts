/**
 * API Gateway logs of the onboarding API: REST execution logs (`(<requestId>) text`, one event per line),
 * REST access logs (JSON with string values) and an HTTP API's access logs (routeKey form).
 */
import type { EventSink } from "./lambda.js";
import { REGION } from "./lambda.js";
import type { Prng } from "./prng.js";

export const REST_API_ID = "k3x9q2vb7d";
export const HTTP_API_ID = "7hq2mz4x1c";
const EXEC_GROUP = `API-Gateway-Execution-Logs_${REST_API_ID}/prod`;
const REST_ACCESS_GROUP = "/aws/apigateway/onboarding-rest-access-logs";
const HTTP_ACCESS_GROUP = "/aws/apigateway/onboarding-http-access-logs";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `10/Jun/2023:15:36:28 +0000`, API Gateway's $context.requestTime. */
function requestTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** One API request as the simulation describes it. */
export interface ApiCall {
  readonly method: string;
  /** Resource path template (REST) or route path (HTTP API). */
  readonly resource: string;
  readonly path: string;
  readonly functionArn: string;
  /** Request body as the client sent it (carries personal data, which API Gateway logs as is). */
  readonly body: string;
  readonly status: number;
  readonly responseBody: string;
  readonly latencyMs: number;
  readonly lambdaRequestId: string;
  readonly traceId: string;
  readonly clientIp: string;
  readonly timedOut: boolean;
}

/** Writes the logs of API Gateway for the onboarding REST API and its HTTP API. */
export class ApiGateway {
  private readonly execStreams: string[];
  private readonly accessStreams: string[];

  constructor(
    private readonly rng: Prng,
    private readonly sink: EventSink,
  ) {
    this.execStreams = Array.from({ length: 6 }, () => rng.hex(32));
    this.accessStreams = Array.from({ length: 4 }, () => rng.hex(32));
  }

  /** REST request: execution log lines then the access log line. */
  rest(ts: number, call: ApiCall): void {
    const rid = this.rng.uuid();
    const stream = this.rng.pick(this.execStreams);
    const lines = [
      `Extended Request Id: ${this.rng.hex(14).toUpperCase()}=`,
      `Verifying Usage Plan for request: ${rid}. API Key:  API Stage: ${REST_API_ID}/prod`,
      `API Key authorized because method '${call.method} ${call.resource}' does not require API Key. Request will not contribute to throttle or quota limits`,
      `Usage Plan check succeeded for API Key  and API Stage ${REST_API_ID}/prod`,
      `Starting execution for request: ${rid}`,
      `HTTP Method: ${call.method}, Resource Path: ${call.path}`,
      `Method request body before transformations: ${call.body}`,
      `Endpoint request URI: https://lambda.${REGION}.amazonaws.com/2015-03-31/functions/${call.functionArn}/invocations`,
      `Sending request to https://lambda.${REGION}.amazonaws.com/2015-03-31/functions/${call.functionArn}/invocations`,
      `Received response. Status: 200, Integration latency: ${Math.round(call.latencyMs)} ms`,
      `Endpoint response body before transformations: ${call.responseBody}`,
      ...(call.status >= 500
        ? [`Lambda execution failed with status 200 due to customer function error: ${call.responseBody}`]
        : []),
      `Method completed with status: ${call.status}`,
      `AWS Integration Endpoint RequestId : ${call.lambdaRequestId}`,
      `X-ray Tracing ID : ${call.traceId}`,
    ];
    lines.forEach((line, i) => {
      const at = i < 9 ? ts + Math.floor(i / 3) : ts + Math.round(call.latencyMs) + 2;
      this.sink.emit(EXEC_GROUP, stream, at, `(${rid}) ${line}`);
    });
    const end = ts + Math.round(call.latencyMs) + 3;
    this.sink.emit(
      REST_ACCESS_GROUP,
      this.rng.pick(this.accessStreams),
      end,
      JSON.stringify({
        requestId: rid,
        ip: call.clientIp,
        caller: "-",
        user: "-",
        requestTime: requestTime(ts),
        httpMethod: call.method,
        resourcePath: call.resource,
        status: String(call.status),
        protocol: "HTTP/1.1",
        responseLength: String(call.responseBody.length),
        stage: "prod",
        apiId: REST_API_ID,
        domainName: `${REST_API_ID}.execute-api.${REGION}.amazonaws.com`,
      }),
    );
  }

  /** HTTP API request: only an access log line (HTTP APIs have no execution logs). */
  http(ts: number, call: ApiCall): void {
    const d = new Date(ts).toISOString();
    // HTTP API access-log streams are named <apiId>_<stage>-YYYY-MM-DD-HH-mm
    const stream = `${HTTP_API_ID}_.default-${d.slice(0, 10)}-${d.slice(11, 13)}-${d.slice(14, 16)}`;
    const rid = `${this.rng.hex(14).replace(/[0-9]/g, (c) => "ABCDEFGHIJ"[Number(c)] ?? c)}=`;
    this.sink.emit(
      HTTP_ACCESS_GROUP,
      stream,
      ts + Math.round(call.latencyMs) + 2,
      JSON.stringify({
        requestId: rid,
        ip: call.clientIp,
        requestTime: requestTime(ts),
        httpMethod: call.method,
        routeKey: `${call.method} ${call.resource}`,
        status: String(call.status),
        protocol: "HTTP/1.1",
        responseLength: String(call.responseBody.length),
        stage: "$default",
        apiId: HTTP_API_ID,
        domainName: `${HTTP_API_ID}.execute-api.${REGION}.amazonaws.com`,
        integrationLatency: String(Math.round(call.latencyMs)),
      }),
    );
  }
}
