/**
 * The transform on public AWS samples, rebuilt here from their documented decoded content (the
 * payloads are gzip'd by the test, as CloudWatch Logs does). Sources:
 * - Lambda blueprint `kinesis-firehose-cloudwatch-logs-processor` test event (as shipped by aws-sam-cli
 *   `KinesisFirehoseCloudwatchLogsProcessor.json`): a CONTROL_MESSAGE, then DATA_MESSAGEs of uuids.
 * - AWS docs / aws-sam-cli `CloudwatchLogs.json`: `testLogGroup` with ids "eventId1"/"eventId2".
 * - Powertools for AWS Lambda (TypeScript) parser test event `cloudwatch/base.json`: a real 2024
 *   capture with a console line, START, and a Powertools Logger line.
 * - AWS Lambda docs `services-cloudwatchlogs`: one REPORT line of `/aws/lambda/echo-nodejs`.
 * - Powertools parser test events for Firehose with non-CloudWatch data (DirectPut "Hello World",
 *   `firehose-sqs-invalid` "not a valid jason") and the legacy event with a 12-digit timestamp.
 */
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { describe, expect, it } from "vitest";
import { buildTransformHandler } from "../../handlers/transform/build.js";
import { loadTransformConfig } from "../../handlers/transform/config.js";
import type { CloudWatchLogsPayload } from "../../schemas/cloudwatch.js";
import { CONTROL_MESSAGE, encodePayload, rowsOf, TEST_MASKING_KEY } from "../fixtures/cwl.js";

const config = loadTransformConfig({ MASKING_KEY: TEST_MASKING_KEY });
const handler = buildTransformHandler({
  firehose: new FirehoseClient({ region: "us-east-1" }),
  config,
  maskingKey: TEST_MASKING_KEY,
});

const event = (records: { recordId: string; approximateArrivalTimestamp: number; data: string }[]) => ({
  invocationId: "invocationIdExample",
  deliveryStreamArn: "arn:aws:kinesis:EXAMPLE",
  region: "us-east-1",
  records,
});

const blueprintData: CloudWatchLogsPayload = {
  messageType: "DATA_MESSAGE",
  owner: "263868185958",
  logGroup: "copy-cwl-lambda-invoke-input-1510254365531-LogGroup-17Q1WBYO69X0L",
  logStream: "copy-cwl-lambda-invoke-input-1510254365531-LogStream1-18OE12E2F8CE7",
  subscriptionFilters: ["copy-cwl-lambda-invoke-input-1510254365531-SubscriptionFilter-L6TMMNMRQCU8"],
  logEvents: [
    {
      id: "33679800144697422554415395414062324420037086717597843456",
      timestamp: 1510254471089,
      message: "8499846a-88c1-4fb3-bfca-117ec023c5c3",
    },
    {
      id: "33679800144719723299613926037203860138309735079103823873",
      timestamp: 1510254471090,
      message: "5615152f-ae3e-4163-bbd0-c26a241e4ca1",
    },
    {
      id: "33679800144742024044812456660345395856582383440609804290",
      timestamp: 1510254471091,
      message: "bfacbeeb-e5ab-4bdd-b6fc-4f0bebd4fa09",
    },
  ],
};

