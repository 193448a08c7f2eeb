/** Schema evolution: a catalog that gained a column becomes ALTER TABLE … ADD COLUMN; anything else is refused. */
import { describe, expect, it } from "vitest";
import {
  columnsBeyondCatalog,
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

  it("refuses a column inserted in the middle, a retyped, one removed before the last or a NOT NULL new column", () => {
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
    const removedMiddle = [CATALOG[0], CATALOG[2]] as ColumnSpec[];
    expect(() => schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, LIVE, removedMiddle)).toThrow(
      "logs.log_events column 2 is event_time TIMESTAMP in the warehouse but duration_ms DOUBLE PRECISION in the catalog",
    );
    const required = [...CATALOG, { name: "x", type: "int", nullable: false, description: "x" } as ColumnSpec];
    expect(() => schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, LIVE, required)).toThrow(
      "new column x must be nullable (rows exist)",
    );
  });

  it("plans nothing for an older catalog that is a strict prefix of the live table (a rollback after a column was added)", () => {
    const older = CATALOG.slice(0, 2);

    const statements = schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, LIVE, older);
    const extra = columnsBeyondCatalog(DEFAULT_WAREHOUSE_NAMES, LIVE, older);

    expect(statements).toEqual([]);
    expect(extra).toEqual([{ name: "duration_ms", type: "DOUBLE PRECISION" }]);
    expect(columnsBeyondCatalog(DEFAULT_WAREHOUSE_NAMES, LIVE, CATALOG)).toEqual([]);
  });

  it("refuses an older catalog whose columns differ from the live table's first ones", () => {
    const renamed = [CATALOG[0], { ...CATALOG[1], name: "event_ts" }] as ColumnSpec[];

    expect(() => columnsBeyondCatalog(DEFAULT_WAREHOUSE_NAMES, LIVE, renamed)).toThrow(
      "logs.log_events column 2 is event_time TIMESTAMP in the warehouse but event_ts TIMESTAMP in the catalog",
    );
    expect(() => schemaEvolutionStatements(DEFAULT_WAREHOUSE_NAMES, LIVE, renamed)).toThrow(SchemaEvolutionError);
  });

  it("reads the live columns of the fact table in position order", () => {
    expect(liveColumnsQuery(DEFAULT_WAREHOUSE_NAMES)).toBe(
      `SELECT "column_name", "data_type", "character_maximum_length" FROM svv_columns WHERE "table_schema" = 'logs' AND "table_name" = 'log_events' ORDER BY "ordinal_position"`,
    );
  });
});
