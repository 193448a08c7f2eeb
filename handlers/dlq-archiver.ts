/**
 * Lambda entry point of the DLQ archiver (every dead-letter queue of the pipeline triggers it): only
 * what runs in AWS lives here — module-level clients, the cold-start config, the logger's Lambda context.
 * The handler itself is handlers/dlq-archiver/build.ts.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import type { Context, SQSBatchResponse } from "aws-lambda";
import { type ArchiverHandler, buildArchiverHandler } from "./dlq-archiver/build.js";
import { loadArchiverConfig } from "./dlq-archiver/config.js";

const logger = new Logger();
const metrics = new Metrics();
const clientConfig = { maxAttempts: 5, retryMode: "adaptive" } as const;
const s3 = new S3Client(clientConfig);
const sns = new SNSClient(clientConfig);
let ready: ArchiverHandler | undefined;

/** The handler the DLQs' event source mappings invoke (ReportBatchItemFailures). */
export const handler = async (event: unknown, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  ready ??= buildArchiverHandler({ s3, sns, config: loadArchiverConfig(process.env), logger, metrics });
  return ready(event);
};
