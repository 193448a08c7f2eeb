/**
 * Amazon Data Firehose data-transformation contract (event in, response out).
 * https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 */
import { z } from "zod";

/**
 * One input record. `data` stays a base64 string here: the Powertools envelope decodes it as UTF-8,
 * which would break gzip'd CloudWatch Logs payloads, so core/decode does the decoding itself.
 */
export const FirehoseInputRecordSchema = z.object({
  recordId: z.string().min(1),
  approximateArrivalTimestamp: z.number(),
  data: z.string(),
  kinesisRecordMetadata: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const FirehoseTransformationEventSchema = z.object({
  invocationId: z.string(),
  deliveryStreamArn: z.string(),
  sourceKinesisStreamArn: z.string().optional(),
  region: z.string(),
  records: z.array(FirehoseInputRecordSchema),
});

export const FIREHOSE_RESULTS = ["Ok", "Dropped", "ProcessingFailed"] as const;
export type FirehoseResult = (typeof FIREHOSE_RESULTS)[number];

export const FirehoseOutputRecordSchema = z.object({
  recordId: z.string(),
  result: z.enum(FIREHOSE_RESULTS),
  /** Required for Ok and ProcessingFailed; omitted for Dropped (as the AWS blueprints do). */
  data: z.string().optional(),
  metadata: z.object({ partitionKeys: z.record(z.string(), z.string()) }).optional(),
});

export const FirehoseTransformationResponseSchema = z.object({
  records: z.array(FirehoseOutputRecordSchema),
});

export type FirehoseInputRecord = z.infer<typeof FirehoseInputRecordSchema>;
export type FirehoseTransformationEvent = z.infer<typeof FirehoseTransformationEventSchema>;
export type FirehoseOutputRecord = z.infer<typeof FirehoseOutputRecordSchema>;
export type FirehoseTransformationResponse = z.infer<typeof FirehoseTransformationResponseSchema>;
