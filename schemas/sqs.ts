/**
 * The SQS event Lambda's event source mapping delivers (one home of its shape, as a type and the check
 * the DLQ archiver runs on every invocation). Shape: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 * (example event) and `@types/aws-lambda` `SQSEvent`; `DeadLetterQueueSourceArn` is the attribute SQS sets
 * on messages it moved to a dead-letter queue.
 */
import { z } from "zod";

const MessageAttributeSchema = z.looseObject({
  dataType: z.string(),
  stringValue: z.string().optional(),
});

/** The fields of one SQS record this project reads (others pass through unchecked). */
export const SqsRecordSchema = z.looseObject({
  messageId: z.string().min(1),
  body: z.string(),
  eventSourceARN: z.string().startsWith("arn:"),
  attributes: z.looseObject({
    ApproximateReceiveCount: z.string().regex(/^\d+$/),
    SentTimestamp: z.string().regex(/^\d+$/),
    ApproximateFirstReceiveTimestamp: z.string().regex(/^\d+$/),
    DeadLetterQueueSourceArn: z.string().optional(),
  }),
  messageAttributes: z.record(z.string(), MessageAttributeSchema).default({}),
});

/** One SQS record as read. */
export type SqsRecord = z.output<typeof SqsRecordSchema>;

/** The SQS event. */
export const SqsEventSchema = z.looseObject({ Records: z.array(SqsRecordSchema) });

/** The records of an SQS event, or a message saying what is wrong with it. */
export function readSqsEvent(event: unknown): { records: SqsRecord[] } | { problem: string } {
  const parsed = SqsEventSchema.safeParse(event);
  if (parsed.success) return { records: parsed.data.Records };
  const issue = parsed.error.issues[0];
  return { problem: `${issue?.path.join(".") || "(root)"}: ${issue?.message}` };
}

/** `arn:aws:sqs:REGION:ACCOUNT:NAME` → NAME (the ARN itself when it is not a queue ARN). */
export function queueNameOf(arn: string): string {
  return /^arn:[^:]+:sqs:[^:]*:[^:]*:(.+)$/.exec(arn)?.[1] ?? arn;
}
