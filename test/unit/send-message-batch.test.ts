/**
 * sendMessagesReliably against a mocked SQS: groups of 10, whole-call failures and unreported entries retried
 * with backoff, the give-up error (what failed, how much went before), and failures that are not retried.
 */
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import {
  isNonRetryable,
  QueueRefusedError,
  QueueSendError,
  sendMessagesReliably,
} from "../../core/io/send-message-batch.js";

const sqsMock = mockClient(SQSClient);
const client = new SQSClient({ region: "eu-west-1" });
const QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/loglake-dev-load";
const slept: number[] = [];
const options = { sleep: async (ms: number) => void slept.push(ms), random: () => 0.5 };
const bodies = (n: number): string[] => Array.from({ length: n }, (_, i) => `body-${i}`);
const ok = (...ids: string[]) => ({
  Successful: ids.map((Id) => ({ Id, MessageId: `m-${Id}`, MD5OfMessageBody: "x" })),
  Failed: [],
});
const entriesSent = (): string[][] =>
  sqsMock
    .commandCalls(SendMessageBatchCommand)
    .map((c) => (c.args[0].input.Entries ?? []).map((e) => `${e.Id}:${e.MessageBody}`));
const awsFailure = (name: string, message = name) => Object.assign(new Error(message), { name });

beforeEach(() => {
  sqsMock.reset();
  slept.length = 0;
});

describe("sendMessagesReliably", () => {
  it("retries a whole-call failure with the same entries, then resolves", async () => {
    // Prepare
    sqsMock
      .on(SendMessageBatchCommand)
      .rejectsOnce(awsFailure("ServiceUnavailable", "try later"))
      .resolves(ok("0", "1"));
    // Act
    const result = await sendMessagesReliably(client, QUEUE, bodies(2), options);
    // Assess
    expect(result).toEqual({ calls: 2, retried: 2 });
    expect(entriesSent()).toEqual([
      ["0:body-0", "1:body-1"],
      ["0:body-0", "1:body-1"],
    ]);
    expect(slept).toEqual([50]);
  });

  it("sends again the entries SQS reported neither as Successful nor as Failed", async () => {
    // Prepare: the first reply omits entry 1 altogether.
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: ok("0", "2").Successful, Failed: [] })
      .resolves(ok("1"));
    // Act
    const result = await sendMessagesReliably(client, QUEUE, bodies(3), options);
    // Assess
    expect(result).toEqual({ calls: 2, retried: 1 });
    expect(entriesSent()).toEqual([["0:body-0", "1:body-1", "2:body-2"], ["1:body-1"]]);
  });

  it("gives up after 6 attempts with what failed, its last code and how many went before", async () => {
    // Prepare: 13 bodies; the first group goes, body-12 of the second keeps failing, body-10 and -11 go.
    sqsMock.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string; MessageBody: string }[] }) => ({
      Successful: input.Entries.filter((e) => e.MessageBody !== "body-12").map((e) => ({
        Id: e.Id,
        MessageId: "m",
        MD5OfMessageBody: "x",
      })),
      Failed: input.Entries.filter((e) => e.MessageBody === "body-12").map((e) => ({
        Id: e.Id,
        SenderFault: false,
        Code: "InternalError",
        Message: "oops",
      })),
    }));
    // Act
    const failure = sendMessagesReliably(client, QUEUE, bodies(13), options);
    // Assess
    await expect(failure).rejects.toThrow(QueueSendError);
    await expect(failure).rejects.toMatchObject({
      message: `SendMessageBatch to ${QUEUE}: 1 message(s) still failing after 6 attempts (InternalError)`,
      unsent: ["body-12"],
      lastErrorCode: "InternalError",
      sent: 12,
    });
    expect(entriesSent().map((e) => e.length)).toEqual([10, 3, 1, 1, 1, 1, 1]);
    expect(slept).toEqual([50, 100, 200, 400, 800]);
  });

  it("does not retry a whole call refused because the queue does not exist", async () => {
    // Prepare
    const refusal = awsFailure("QueueDoesNotExist", "The specified queue does not exist.");
    sqsMock.on(SendMessageBatchCommand).rejects(refusal);
    // Act
    const failure = sendMessagesReliably(client, QUEUE, bodies(2), options);
    // Assess
    await expect(failure).rejects.toThrow(QueueRefusedError);
    await expect(failure).rejects.toMatchObject({ code: "QueueDoesNotExist", cause: refusal, sent: 0 });
    expect(entriesSent()).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it("does not retry an entry refused with a KMS code, and counts the entries accepted with it", async () => {
    // Prepare
    sqsMock.on(SendMessageBatchCommand).resolves({
      Successful: ok("0").Successful,
      Failed: [{ Id: "1", SenderFault: true, Code: "KMS.AccessDeniedException", Message: "no kms:GenerateDataKey" }],
    });
    // Act
    const failure = sendMessagesReliably(client, QUEUE, bodies(2), options);
    // Assess
    await expect(failure).rejects.toMatchObject({
      name: "QueueRefusedError",
      code: "KMS.AccessDeniedException",
      cause: { name: "KMS.AccessDeniedException", message: "no kms:GenerateDataKey" },
      sent: 1,
    });
    expect(entriesSent()).toHaveLength(1);
  });

  it("rethrows a programming error at once instead of retrying it", async () => {
    // Prepare
    sqsMock.on(SendMessageBatchCommand).callsFake(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'Id')");
    });
    // Act
    const failure = sendMessagesReliably(client, QUEUE, bodies(1), options);
    // Assess
    await expect(failure).rejects.toThrow(new TypeError("Cannot read properties of undefined (reading 'Id')"));
    expect(entriesSent()).toHaveLength(1);
  });
});

describe("isNonRetryable", () => {
  it.each([
    ["AccessDenied", true],
    ["AccessDeniedException", true],
    ["KMS.DisabledException", true],
    ["KmsAccessDenied", true],
    ["AWS.SimpleQueueService.NonExistentQueue", true],
    ["QueueDoesNotExist", true],
    ["ExpiredToken", true],
    ["InvalidClientTokenId", true],
    ["KMS.ThrottlingException", false],
    ["KmsThrottled", false],
    ["ServiceUnavailable", false],
    ["RequestThrottled", false],
    ["TimeoutError", false],
  ])("%s → %s", (code, expected) => {
    expect(isNonRetryable(code)).toBe(expected);
  });
});