describe("transform on public AWS samples", () => {
  it("handles the Lambda blueprint's test event: CONTROL_MESSAGE dropped, DATA_MESSAGE rows", async () => {
    const response = await handler(
      event([
        {
          recordId: "49578734086442259037497492980620233840400173390482112514000000",
          approximateArrivalTimestamp: 1510254469499,
          data: encodePayload({
            ...CONTROL_MESSAGE,
            logEvents: [{ ...CONTROL_MESSAGE.logEvents[0], timestamp: 1510254469274 }],
          }),
        },
        {
          recordId: "49578734086442259037497492980621442766219788363254202370000000",
          approximateArrivalTimestamp: 1510254473773,
          data: encodePayload(blueprintData),
        },
      ]),
    );
    expect(response.records.map((r) => r.result)).toEqual(["Dropped", "Ok"]);
    const rows = rowsOf(response.records[1]?.data);
    expect(rows.map((r) => [r.event_id, r.message, r.log_format, r.source])).toEqual(
      blueprintData.logEvents.map((e) => [e.id, e.message, "text", "other"]),
    );
    expect(rows[0]).toMatchObject({ account_id: "263868185958", event_time: "2017-11-09 19:07:51.089" });
    expect(response.records[1]?.metadata?.partitionKeys).toEqual({ dt: "2017-11-09", hour: "19" });
  });

  it("keeps the docs sample's non-numeric event ids as they are", async () => {
    const docs: CloudWatchLogsPayload = {
      messageType: "DATA_MESSAGE",
      owner: "123456789123",
      logGroup: "testLogGroup",
      logStream: "testLogStream",
      subscriptionFilters: ["testFilter"],
      logEvents: [
        { id: "eventId1", timestamp: 1440442987000, message: "[ERROR] First test message" },
        { id: "eventId2", timestamp: 1440442987001, message: "[ERROR] Second test message" },
      ],
    };
    const response = await handler(
      event([{ recordId: "1", approximateArrivalTimestamp: 1440442988000, data: encodePayload(docs) }]),
    );
    expect(rowsOf(response.records[0]?.data).map((r) => [r.event_id, r.message])).toEqual([
      ["eventId1", "[ERROR] First test message"],
      ["eventId2", "[ERROR] Second test message"],
    ]);
  });

  it("parses the Powertools test capture: console line, START and Powertools Logger JSON", async () => {
    const capture: CloudWatchLogsPayload = {
      messageType: "DATA_MESSAGE",
      owner: "536254204126",
      logGroup: "/aws/lambda/some-other-name",
      logStream: "2024/10/21/OtherFn[$LATEST]16c175a5f89246aaad5c878aebaeeac7",
      subscriptionFilters: ["CwtriggerStack-MySubscriptionC96E1FB5-c1AHhT24v8Jh"],
      logEvents: [
        {
          id: "38569604798453153764115268074363468419149517103543812096",
          timestamp: 1729520895158,
          message: "2024-10-21T14:28:15.158Z\teadc91c8-8273-4a2d-b170-b0a7883b619e\tINFO\tHello from other.ts\n",
        },
        {
          id: "38569604798453153764115268074363468419149517103543812097",
          timestamp: 1729520895158,
          message: "START RequestId: eadc91c8-8273-4a2d-b170-b0a7883b619e Version: $LATEST\n",
        },
        {
          id: "38569604798475454509313798697505004137422165465049792514",
          timestamp: 1729520895159,
          message:
            '{"level":"INFO","message":"Hello from other.ts","sampling_rate":0,"service":"service_undefined","timestamp":"2024-10-21T14:28:15.158Z","xray_trace_id":"1-671664ff-69b0ec7624423e04544c023f"}\n',
        },
      ],
    };
    const response = await handler(
      event([{ recordId: "1", approximateArrivalTimestamp: 1729520896358, data: encodePayload(capture) }]),
    );
    const rows = rowsOf(response.records[0]?.data);
    expect(rows.map((r) => [r.log_format, r.level, r.request_id, r.service])).toEqual([
      ["lambda_console", "INFO", "eadc91c8-8273-4a2d-b170-b0a7883b619e", "some-other-name"],
      ["lambda_platform", "INFO", "eadc91c8-8273-4a2d-b170-b0a7883b619e", "some-other-name"],
      ["powertools", "INFO", null, "some-other-name"],
    ]);
    expect(rows[2]).toMatchObject({ message: "Hello from other.ts", trace_id: "1-671664ff-69b0ec7624423e04544c023f" });
  });

  it("reads the Lambda docs' REPORT line with its old 'Billed Duration: N ms \\t' spacing", async () => {
    const docs: CloudWatchLogsPayload = {
      messageType: "DATA_MESSAGE",
      owner: "123456789012",
      logGroup: "/aws/lambda/echo-nodejs",
      logStream: "2019/03/13/[$LATEST]94fa867e5374431291a7fc14e2f56ae7",
      subscriptionFilters: ["LambdaStream_cloudwatchlogs-node"],
      logEvents: [
        {
          id: "34622316099697884706540976068822859012661220141643892546",
          timestamp: 1552518348220,
          message:
            "REPORT RequestId: 6234bffe-149a-b642-81ff-2e8e376d8aff\tDuration: 46.84 ms\tBilled Duration: 47 ms \tMemory Size: 192 MB\tMax Memory Used: 72 MB\t\n",
        },
      ],
    };
    const response = await handler(
      event([{ recordId: "1", approximateArrivalTimestamp: 1552518349000, data: encodePayload(docs) }]),
    );
    expect(rowsOf(response.records[0]?.data)[0]).toMatchObject({
      service: "echo-nodejs",
      request_id: "6234bffe-149a-b642-81ff-2e8e376d8aff",
      duration_ms: 46.84,
      billed_duration_ms: 47,
      memory_size_mb: 192,
      max_memory_used_mb: 72,
    });
  });

  it("fails the Powertools DirectPut and invalid-data events record by record (not CloudWatch data)", async () => {
    const response = await handler(
      event([
        { recordId: "record1", approximateArrivalTimestamp: 1664029185290, data: "SGVsbG8gV29ybGQ=" },
        { recordId: "record2", approximateArrivalTimestamp: 1664029186945, data: "eyJIZWxsbyI6ICJXb3JsZCJ9" },
        {
          recordId: "49640912821178817833517986466168945147170627572855734274000000",
          approximateArrivalTimestamp: 1684864917398,
          data: "bm90IGEgdmFsaWQgamFzb24=",
        },
      ]),
    );
    expect(response.records.map((r) => [r.recordId, r.result, r.data])).toEqual([
      ["record1", "ProcessingFailed", "SGVsbG8gV29ybGQ="],
      ["record2", "ProcessingFailed", "eyJIZWxsbyI6ICJXb3JsZCJ9"],
      [
        "49640912821178817833517986466168945147170627572855734274000000",
        "ProcessingFailed",
        "bm90IGEgdmFsaWQgamFzb24=",
      ],
    ]);
  });

  it("accepts the legacy event's 12-digit record timestamp as the ingest time", async () => {
    const data = encodePayload({ ...blueprintData, logEvents: blueprintData.logEvents.slice(0, 1) });
    const response = await handler(event([{ recordId: "record2", approximateArrivalTimestamp: 151077216000, data }]));
    expect(rowsOf(response.records[0]?.data)[0]?.ingest_time).toBe("1974-10-15 13:53:36.000"); // new Date(151077216000).toISOString();
  });
});
