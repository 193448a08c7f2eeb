/** Property tests: whatever Firehose hands the transform, it answers every record and never throws. */
import { gzipSync } from "node:zlib";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildTransformHandler } from "../../handlers/transform/build.js";
import { loadTransformConfig } from "../../handlers/transform/config.js";
import { LogEventRowSchema } from "../../schemas/row.js";
import { dataMessage, encodePayload, firehoseEvent, rowsOf, TEST_MASKING_KEY } from "../fixtures/cwl.js";

const config = loadTransformConfig({ MASKING_KEY: TEST_MASKING_KEY });
// No PutRecordBatch is expected for these small, single-hour inputs: a real client would fail loudly.
const handler = buildTransformHandler({
  firehose: new FirehoseClient({ region: "us-east-1" }),
  config,
  maskingKey: TEST_MASKING_KEY,
});

const dataArb = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("base64")),
  fc.uint8Array({ maxLength: 300 }).map((b) => gzipSync(b).toString("base64")),
  fc.jsonValue().map((v) => gzipSync(JSON.stringify(v)).toString("base64")),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString("base64")),
  fc.string(),
);

describe("transform handler under random input", () => {
  it("answers every random record exactly once, in order, without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(dataArb, { minLength: 1, maxLength: 8 }), async (datas) => {
        const event = firehoseEvent(datas);
        const response = await handler(event);
        expect(response.records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
        for (const [i, r] of response.records.entries()) {
          if (r.result === "ProcessingFailed") expect(r.data).toBe(datas[i]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("turns random messages of a real payload into one valid row each", async () => {
    const group = "/aws/lambda/onboarding-credit-bureau-check";
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.string(), fc.json(), fc.string({ unit: "binary" })), { minLength: 1, maxLength: 20 }),
        async (messages) => {
          const payload = dataMessage(group, "2026/11/26/[$LATEST]00000000000000000000000000000001", messages);
          const response = await handler(firehoseEvent([encodePayload(payload)]));
          expect(response.records[0]?.result).toBe("Ok");
          const rows = rowsOf(response.records[0]?.data);
          expect(rows).toHaveLength(messages.length);
          for (const row of rows) expect(LogEventRowSchema.safeParse(row).success).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
