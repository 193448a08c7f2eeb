import { describe, expect, it } from "vitest";
import {
  curatedDayPrefix,
  curatedObjectKey,
  curatedPartition,
  errorObjectKey,
  FIREHOSE_PREFIXES,
  firehoseObjectName,
  handledErrorKey,
  manifestObjectKey,
  pipelineFailureKey,
  rawObjectKey,
} from "../../schemas/lake-layout.js";

// Shapes from shared/DESIGN.md ("Lake layout") and Firehose's documented object names
// (<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<random>).
const AT = Date.UTC(2026, 2, 7, 4, 5, 6); // 2026-03-07T04:05:06Z

describe("lake layout", () => {
  it("names objects as Firehose does", () => {
    expect(firehoseObjectName("s", AT, "u")).toBe("s-1-2026-03-07-04-05-06-u");
  });

  it("builds the zone keys", () => {
    expect(curatedObjectKey("2026-03-07", "04", "o")).toBe("curated/log_events/dt=2026-03-07/hour=04/o.parquet");
    expect(curatedDayPrefix("2026-03-07")).toBe("curated/log_events/dt=2026-03-07/");
    expect(rawObjectKey(AT, "o")).toBe("raw/cwl/2026/03/07/04/o");
    expect(errorObjectKey("processing-failed", AT, "o")).toBe("errors/processing-failed/2026/03/07/o");
    expect(manifestObjectKey("b_1")).toBe("analytics/manifests/b_1.manifest");
    expect(pipelineFailureKey("2026-03-07", "m.json")).toBe("analytics/pipeline_failures/dt=2026-03-07/m.json");
  });

  it("moves handled error objects beside the error prefix, keeping the key below it", () => {
    expect(handledErrorKey("errors/processing-failed/2026/03/07/o", "reprocessed")).toBe(
      "errors-reprocessed/processing-failed/2026/03/07/o",
    );
    expect(handledErrorKey("errors/format-conversion-failed/2026/03/07/o", "quarantine")).toBe(
      "errors-quarantine/format-conversion-failed/2026/03/07/o",
    );
    expect(() => handledErrorKey("curated/x", "reprocessed")).toThrow("not an error object key: curated/x");
  });

  it("reads the partition of curated keys only", () => {
    expect(curatedPartition("curated/log_events/dt=2026-03-07/hour=04/o.parquet")).toEqual({
      dt: "2026-03-07",
      hour: "04",
    });
    expect(curatedPartition("curated/log_events/dt=2026-03-07/hour=04/o.parquet.tmp")).toBeNull();
    expect(curatedPartition("raw/cwl/2026/03/07/04/o")).toBeNull();
  });

  it("writes the same layout as Firehose expressions", () => {
    expect(FIREHOSE_PREFIXES).toEqual({
      curated: "curated/log_events/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/",
      errors: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
      raw: "raw/cwl/!{timestamp:yyyy/MM/dd/HH}/",
      rawErrors: "errors/raw-backup-!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
    });
  });
});
