/**
 * A fake Redshift Data API over aws-sdk-client-mock for the warehouse setup's tests: ExecuteStatement records
 * each SQL and returns an id; DescribeStatement answers STARTED once, then FINISHED (or FAILED with the error
 * `fail` gives for that SQL); GetStatementResult returns the rows `rows` gives for a SELECT. Response shapes
 * follow the Data API reference (Status, Error, HasResultSet; Records of Field unions).
 */
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  type Field,
  GetStatementResultCommand,
  type RedshiftDataClient,
} from "@aws-sdk/client-redshift-data";
import type { AwsClientStub } from "aws-sdk-client-mock";

type Cell = string | number | null;
type DataMock = AwsClientStub<RedshiftDataClient>;

/** Options of {@link fakeDataApi}. */
export interface FakeDataApi {
  /** Rows of a SELECT (by its SQL). */
  readonly rows?: (sql: string) => Cell[][];
  /** The error text a statement fails with, or undefined when it finishes; called once per run, when it ends. */
  readonly fail?: (sql: string, run: number) => string | undefined;
}

const field = (v: Cell): Field =>
  v === null ? { isNull: true } : typeof v === "number" ? { longValue: v } : { stringValue: v };

/** Installs the fake on `mock`; returns the SQL of every ExecuteStatement, in order, and the polls per id. */
export function fakeDataApi(
  mock: DataMock,
  options: FakeDataApi = {},
): { executed: string[]; polls: Map<string, number> } {
  const executed: string[] = [];
  const polls = new Map<string, number>();
  const runs = new Map<string, number>();
  const sqlOf = (id: string) => executed[Number(id.slice(2))] ?? "";
  mock.on(ExecuteStatementCommand).callsFake((input: { Sql: string }) => {
    executed.push(input.Sql);
    runs.set(input.Sql, (runs.get(input.Sql) ?? 0) + 1);
    return { Id: `s-${executed.length - 1}` };
  });
  mock.on(DescribeStatementCommand).callsFake((input: { Id: string }) => {
    const n = (polls.get(input.Id) ?? 0) + 1;
    polls.set(input.Id, n);
    if (n === 1) return { Id: input.Id, Status: "STARTED" };
    const sql = sqlOf(input.Id);
    const error = options.fail?.(sql, runs.get(sql) ?? 1);
    if (error !== undefined) return { Id: input.Id, Status: "FAILED", Error: error };
    return { Id: input.Id, Status: "FINISHED", HasResultSet: sql.startsWith("SELECT ") };
  });
  mock.on(GetStatementResultCommand).callsFake((input: { Id: string }) => ({
    Records: (options.rows?.(sqlOf(input.Id)) ?? []).map((row) => row.map(field)),
  }));
  return { executed, polls };
}
