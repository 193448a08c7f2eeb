/**
 * The Redshift Data API as the loader uses it: submit a statement (or a batch, one transaction), poll
 * DescribeStatement with backoff until FINISHED / FAILED / ABORTED, and read a result set page by page
 * (GetStatementResult's NextToken). Serverless (WorkgroupName, IAM credentials) and provisioned
 * (ClusterIdentifier + SecretArn) targets. The client is passed in; nothing here reads the environment.
 */
import {
  CancelStatementCommand,
  DescribeStatementCommand,
  type DescribeStatementResponse,
  ExecuteStatementCommand,
  type Field,
  GetStatementResultCommand,
  type RedshiftDataClient,
} from "@aws-sdk/client-redshift-data";

/** The part of a Data API client these helpers need. */
export type DataApiSender = Pick<RedshiftDataClient, "send">;

/** Which warehouse the statements run on, and how the Data API authenticates to it. */
export type WarehouseConnection =
  | {
      readonly kind: "serverless";
      readonly database: string;
      readonly workgroupName: string;
      /** Sign in with this secret's user instead of the caller's IAM identity (the warehouse setup's admin). */
      readonly secretArn?: string;
    }
  | {
      readonly kind: "provisioned";
      readonly database: string;
      readonly clusterIdentifier: string;
      readonly secretArn: string;
    };

/** The connection fields of an ExecuteStatement / BatchExecuteStatement request. */
export function connectionParams(
  c: WarehouseConnection,
):
  | { Database: string; WorkgroupName: string; SecretArn?: string }
  | { Database: string; ClusterIdentifier: string; SecretArn: string } {
  if (c.kind === "provisioned") {
    return { Database: c.database, ClusterIdentifier: c.clusterIdentifier, SecretArn: c.secretArn };
  }
  return c.secretArn
    ? { Database: c.database, WorkgroupName: c.workgroupName, SecretArn: c.secretArn }
    : { Database: c.database, WorkgroupName: c.workgroupName };
}

/** Timing of the polling and of the retries around it; injectable for tests. */
export interface PollOptions {
  /** First wait before DescribeStatement, ms; doubles each poll. @default 250 */
  readonly initialDelayMs?: number;
  /** Longest wait between two polls, ms. @default 5000 */
  readonly maxDelayMs?: number;
  /** Epoch ms after which polling gives up (the statement may still finish). @default - never */
  readonly deadline?: number;
  /** @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A statement that did not finish: FAILED or ABORTED by Redshift, or still running at the deadline. */
export class StatementError extends Error {
  override readonly name = "StatementError";
  constructor(
    message: string,
    readonly status: "FAILED" | "ABORTED" | "TIMEOUT",
    readonly statementId: string,
  ) {
    super(message);
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls DescribeStatement until the statement ends; returns the last description (FINISHED, FAILED or ABORTED).
 * At the deadline the statement is cancelled (CancelStatement) and a TIMEOUT StatementError thrown.
 */
export async function waitForStatement(
  client: DataApiSender,
  id: string,
  options: PollOptions = {},
): Promise<DescribeStatementResponse> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  let delay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  for (;;) {
    if (options.deadline !== undefined && now() + delay > options.deadline) {
      // Cancelled, not left running: a load would keep the ledger's lock and a setup step its DDL lock
      // while the redelivery or the next deploy waits on them. Best effort (it may just have finished).
      await client.send(new CancelStatementCommand({ Id: id })).catch(() => undefined);
      throw new StatementError(`statement ${id} still running at the invocation's deadline (cancelled)`, "TIMEOUT", id);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, maxDelay);
    const d = await client.send(new DescribeStatementCommand({ Id: id }));
    if (d.Status === "FINISHED" || d.Status === "FAILED" || d.Status === "ABORTED") return d;
  }
}

/** One cell of a result set as a plain value (NULL → null). */
export function fieldValue(field: Field): string | number | boolean | null {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  return null;
}

/** Every row of a finished statement's result set, following NextToken. */
export async function readAllRows(client: DataApiSender, id: string): Promise<(string | number | boolean | null)[][]> {
  const rows: (string | number | boolean | null)[][] = [];
  let next: string | undefined;
  do {
    const page = await client.send(new GetStatementResultCommand({ Id: id, NextToken: next }));
    for (const record of page.Records ?? []) rows.push(record.map(fieldValue));
    next = page.NextToken;
  } while (next);
  return rows;
}

/** Runs one query and returns its rows. @throws StatementError when it does not finish. */
export async function runQuery(
  client: DataApiSender,
  connection: WarehouseConnection,
  sql: string,
  options: PollOptions & {
    readonly statementName?: string;
    /**
     * ExecuteStatement's idempotency token (1-64 printable ASCII characters): the SDK retries a submission whose
     * response was lost, and with a token the Data API answers the retry with the statement it already started
     * instead of running it again. @default - none (a retried submission may run the statement twice)
     */
    readonly clientToken?: string;
  } = {},
): Promise<(string | number | boolean | null)[][]> {
  const { Id } = await client.send(
    new ExecuteStatementCommand({
      ...connectionParams(connection),
      Sql: sql,
      StatementName: options.statementName,
      ...(options.clientToken === undefined ? {} : { ClientToken: options.clientToken }),
    }),
  );
  if (!Id) throw new Error("ExecuteStatement returned no statement id");
  const d = await waitForStatement(client, Id, options);
  if (d.Status !== "FINISHED") {
    throw new StatementError(
      `statement ${Id} ${d.Status}: ${d.Error ?? "no error text"}`,
      d.Status === "ABORTED" ? "ABORTED" : "FAILED",
      Id,
    );
  }
  return d.HasResultSet ? readAllRows(client, Id) : [];
}
