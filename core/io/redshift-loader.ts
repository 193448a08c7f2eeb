/**
 * The loader's {@link LoadTarget} over the Redshift Data API and S3: the batch's manifest is put under the
 * manifest prefix, then its load runs as ONE BatchExecuteStatement (one transaction, core/load/redshift.ts
 * steps) and is polled until it ends. A serialization or lock conflict is submitted again after a backoff;
 * a failed COPY is returned as `copyFailed` so the driver bisects; anything else throws (the batch's
 * messages fail and are redelivered). Clients are passed in.
 */
import { createHash } from "node:crypto";
import {
  BatchExecuteStatementCommand,
  type DescribeStatementResponse,
  type SubStatementData,
} from "@aws-sdk/client-redshift-data";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { WarehouseNames } from "../load/names.js";
import { buildManifest, type LoadBatch, manifestKey } from "../load/plan.js";
import {
  isConflictError,
  ledgerLookupQueries,
  loadErrorQuery,
  type RedshiftLoadStepName,
  redshiftLoadSteps,
  stepIndex,
} from "../load/redshift.js";
import type { BatchLoaded, CopyFailed, LoadTarget } from "../load/run.js";
import {
  connectionParams,
  type DataApiSender,
  type PollOptions,
  readAllRows,
  runQuery,
  StatementError,
  type WarehouseConnection,
  waitForStatement,
} from "./redshift-data.js";

/** Options of {@link redshiftLoadTarget}. */
export interface RedshiftLoadTargetOptions {
  readonly data: DataApiSender;
  readonly s3: Pick<S3Client, "send">;
  readonly connection: WarehouseConnection;
  readonly names: WarehouseNames;
  /** Role Redshift assumes to read the manifest and the curated objects. */
  readonly copyRoleArn: string;
  readonly manifestBucket: string;
  /** e.g. `analytics/manifests/` (trailing slash). */
  readonly manifestPrefix: string;
  /**
   * Makes this invocation's ClientTokens its own (the Lambda request id): an SDK retry of the same call
   * reuses the token and cannot start a second transaction, while a later attempt or invocation is never
   * handed back a statement that already failed.
   */
  readonly invocationId: string;
  /** Submissions per batch when they lose a race (conflict) or the Data API is busy. @default 4 */
  readonly conflictAttempts?: number;
  /** First backoff after a conflict, ms; doubles each attempt, full jitter. @default 1000 */
  readonly conflictBaseDelayMs?: number;
  readonly poll?: PollOptions;
  /** @default Math.random */
  readonly random?: () => number;
}

/** A load transaction that ended in a way the loader does not retry (not a COPY failure). */
export class LoadTransactionError extends Error {
  override readonly name = "LoadTransactionError";
}

/** ClientToken of one attempt at one batch (≤ 64 characters, the Data API's limit). */
export function loadClientToken(batchId: string, invocationId: string, attempt: number): string {
  const salt = createHash("sha256").update(invocationId).digest("hex").slice(0, 16);
  return `${batchId}-${salt}-${attempt}`;
}

/** A Redshift timestamp as the Data API returns it (`2026-12-03 09:59:59.123456`, UTC) → epoch ms. */
export function parseRedshiftTimestamp(value: string): number {
  const [date, time = "00:00:00"] = value.trim().split(" ");
  const [hms, fraction = ""] = time.split(".");
  const ms = Date.parse(`${date}T${hms}.${fraction.padEnd(3, "0").slice(0, 3)}Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a Redshift timestamp: ${value}`);
  return ms;
}

const BUSY = new Set(["ActiveStatementsExceededException", "ThrottlingException"]);
const isBusy = (error: unknown): boolean => BUSY.has((error as { name?: string }).name ?? "");

