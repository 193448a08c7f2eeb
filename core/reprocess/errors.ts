/**
 * Firehose error records (the S3 error prefix) → the records to re-put. Shared by `loglake local reprocess`
 * and the AWS reprocess command. Pure: callers read the objects and send the chunks.
 *
 * Field spellings seen in real objects: `lambdaArn` and `lambdaARN`; `errorCode`/`errorMessage` (processing
 * failed), `lastErrorCode`/`lastErrorMessage` and `ErrorCode`/`ErrorMessage` (format-conversion failed).
 */

/** One error record, normalised across the spellings above. */
export interface FirehoseErrorRecord {
  readonly attemptsMade: number | null;
  readonly arrivalTimestamp: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly attemptEndingTimestamp: number | null;
  readonly lambdaArn: string | null;
  /** The original record bytes (rawData, base64-decoded). */
  readonly data: Uint8Array;
}

/** An error record with where it sits in its object (1-based line) and the line as written. */
export interface LocatedErrorRecord extends FirehoseErrorRecord {
  readonly line: number;
  readonly text: string;
}

/** A line of an error object that could not be used, with why. */
export interface ErrorLineProblem {
  readonly line: number;
  readonly reason: string;
  /** The line as written (kept so a quarantined line can be inspected or fixed by hand). */
  readonly text: string;
}

/** Result of reading one error object. */
export interface ParsedErrorObject {
  readonly records: LocatedErrorRecord[];
  readonly problems: ErrorLineProblem[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const str = (o: Record<string, unknown>, ...keys: string[]): string | null => {
  for (const k of keys) if (typeof o[k] === "string") return o[k] as string;
  return null;
};
const num = (o: Record<string, unknown>, key: string): number | null => {
  const v = o[key];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return null;
};

/** Normalises one parsed error record; throws a message when it has no usable rawData. */
export function toErrorRecord(value: unknown): FirehoseErrorRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a JSON object");
  const o = value as Record<string, unknown>;
  const raw = o.rawData;
  if (typeof raw !== "string") throw new Error("no rawData string");
  const compact = raw.replace(/\s+/g, "");
  if (compact.length % 4 === 1 || !BASE64.test(compact)) throw new Error("rawData is not base64");
  return {
    attemptsMade: num(o, "attemptsMade"),
    arrivalTimestamp: num(o, "arrivalTimestamp"),
    errorCode: str(o, "errorCode", "lastErrorCode", "ErrorCode"),
    errorMessage: str(o, "errorMessage", "lastErrorMessage", "ErrorMessage"),
    attemptEndingTimestamp: num(o, "attemptEndingTimestamp"),
    lambdaArn: str(o, "lambdaArn", "lambdaARN"),
    data: new Uint8Array(Buffer.from(compact, "base64")),
  };
}

/**
 * Reads an error object: Firehose writes one JSON record per line. A pretty-printed single record
 * (as in some captures) is accepted too. Unusable lines are reported, never thrown, so one bad line
 * does not block the rest of the object.
 */
export function parseErrorObject(text: string): ParsedErrorObject {
  const records: LocatedErrorRecord[] = [];
  const problems: ErrorLineProblem[] = [];
  const trimmed = text.trim();
  if (trimmed === "") return { records, problems };
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const whole = parseWhole(trimmed);
  if (whole !== undefined) {
    try {
      records.push({ ...toErrorRecord(whole), line: 1, text: trimmed });
    } catch (error) {
      problems.push({ line: 1, reason: reason(error), text: trimmed });
    }
    return { records, problems };
  }
  trimmed.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    try {
      records.push({ ...toErrorRecord(JSON.parse(line)), line: index + 1, text: line });
    } catch (error) {
      problems.push({
        line: index + 1,
        reason: error instanceof SyntaxError ? "line is not JSON" : reason(error),
        text: line,
      });
    }
  });
  return { records, problems };
}

/** The text as one JSON value, or undefined when it is several lines of records (the usual case). */
function parseWhole(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
