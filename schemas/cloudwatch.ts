/**
 * CloudWatch Logs subscription payload (what a subscription filter sends to Firehose, gzip'd).
 * Shape: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
 */
import { z } from "zod";

export const CloudWatchLogEventSchema = z.object({
  id: z.string(),
  timestamp: z.number(),
  message: z.string(),
});

export const CloudWatchLogsPayloadSchema = z.object({
  messageType: z.enum(["DATA_MESSAGE", "CONTROL_MESSAGE"]),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(CloudWatchLogEventSchema),
  policyLevel: z.string().optional(),
});

export type CloudWatchLogEvent = z.infer<typeof CloudWatchLogEventSchema>;
export type CloudWatchLogsPayload = z.infer<typeof CloudWatchLogsPayloadSchema>;
