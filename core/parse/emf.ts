/**
 * CloudWatch Embedded Metric Format lines (Powertools Metrics writes them to the function's log).
 *
 * Shape: AWS CloudWatch docs "Embedded metric format specification" (`_aws.CloudWatchMetrics`:
 * [{Namespace, Dimensions, Metrics: [{Name, Unit}]}]; metric and dimension values are top-level keys).
 */
import type { ParsedEvent } from "./types.js";
import { type JsonObject, nonEmptyString, plainObject } from "./util.js";

/** True when a parsed object carries an EMF directive (`_aws.CloudWatchMetrics`). */
export function isEmf(value: JsonObject): boolean {
  const aws = plainObject(value._aws);
  return aws !== null && "CloudWatchMetrics" in aws;
}

/**
 * Metric values and dimension values stay in structured (they are the data); the `_aws` envelope is
 * dropped (its timestamp duplicates event_time, its schema is in the summary). The message is a
 * short summary `EMF <namespace>: <metric names>`; `service` (a Powertools dimension) names the service.
 */
export function parseEmf(value: JsonObject): ParsedEvent {
  const { _aws, ...rest } = value;
  const namespaces: string[] = [];
  const names: string[] = [];
  const directives = plainObject(_aws)?.CloudWatchMetrics;
  if (Array.isArray(directives)) {
    for (const directive of directives) {
      const d = plainObject(directive);
      if (d === null) continue;
      const namespace = nonEmptyString(d.Namespace);
      if (namespace !== null && !namespaces.includes(namespace)) namespaces.push(namespace);
      if (!Array.isArray(d.Metrics)) continue;
      for (const metric of d.Metrics) {
        const name = nonEmptyString(plainObject(metric)?.Name);
        if (name !== null && !names.includes(name)) names.push(name);
      }
    }
  }
  const event: ParsedEvent = {
    log_format: "emf",
    message: `EMF ${namespaces.join(", ") || "-"}: ${names.join(", ") || "-"}`,
    level: null,
    structured: rest,
  };
  const service = nonEmptyString(rest.service);
  if (service !== null) event.service = service;
  return event;
}
