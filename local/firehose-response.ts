import { isWellFormedResponse } from "../schemas/firehose.js";

/**
 * The checks Firehose applies to a transformation response before it trusts it, with its error codes
 * and messages (docs: "Lambda Invocation Errors").
 */

/** Firehose's checks of a transform response: well-formed records, and every recordId exactly once. */
export function checkResponse(response: unknown, ids: readonly string[]): { code: string; message: string } | null {
  if (!isWellFormedResponse(response)) {
    return {
      code: "Lambda.JsonProcessingException",
      message:
        "There was an error parsing returned records from the Lambda function. Ensure that the returned records follow the status model required by Kinesis Data Firehose.",
    };
  }
  const expected = new Set(ids);
  const seen = new Set<string>();
  for (const r of response.records) {
    if (seen.has(r.recordId))
      return {
        code: "Lambda.DuplicatedRecordId",
        message:
          "Multiple records were returned with the same record ID. Ensure that the Lambda function returns unique record IDs for each record.",
      };
    seen.add(r.recordId);
  }
  if (seen.size !== expected.size || [...expected].some((id) => !seen.has(id))) {
    return {
      code: "Lambda.MissingRecordId",
      message:
        "One or more record IDs were not returned. Ensure that the Lambda function returns all received record IDs.",
    };
  }
  return null;
}
