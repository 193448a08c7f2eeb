/**
 * The warehouse setup over the Redshift Data API: read the live state (catalog queries of setup-catalog.ts),
 * then run the planned steps one ExecuteStatement at a time, waiting for each (DescribeStatement), so a failure
 * names its step and nothing after it runs. Each DDL statement commits on its own, which is what a re-run
 * expects: it plans again from whatever the failed run left.
 *
 * Passwords never leave this module: a sensitive step's SQL is not logged, a failed sensitive step is reported
 * by its name and status only, and every error text is scrubbed of the passwords it is given.
 */
import { createHash } from "node:crypto";
import { liveColumnsQuery } from "../load/evolution.js";
import type { WarehouseNames } from "../load/names.js";
import { isConflictError } from "../load/redshift.js";
import {
  biColumnsQuery,
  definitionsQuery,
  type LiveWarehouse,
  liveWarehouseOf,
  materializedViewsQuery,
  SETUP_OBJECTS_TABLE,
  schemasQuery,
  tablesQuery,
  usersQuery,
} from "../load/setup-catalog.js";
import type { SetupStep } from "../load/setup-plan.js";
import {
  type DataApiSender,
  type PollOptions,
  runQuery,
  StatementError,
  type WarehouseConnection,
} from "./redshift-data.js";

/** The logging the setup does (Powertools Logger fits). */
export interface SetupLog {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** Options of {@link readLiveWarehouse} and {@link applySetup}. */
export interface SetupRunOptions {
  readonly poll?: PollOptions;
  readonly log?: SetupLog;
  /** Texts to scrub from every error message (the passwords). */
  readonly secrets?: readonly string[];
  /** Runs of a step that lost a lock or serialization race, before giving up. @default 4 */
  readonly conflictAttempts?: number;
  /** First wait before re-running a conflicted step, ms; doubles each time. @default 2000 */
  readonly conflictDelayMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /**
   * The CloudFormation request's RequestId: each step's submission carries a ClientToken derived from it
   * ({@link setupClientToken}), so an SDK retry after a lost response does not run a DDL twice.
   * @default - no ClientToken
   */
  readonly requestId?: string;
}

/**
 * ExecuteStatement's ClientToken for one run of one step: `setup-<index>-<attempt>-<32 hex>`, the hex the start
 * of sha256(`<requestId>/<index>/<name>`) (a step name, e.g. one naming an `IAMR:` user, may be long or hold
 * characters a token must not). Stable across SDK retries of a submission; a new one for each step and for each
 * run of a step after a conflict (a new statement is wanted then). At most 64 characters for any plan under
 * 10,000 steps and 100 attempts.
 */
export function setupClientToken(requestId: string, index: number, name: string, attempt: number): string {
  const digest = createHash("sha256").update(`${requestId}/${index}/${name}`).digest("hex").slice(0, 32);
  return `setup-${index}-${attempt}-${digest}`;
}

/** A step that did not finish; the message names the step and never holds a password. */
export class SetupStepError extends Error {
  override readonly name = "SetupStepError";
  constructor(
    message: string,
    readonly step: string,
  ) {
    super(message);
  }
}

const REDACTED = "<redacted>";

/** `text` with every occurrence of each secret (and its SQL-quoted form) replaced. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === "") continue;
    for (const form of new Set([secret, secret.replaceAll("'", "''"), secret.replaceAll("\\", "\\\\")])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Reads what the plan compares with the desired state. */
export async function readLiveWarehouse(
  client: DataApiSender,
  connection: WarehouseConnection,
  target: { readonly names: WarehouseNames; readonly userNames: readonly string[] },
  options: SetupRunOptions = {},
): Promise<LiveWarehouse> {
  const { names } = target;
  const query = (name: string, sql: string) => runStep(client, connection, { name, sql }, options);
  const tables = await query("readTables", tablesQuery(names));
  const hasDefinitions = tables.some((r) => String(r[0]).trim() === SETUP_OBJECTS_TABLE);
  return liveWarehouseOf({
    users: await query("readUsers", usersQuery(target.userNames)),
    schemas: await query("readSchemas", schemasQuery(names)),
    tables,
    logEventsColumns: await query("readLogEventsColumns", liveColumnsQuery(names)),
    biColumns: await query("readBiColumns", biColumnsQuery(names)),
    materializedViews: await query("readMaterializedViews", materializedViewsQuery(names, connection.database)),
    definitions: hasDefinitions ? await query("readDefinitions", definitionsQuery(names)) : [],
  });
}

/** Runs one step (retrying lock/serialization conflicts); errors become {@link SetupStepError}. */
async function runStep(
  client: DataApiSender,
  connection: WarehouseConnection,
  step: SetupStep,
  options: SetupRunOptions,
  /** The step's position in the plan: with options.requestId, what its ClientToken is derived from. */
  index?: number,
): Promise<(string | number | boolean | null)[][]> {
  const attempts = options.conflictAttempts ?? 4;
  const sleep = options.poll?.sleep ?? defaultSleep;
  let delay = options.conflictDelayMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    try {
      // The catalog reads carry no token: a duplicate read is harmless, and a token reused by a re-invocation with
      // the same RequestId would answer with the old statement's (stale) rows.
      const token =
        options.requestId === undefined || index === undefined
          ? undefined
          : setupClientToken(options.requestId, index, step.name, attempt);
      return await runQuery(client, connection, step.sql, {
        ...options.poll,
        statementName: `loglake-setup-${step.name}`,
        clientToken: token,
      });
    } catch (e) {
      const message = messageOf(e);
      if (attempt < attempts && e instanceof StatementError && isConflictError(message)) {
        options.log?.info("warehouse setup step conflicted; running it again", {
          step: step.name,
          attempt,
          waitMs: delay,
        });
        await sleep(delay);
        delay *= 2;
        continue;
      }
      const status = e instanceof StatementError ? e.status : "ERROR";
      const detail = step.sensitive
        ? `${status} (details withheld: the statement sets a password)`
        : `${status}: ${redact(message, options.secrets)}`;
      throw new SetupStepError(`warehouse setup step ${step.name} failed: ${detail}`, step.name);
    }
  }
}

/** Runs the steps in order, each waited for; stops at the first that fails. Returns how many ran. */
export async function applySetup(
  client: DataApiSender,
  connection: WarehouseConnection,
  steps: readonly SetupStep[],
  options: SetupRunOptions = {},
): Promise<{ readonly stepsRun: number }> {
  const now = options.now ?? Date.now;
  for (const [index, step] of steps.entries()) {
    const started = now();
    try {
      await runStep(client, connection, step, options, index);
    } catch (e) {
      options.log?.error("warehouse setup step failed", {
        step: step.name,
        durationMs: now() - started,
        error: e instanceof SetupStepError ? e.message : redact(messageOf(e), options.secrets),
      });
      throw e;
    }
    // The step's name and time only: its SQL may hold a password, and the plan is in the CLI's `warehouse ddl`.
    options.log?.info("warehouse setup step", { step: step.name, durationMs: now() - started });
  }
  return { stepsRun: steps.length };
}