/** The Data API + S3 {@link LoadTarget}. */
export function redshiftLoadTarget(options: RedshiftLoadTargetOptions): LoadTarget {
  const { data, connection, names } = options;
  const poll = options.poll ?? {};
  const sleep = poll.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const attempts = options.conflictAttempts ?? 4;
  const baseDelay = options.conflictBaseDelayMs ?? 1000;

  async function putManifest(batch: LoadBatch): Promise<string> {
    const key = manifestKey(batch, options.manifestPrefix);
    await options.s3.send(
      new PutObjectCommand({
        Bucket: options.manifestBucket,
        Key: key,
        Body: JSON.stringify(buildManifest(batch)),
        ContentType: "application/json",
      }),
    );
    return `s3://${options.manifestBucket}/${key}`;
  }

  async function submit(sqls: string[], batch: LoadBatch, attempt: number): Promise<DescribeStatementResponse> {
    const { Id } = await data.send(
      new BatchExecuteStatementCommand({
        ...connectionParams(connection),
        Sqls: sqls,
        ClientToken: loadClientToken(batch.batchId, options.invocationId, attempt),
        StatementName: `loglake-load-${batch.batchId}`,
      }),
    );
    if (!Id) throw new LoadTransactionError(`BatchExecuteStatement returned no id for batch ${batch.batchId}`);
    return waitForStatement(data, Id, poll);
  }

  async function loaded(step: (name: RedshiftLoadStepName) => SubStatementData | undefined): Promise<BatchLoaded> {
    const summaryId = step("summary")?.Id;
    const [row] = summaryId ? await readAllRows(data, summaryId) : [];
    const newest = row?.[1];
    return {
      kind: "loaded",
      rowsInserted: step("insertNew")?.ResultRows ?? 0,
      rowsStaged: Number(row?.[0] ?? 0),
      newestEventTime: typeof newest === "string" ? parseRedshiftTimestamp(newest) : null,
      copySeconds: (step("copy")?.Duration ?? 0) / 1e9,
    };
  }

  return {
    async loadedUrls(urls) {
      const held = new Set<string>();
      for (const sql of ledgerLookupQueries(names, urls)) {
        for (const [url] of await runQuery(data, connection, sql, { ...poll, statementName: "loglake-ledger" }))
          if (typeof url === "string") held.add(url);
      }
      return held;
    },

    async load(batch) {
      const manifestUrl = await putManifest(batch);
      const steps = redshiftLoadSteps(batch, { names, manifestUrl, iamRoleArn: options.copyRoleArn });
      const sqls = steps.map((s) => s.sql);
      const backoff = (attempt: number) => sleep(Math.floor(random() * baseDelay * 2 ** (attempt - 1)));
      for (let attempt = 1; ; attempt++) {
        let d: DescribeStatementResponse;
        try {
          d = await submit(sqls, batch, attempt);
        } catch (error) {
          // Too many statements running at once (the SDK retried plain throttling already): wait, submit again.
          if (!isBusy(error) || attempt >= attempts) throw error;
          await backoff(attempt);
          continue;
        }
        const step = (name: RedshiftLoadStepName) => d.SubStatements?.[stepIndex(steps, name)];
        if (d.Status === "FINISHED") return loaded(step);
        const error = d.Error ?? "no error text";
        if (d.Status === "ABORTED") {
          throw new StatementError(`load of batch ${batch.batchId} ABORTED: ${error}`, "ABORTED", d.Id ?? "");
        }
        if (isConflictError(error) && attempt < attempts) {
          await backoff(attempt);
          continue;
        }
        const copy = step("copy");
        if (copy?.Status === "FAILED") return { kind: "copyFailed", error: copy.Error ?? error } satisfies CopyFailed;
        const failedAt = d.SubStatements?.findIndex((s) => s.Status === "FAILED") ?? -1;
        const where = failedAt >= 0 ? ` at ${steps[failedAt]?.name}` : "";
        throw new LoadTransactionError(`load of batch ${batch.batchId} FAILED${where}: ${error}`);
      }
    },

    async loadErrors(urls) {
      const rows = await runQuery(data, connection, loadErrorQuery(urls), { ...poll, statementName: "loglake-errors" });
      const out = new Map<string, string>();
      for (const [file, column, code, message] of rows) {
        const url = String(file ?? "").trim();
        if (!url || out.has(url)) continue; // newest first: keep the first
        const col = String(column ?? "").trim();
        out.set(url, `${String(message ?? "").trim()} (error ${code}${col ? `, column ${col}` : ""})`);
      }
      return out;
    },
  };
}
