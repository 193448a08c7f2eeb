import { parseLogEvent } from "../../../core/parse/index.js";
import type { ParsedEvent } from "../../../core/parse/types.js";

/** Runs one raw event text through the public entry point, as the transform does. */
export function parse(message: string): ParsedEvent {
  return parseLogEvent(message);
}
