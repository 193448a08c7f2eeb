/** Dead letters → pipeline_failures rows, keys and the alert summary (pure). */
import { describe, expect, it } from "vitest";
import {
  archiveSummary,
  deadLetterError,
  deadLetterKey,
  deadLetterLine,
  deadLetterRow,
} from "../../../core/archive/dead-letters.js";
import { SqsRecordSchema } from "../../../schemas/sqs.js";
import { ASYNC_LAMBDA_RECORD, PLAIN_RECORD, REDRIVEN_RECORD } from "../../fixtures/sqs.js";

const NOW = Date.UTC(2026, 11, 3, 14, 5, 9, 120);
const read = (r: unknown) => SqsRecordSchema.parse(r);

describe("dead-letter rows", () => {
  it("turns a redriven message into one tabular row with Hive timestamps", () => {
    expect(deadLetterRow(read(REDRIVEN_RECORD), NOW)).toEqual({
      queue: "loglake-dev-load-dlq",
      message_id: "2e1424d4-f796-459a-8184-9c92662be6da",
      source_queue_arn: "arn:aws:sqs:eu-west-1:123456789012:loglake-dev-load",
      sent_time: "2026-12-02 23:59:59.000",
      first_receive_time: "2026-12-03 00:00:01.000",
      last_receive_time: "2026-12-03 14:05:09.120",
      receive_count: 6,
      error: "redriven from loglake-dev-load after its maxReceiveCount",
      body: REDRIVEN_RECORD.body,
    });
  });

  it("takes the error from Lambda's async DLQ attributes, else says none", () => {
    expect(deadLetterError(read(ASYNC_LAMBDA_RECORD))).toBe("200: Task timed out after 900.00 seconds");
    expect(deadLetterError(read(PLAIN_RECORD))).toBeNull();
  });

  it("takes the error from a Lambda on-failure destination record's responsePayload", () => {
    const body = JSON.stringify({
      version: "1.0",
      timestamp: "2026-12-03T14:00:00.000Z",
      requestContext: {
        requestId: "r",
        functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:f:$LATEST",
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
      },
      requestPayload: {},
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: { errorType: "Error", errorMessage: "COPY failed" },
    });

    expect(deadLetterError(read({ ...PLAIN_RECORD, body }))).toBe("Error: COPY failed");
  });

  it("keys a message by its queue, id and sent day, so a re-delivery lands on the same key", () => {
    const first = deadLetterRow(read(REDRIVEN_RECORD), NOW);
    const again = deadLetterRow(
      read({ ...REDRIVEN_RECORD, attributes: { ...REDRIVEN_RECORD.attributes, ApproximateReceiveCount: "7" } }),
      NOW + 86_400_000,
    );

    expect(deadLetterKey(first)).toBe(
      "analytics/pipeline_failures/dt=2026-12-02/loglake-dev-load-dlq.2e1424d4-f796-459a-8184-9c92662be6da.json",
    );
    expect(deadLetterKey(again)).toBe(deadLetterKey(first));
    expect(deadLetterKey(first, "archive/dlq/")).toBe(
      "archive/dlq/dt=2026-12-02/loglake-dev-load-dlq.2e1424d4-f796-459a-8184-9c92662be6da.json",
    );
  });

  it("writes one JSON line per object", () => {
    const line = deadLetterLine(deadLetterRow(read(PLAIN_RECORD), NOW));

    expect(line).toBe(
      '{"queue":"loglake-dev-load-dlq","message_id":"059f36b4-87a3-44ab-83d2-661975830a7d","source_queue_arn":null,"sent_time":"2018-12-17 21:37:29.183","first_receive_time":"2018-12-17 21:37:29.185","last_receive_time":"2026-12-03 14:05:09.120","receive_count":1,"error":null,"body":"test"}\n',
    );
  });
});

describe("the alert summary", () => {
  it("names the count, queues and failures in an ASCII subject, and each message with its key", () => {
    const a = deadLetterRow(read(REDRIVEN_RECORD), NOW);
    const b = deadLetterRow(read(ASYNC_LAMBDA_RECORD), NOW);
    const summary = archiveSummary(
      [
        { row: a, key: "analytics/pipeline_failures/dt=2026-12-02/k.json" },
        { row: b, key: "analytics/pipeline_failures/dt=2026-12-03/j.json", failure: "AccessDenied: no" },
      ],
      "lake-bucket",
    );

    expect(summary.subject).toBe(
      "[loglake] 2 dead letters from loglake-dev-load-dlq, loglake-dev-reprocess-dlq (1 not archived)",
    );
    expect(summary.message.split("\n").slice(0, 7)).toEqual([
      "2 dead letters from loglake-dev-load-dlq, loglake-dev-reprocess-dlq: 1 archived, 1 not archived.",
      "",
      "- loglake-dev-load-dlq 2e1424d4-f796-459a-8184-9c92662be6da, received 6×, error: redriven from loglake-dev-load after its maxReceiveCount",
      "  s3://lake-bucket/analytics/pipeline_failures/dt=2026-12-02/k.json",
      "- loglake-dev-reprocess-dlq a5c8f3e1-3b0b-4c52-9a52-3f5d1d7c2b10, received 1×, error: 200: Task timed out after 900.00 seconds",
      "  NOT ARCHIVED (AccessDenied: no); it stays in the queue",
      "",
    ]);
  });

  it("keeps the subject under SNS's 100 characters", () => {
    const row = { ...deadLetterRow(read(PLAIN_RECORD), NOW), queue: "q".repeat(120) };

    const { subject } = archiveSummary([{ row, key: "k" }], "b");

    expect(subject).toHaveLength(99);
    expect(subject.endsWith("...")).toBe(true);
  });
});
