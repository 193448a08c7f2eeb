/**
 * Lambda entry point of the loader: SQS (S3 Object Created announcements of curated/log_events/) →
 * Redshift. Only what runs in AWS lives here: module-level clients, the cold-start config, the logger's
 * Lambda context. The handler itself is handlers/loader/build.ts.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { S3Client } from "@aws-sdk/client-s3";
import type { Handler, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { buildLoaderHandler, type LoaderHandler } from "./loader/build.js";
import { loadLoaderConfig } from "./loader/config.js";

const logger = new Logger();
const metrics = new Metrics();
const data = new RedshiftDataClient({ maxAttempts: 5 });
const s3 = new S3Client({ maxAttempts: 5 });
let built: LoaderHandler | undefined;

/** The Lambda handler the SQS event source mapping invokes (ReportBatchItemFailures). */
export const handler: Handler<SQSEvent, SQSBatchResponse> = async (event, context) => {
  logger.addContext(context);
  // A bad environment throws on every invocation with the variable's name (nothing is acknowledged).
  built ??= buildLoaderHandler({ data, s3, config: loadLoaderConfig(process.env), logger, metrics });
  return built(event, context);
};
