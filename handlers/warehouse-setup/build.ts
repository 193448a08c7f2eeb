/**
 * The warehouse setup's onEvent handler (CloudFormation custom resource under the CDK Provider framework),
 * built from its dependencies (handlers/warehouse-setup.ts passes the AWS clients). Create and Update read the
 * reader's (and a provisioned loader's) secret, read the live warehouse, plan the steps and run them; Delete
 * does nothing: a bank keeps its tables and users when a stack goes away. The physical id never changes.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { z } from "zod";
import type { DataApiSender, PollOptions } from "../../core/io/redshift-data.js";
import { applySetup, readLiveWarehouse, type SetupLog } from "../../core/io/redshift-setup.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../core/load/names.js";
import {
  type DesiredWarehouse,
  type IamUser,
  liveColumnsBeyondCatalog,
  type PasswordUser,
  redshiftPasswordVerifier,
  warehouseSetupPlan,
} from "../../core/load/setup-plan.js";
import type { WarehouseSetupConfig } from "./config.js";

/** What the handler is built from. */
export interface WarehouseSetupDeps {
  readonly data: DataApiSender;
  readonly secrets: Pick<SecretsManagerClient, "send">;
  readonly config: WarehouseSetupConfig;
  readonly log?: SetupLog;
  /** Polling and retry timing (tests make it instant). */
  readonly poll?: Omit<PollOptions, "deadline">;
  readonly now?: () => number;
}

/** The part of the Lambda context the setup reads. */
export interface SetupContext {
  getRemainingTimeInMillis(): number;
}

/** What the Provider framework takes back from onEvent. */
export interface SetupResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** Time kept back from the invocation's end so a statement still running fails the deploy with its name. */
export const DEADLINE_MARGIN_MS = 15_000;

/** Thrown when a secret is not the JSON {username, password} Redshift secrets hold; names the variable only. */
export class SetupSecretError extends Error {
  override readonly name = "SetupSecretError";
}

const SecretSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

async function userFromSecret(deps: WarehouseSetupDeps, arn: string, variable: string): Promise<PasswordUser> {
  const { SecretString } = await deps.secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  let json: unknown;
  try {
    json = JSON.parse(SecretString ?? "");
  } catch {
    json = undefined;
  }
  const parsed = SecretSchema.safeParse(json);
  // Never the secret's text, nor zod's issues (they may quote a value).
  if (!parsed.success) throw new SetupSecretError(`${variable}: the secret is not JSON with a username and a password`);
  return { name: parsed.data.username, password: parsed.data.password };
}

/**
 * The users an Update renames away from: `ReaderUser` / `LoaderUser` of OldResourceProperties that differ from
 * those of ResourceProperties (the construct sets both). [] on Create and Delete.
 */
export function renamedUsersOf(event: CloudFormationCustomResourceEvent): string[] {
  if (event.RequestType !== "Update") return [];
  const before = event.OldResourceProperties ?? {};
  const after = event.ResourceProperties ?? {};
  return ["ReaderUser", "LoaderUser"].flatMap((key) => {
    const old: unknown = before[key];
    return typeof old === "string" && old !== "" && old !== after[key] ? [old] : [];
  });
}

/** A built onEvent handler. */
export type WarehouseSetupHandler = (
  event: CloudFormationCustomResourceEvent,
  context?: SetupContext,
) => Promise<SetupResponse>;

/** Builds the handler. */
export function buildWarehouseSetupHandler(deps: WarehouseSetupDeps): WarehouseSetupHandler {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  return async (event, context) => {
    const id = config.physicalResourceId;
    if (event.RequestType === "Delete") {
      deps.log?.info("warehouse setup: delete keeps the warehouse as it is", { physicalResourceId: id });
      return { PhysicalResourceId: id };
    }
    const reader = await userFromSecret(deps, config.readerSecretArn, "READER_SECRET_ARN");
    const loader: PasswordUser | IamUser =
      config.loader.kind === "secret"
        ? await userFromSecret(deps, config.loader.secretArn, "LOADER_SECRET_ARN")
        : { name: config.loader.user, passwordDisabled: true };
    const passwordUsers = [reader, ...("password" in loader ? [loader] : [])];
    // The verifiers too: they sign in like the passwords, and only the (sensitive) user steps carry them.
    const secrets = passwordUsers.flatMap((u) => [u.password, redshiftPasswordVerifier(u)]);
    const deadline = context ? now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS : undefined;
    const options = { poll: { ...deps.poll, now, deadline }, log: deps.log, secrets, now, requestId: event.RequestId };
    const names = DEFAULT_WAREHOUSE_NAMES;
    const retiredUsers = renamedUsersOf(event);
    const live = await readLiveWarehouse(
      deps.data,
      config.connection,
      { names, userNames: [reader.name, loader.name, ...retiredUsers] },
      options,
    );
    const desired: DesiredWarehouse = { names, users: { reader, loader }, retiredUsers };
    const steps = warehouseSetupPlan(live, desired);
    const extra = liveColumnsBeyondCatalog(live, desired);
    if (extra.length > 0) {
      // A rollback after a deploy added columns: the old code's catalog is a prefix of the table. Failing would
      // leave the stack UPDATE_ROLLBACK_FAILED and dropping them would lose data, so they stay (the next
      // roll-forward finds them in step); the warning names them for whoever reads the rollback.
      deps.log?.warn("warehouse setup: log_events has columns the catalog does not; left in place", {
        requestType: event.RequestType,
        columns: extra.map((c) => c.name),
      });
    }
    deps.log?.info("warehouse setup: planned", { requestType: event.RequestType, steps: steps.map((s) => s.name) });
    const { stepsRun } = await applySetup(deps.data, config.connection, steps, options);
    return { PhysicalResourceId: id, Data: { StepsRun: String(stepsRun) } };
  };
}
