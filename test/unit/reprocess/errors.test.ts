/** Reprocess parsing: every Firehose error-record variant → the bytes to re-put, in PutRecordBatch chunks. */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseErrorObject, toErrorRecord } from "../../../core/reprocess/errors.js";
import { countLogEvents } from "../../../core/reprocess/events.js";

import {
  FUNCTION_TIMED_OUT,
  PROCESSING_FAILED_ARN_CASING,
  PROCESSING_FAILED_GZIP,
  PROCESSING_FAILED_TEMPLATE,
} from "../../fixtures/firehose-errors.js";

describe("parseErrorObject", () => {
  it("reads a processing-failed record whose ARN key is spelled lambdaARN", () => {
    const { records, problems } = parseErrorObject(PROCESSING_FAILED_ARN_CASING);
    expect(problems).toEqual([]);
    expect(records[0]?.lambdaArn).toBe("arn:aws:lambda:us-east-1:123456789012:function:onboarding-log-transform");
    expect(records[0]?.errorCode).toBe("Lambda.ProcessingFailedStatus");
    expect(Buffer.from(records[0]?.data ?? []).toString()).toBe("FAIL this one\n");
  });

  it("returns gzip'd CloudWatch Logs rawData as the exact original bytes", () => {
    const { records } = parseErrorObject(PROCESSING_FAILED_GZIP);
    const payload = JSON.parse(gunzipSync(records[0]?.data ?? new Uint8Array()).toString());
    expect(payload.messageType).toBe("CONTROL_MESSAGE");
    expect(records[0]?.lambdaArn).toMatch(/^arn:aws:lambda:/);
    expect(records[0]?.attemptsMade).toBe(1);
  });

  it("keeps a FunctionTimedOut record with its error message and attempts", () => {
    const [r] = parseErrorObject(FUNCTION_TIMED_OUT).records;
    expect(r?.errorCode).toBe("Lambda.FunctionTimedOut");
    expect(r?.errorMessage).toMatch(/timed out/);
    expect(r?.attemptsMade).toBe(4);
    expect(JSON.parse(Buffer.from(r?.data ?? []).toString()).type).toBe("onboarding.raw_message");
  });

  it("reads format-conversion-failed records with lastErrorCode and with ErrorCode spellings", () => {
    const row = Buffer.from('{"event_id":"1","event_time":"2025-06-02 10:00:00.000"}').toString("base64");
    const text = [
      JSON.stringify({
        attemptsMade: 1,
        arrivalTimestamp: 1,
        lastErrorCode: "DataFormatConversion.MalformedData",
        lastErrorMessage: "bad",
        attemptEndingTimestamp: 2,
        rawData: row,
        sequenceNumber: "1",
        subSequenceNumber: 0,
        dataCatalogTable: { tableName: "log_events" },
      }),
      JSON.stringify({
        attemptsMade: 1,
        arrivalTimestamp: 1,
        ErrorCode: "DataFormatConversion.InvalidSchema",
        ErrorMessage: "worse",
        attemptEndingTimestamp: 2,
        rawData: row,
      }),
    ].join("\n");
    const { records } = parseErrorObject(text);
    expect(records.map((r) => [r.errorCode, r.errorMessage])).toEqual([
      ["DataFormatConversion.MalformedData", "bad"],
      ["DataFormatConversion.InvalidSchema", "worse"],
    ]);
    expect(records.map((r) => countLogEvents(r.data))).toEqual([1, 1]);
  });

  it("reports a line with placeholder rawData instead of throwing, and keeps the good lines", () => {
    const good = PROCESSING_FAILED_ARN_CASING.trim();
    const template = PROCESSING_FAILED_TEMPLATE;
    const { records, problems } = parseErrorObject(`${good}\n${template.replace('"data"', '"not base64!"')}\n{oops\n`);
    expect(records).toHaveLength(1);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
  });

  it("accepts a pretty-printed single record", () => {
    const pretty = JSON.stringify(JSON.parse(PROCESSING_FAILED_ARN_CASING), null, 2);
    expect(parseErrorObject(pretty).records).toHaveLength(1);
  });

  it("rejects a record without rawData", () => {
    expect(() => toErrorRecord({ errorCode: "x" })).toThrow(/rawData/);
  });
});
