/** Schema evolution: a catalog that gained a column becomes ALTER TABLE … ADD COLUMN; anything else is refused. */
import { describe, expect, it } from "vitest";
import {
  liveColumnOf,
  liveColumnsQuery,
  SchemaEvolutionError,
  schemaEvolutionStatements,
} from "../../../core/load/evolution.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";
import type { ColumnSpec } from "../../../schemas/catalog.js";

const CATALOG: ColumnSpec[] = [
  { name: "event_id", type: "string", maxBytes: 64, nullable: false, description: "id" },
  { name: "event_time", type: "timestamp", nullable: false, description: "time" },
  { name: "duration_ms", type: "double", nullable: true, description: "duration" },
];
const LIVE = [
  liveColumnOf("event_id", "character varying", 64),
  liveColumnOf("event_time", "timestamp without time zone", null),
  liveColumnOf("duration_ms", "double precision", null),
];

describe("schemaEvolutionStatements", () => {
  it("adds nothing when the warehouse matches the catalog", () => {
    expect(schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, LIVE, CATALOG)).toEqual([]);
  });

  it("adds the columns a catalog gained at its end, with type and encoding", () => {
    const grown: ColumnSpec[] = [
      ...CATALOG,
      { name: "tenant_id", type: "string", maxBytes: 128, nullable: true, description: "new" },
      { name: "retry_count", type: "int", nullable: true, description: "new" },
    ];
    expect(schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, LIVE, grown)).toEqual([
      'ALTER TABLE "logs"."log_events" ADD COLUMN "tenant_id" VARCHAR(128) ENCODE ZSTD',
      'ALTER TABLE "logs"."log_events" ADD COLUMN "retry_count" INTEGER ENCODE AZ64',
    ]);
  });

  it("refuses a column inserted in the middle, a retyped, a removed or a NOT NULL new column", () => {
    const inserted: ColumnSpec[] = [
      CATALOG[0] as ColumnSpec,
      { name: "tenant_id", type: "string", nullable: true, description: "new" },
      ...CATALOG.slice(1),
    ];
    expect(() => schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, LIVE, inserted)).toThrow(
      "column 2 is event_time TIMESTAMP in the warehouse but tenant_id VARCHAR(256) in the catalog: COPY maps by position, so only columns added at the end can be applied",
    );
    const retyped = [LIVE[0], LIVE[1], liveColumnOf("duration_ms", "bigint", null)] as typeof LIVE;
    expect(() => schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, retyped, CATALOG)).toThrow(SchemaEvolutionError);
    expect(() => schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, LIVE, CATALOG.slice(0, 2))).toThrow(
      "logs.log_events has 3 columns, the catalog 2: a column was removed",
    );
    const required = [...CATALOG, { name: "x", type: "int", nullable: false, description: "x" } as ColumnSpec];
    expect(() => schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, LIVE, required)).toThrow(
      "new column x must be nullable (rows exist)",
    );
  });

  it("reads the live columns of the fact table in position order", () => {
    expect(liveColumnsQuery(DEFAULT_WAREHOUSE_NAMES)).toBe(
      `SELECT "column_name", "data_type", "character_maximum_length" FROM svv_columns WHERE "table_schema" = 'logs' AND "table_name" = 'log_events' ORDER BY "ordinal_position"`,
    );
  });
});
