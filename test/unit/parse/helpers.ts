import { parseLogEvent } from "../../../core/parse/index.js";
import type { Origin, ParsedEvent } from "../../../core/parse/types.js";

const LAMBDA: Origin = { source: "lambda", service: "onboarding-submit-application" };

/** Runs one raw event text through the public entry point, as the transform does. */
export function parse(message: string, origin: Origin = LAMBDA): ParsedEvent {
  return parseLogEvent(
    { message, timestamp: 1_741_957_502_000, logGroup: "/aws/lambda/onboarding-submit-application", logStream: "s" },
    origin,
  );
}
