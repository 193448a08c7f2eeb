/**
 * The Redshift warehouse setup as named steps, planned from the live state (setup-catalog.ts) and the desired
 * one: users, schemas, `log_events` (created, or evolved by appending columns), the ledger, the setup's own
 * definitions table, the bi views and materialized views, their recorded definitions, then the grants.
 * Idempotent: planned again against the state it left, it drops and creates nothing that did not change.
 * Pure: the caller reads the catalog and runs the steps (core/io/redshift-setup.ts).
 */
import { createHash } from "node:crypto";
import { type ColumnSpec, LOG_EVENTS_COLUMNS } from "../../schemas/catalog.js";
import { columnsBeyondCatalog, type LiveColumn, schemaEvolutionStatements } from "./evolution.js";
import { redshiftGrantSteps, redshiftRetireUserSteps } from "./grants.js";
import type { WarehouseNames } from "./names.js";
import { quoteIdent, quoteQualified, redshiftLiteral } from "./quote.js";
import { columnLines, redshiftLedgerDdl, redshiftLogEventsDdl, redshiftViewStatement } from "./redshift-ddl.js";
import { type LiveBiObject, type LiveWarehouse, SETUP_OBJECTS_COLUMNS, SETUP_OBJECTS_TABLE } from "./setup-catalog.js";
import { selectColumns } from "./view-columns.js";
import { type BiView, biViews } from "./views.js";

/** One statement of the setup, run on its own and named in logs and errors. */
export interface SetupStep {
  readonly name: string;
  readonly sql: string;
  /** The SQL holds a password: never log it, and report a failure by the step's name only. */
  readonly sensitive?: boolean;
}

/** A user that signs in with a password (kept in step with its secret on every run). */
export interface PasswordUser {
  readonly name: string;
  readonly password: string;
}

/**
 * A password user whose password is not known to the caller (`loglake warehouse ddl`): its steps show
 * `placeholder` where the MD5 verifier goes.
 */
export interface PlaceholderUser {
  readonly name: string;
  readonly placeholder: string;
}

/** A user that signs in through IAM only, e.g. `IAMR:<role>` for a Serverless Data API caller. */
export interface IamUser {
  readonly name: string;
  readonly passwordDisabled: true;
}

/** What the warehouse should hold. */
export interface DesiredWarehouse {
  readonly names: WarehouseNames;
  /** Power BI's login and the loader's database user. @default loader - none: no loader user nor grants */
  readonly users: {
    readonly reader: PasswordUser | PlaceholderUser;
    readonly loader?: PasswordUser | PlaceholderUser | IamUser;
  };
  /** The log_events catalog. @default LOG_EVENTS_COLUMNS */
  readonly catalog?: readonly ColumnSpec[];
  /** @default biViews(names) */
  readonly views?: readonly BiView[];
  /**
   * Users the stack named before and no longer does (a renamed reader or loader: a CloudFormation Update's
   * OldResourceProperties): each one that exists is revoked and its password disabled, after the grants.
   * A name that is still one of `users` is ignored. @default none
   */
  readonly retiredUsers?: readonly string[];
}

/** SHA-256 (hex) of a bi object's definition (its Redshift CREATE statement), recorded in setup_objects. */
export function definitionSha256(names: WarehouseNames, view: BiView): string {
  return createHash("sha256").update(redshiftViewStatement(names, view)).digest("hex");
}

/**
 * The MD5 form Redshift's CREATE USER / ALTER USER take instead of a password: `md5` + the MD5 (hex) of the
 * password followed by the user name in lowercase (Redshift folds the names SQL creates to lowercase). The
 * setup sends this, never the password: the Data API keeps a statement's text for about 24 hours and user
 * activity logging exports it. It is still a verifier (it signs in), so its steps stay sensitive.
 */
export function redshiftPasswordVerifier(user: PasswordUser): string {
  return `md5${createHash("md5").update(`${user.password}${user.name.toLowerCase()}`).digest("hex")}`;
}

function userSteps(live: LiveWarehouse, user: PasswordUser | PlaceholderUser | IamUser): SetupStep[] {
  const exists = live.users.includes(user.name.toLowerCase());
  const name = quoteIdent(user.name);
  if ("passwordDisabled" in user) {
    // PASSWORD DISABLE: the user exists before its role first signs in, so GRANTs can name it.
    return exists ? [] : [{ name: `createUser:${user.name}`, sql: `CREATE USER ${name} PASSWORD DISABLE` }];
  }
  const password = redshiftLiteral("placeholder" in user ? user.placeholder : redshiftPasswordVerifier(user));
  return exists
    ? [{ name: `alterUserPassword:${user.name}`, sql: `ALTER USER ${name} PASSWORD ${password}`, sensitive: true }]
    : [{ name: `createUser:${user.name}`, sql: `CREATE USER ${name} PASSWORD ${password}`, sensitive: true }];
}

function tableSteps(live: LiveWarehouse, names: WarehouseNames, catalog: readonly ColumnSpec[]): SetupStep[] {
  const steps: SetupStep[] = [];
  const qualified = (table: string) => `${names.schema}.${table}`;
  if (!live.tables.includes(names.table)) {
    steps.push({ name: `createTable:${qualified(names.table)}`, sql: redshiftLogEventsDdl(names, catalog) });
  } else {
    // Throws SchemaEvolutionError for anything but nullable columns appended (or an older catalog that is a
    // prefix of the live columns: a rollback, nothing to run): the deploy fails with the reason.
    const alters = schemaEvolutionStatements(names, live.logEventsColumns, catalog);
    const added = catalog.slice(live.logEventsColumns.length);
    for (const [i, sql] of alters.entries()) {
      steps.push({ name: `addColumn:${qualified(names.table)}.${added[i]?.name ?? i}`, sql });
    }
  }
  if (!live.tables.includes(names.ledger)) {
    steps.push({ name: `createTable:${qualified(names.ledger)}`, sql: redshiftLedgerDdl(names) });
  }
  if (!live.tables.includes(SETUP_OBJECTS_TABLE)) {
    steps.push({
      name: `createTable:${qualified(SETUP_OBJECTS_TABLE)}`,
      sql: `CREATE TABLE IF NOT EXISTS ${quoteQualified(names.schema, SETUP_OBJECTS_TABLE)} (\n${columnLines(SETUP_OBJECTS_COLUMNS)}\n)\nDISTSTYLE ALL`,
    });
  }
  return steps;
}

const sameColumns = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((c, i) => c === b[i]);

function viewSteps(live: LiveBiObject | undefined, view: BiView, names: WarehouseNames, recorded?: string) {
  const id = `${names.biSchema}.${view.name}`;
  const target = quoteQualified(names.biSchema, view.name);
  const drop = (o: LiveBiObject): SetupStep =>
    o.materialized
      ? { name: `dropMaterializedView:${id}`, sql: `DROP MATERIALIZED VIEW ${target}` }
      : { name: `dropView:${id}`, sql: `DROP VIEW ${target}` };
  const columnsMatch = live !== undefined && sameColumns(live.columns, selectColumns(view.select));
  const sql = redshiftViewStatement(names, view);
  if (!view.materialized) {
    if (!live) return [{ name: `createView:${id}`, sql }];
    // CREATE OR REPLACE VIEW fails in Redshift when a column's name OR TYPE changes, and the catalog shows the
    // names only. So it is used only for the definition recorded last time (a no-op that also repairs a hand
    // edit); a changed or unrecorded definition is dropped then created, which is safe for any change. OR
    // REPLACE cannot turn a materialized view into a view either.
    const unchanged = !live.materialized && columnsMatch && recorded === definitionSha256(names, view);
    if (unchanged) return [{ name: `replaceView:${id}`, sql }];
    return [drop(live), { name: `createView:${id}`, sql }];
  }
  const create: SetupStep = { name: `createMaterializedView:${id}`, sql };
  if (!live) return [create];
  // A materialized view is kept (with its data) only when it is one, its columns match and its definition's
  // fingerprint is the one recorded: Redshift has no CREATE OR REPLACE for it. One whose columns the catalog
  // does not show (SVV_MV_INFO lists it, SVV_COLUMNS does not) is judged by its fingerprint alone, or it would
  // be re-created on every run.
  const columnsKept = columnsMatch || live.columns.length === 0;
  if (live.materialized && columnsKept && recorded === definitionSha256(names, view)) return [];
  return [drop(live), create];
}

function definitionSteps(live: LiveWarehouse, names: WarehouseNames, views: readonly BiView[]): SetupStep[] {
  const changed = views
    .map((v) => ({ id: `${names.biSchema}.${v.name}`, sha: definitionSha256(names, v) }))
    .filter((d) => live.definitions[d.id] !== d.sha);
  if (changed.length === 0) return [];
  const table = quoteQualified(names.schema, SETUP_OBJECTS_TABLE);
  const ids = changed.map((d) => redshiftLiteral(d.id)).join(", ");
  const rows = changed.map((d) => `(${redshiftLiteral(d.id)}, ${redshiftLiteral(d.sha)}, GETDATE())`).join(", ");
  return [
    { name: "forgetDefinitions", sql: `DELETE FROM ${table} WHERE "object_name" IN (${ids})` },
    {
      name: "recordDefinitions",
      sql: `INSERT INTO ${table} ("object_name", "definition_sha256", "applied_at") VALUES ${rows}`,
    },
  ];
}

/**
 * Columns log_events has after the catalog's last one (a rollback to a catalog before they were added): the
 * plan leaves them in place and the caller warns. [] when the table is missing or in step.
 * @throws SchemaEvolutionError as {@link warehouseSetupPlan} does for a table that is not in step.
 */
export function liveColumnsBeyondCatalog(live: LiveWarehouse, desired: DesiredWarehouse): LiveColumn[] {
  if (!live.tables.includes(desired.names.table)) return [];
  return columnsBeyondCatalog(desired.names, live.logEventsColumns, desired.catalog ?? LOG_EVENTS_COLUMNS);
}

/**
 * The setup's steps, in order. @throws SchemaEvolutionError when log_events cannot be brought in step by
 * appending nullable columns; ViewColumnsError when a view's SELECT list has an unnamed item.
 */
export function warehouseSetupPlan(live: LiveWarehouse, desired: DesiredWarehouse): SetupStep[] {
  const { names, users } = desired;
  const views = desired.views ?? biViews(names);
  const schemas = [names.schema, names.biSchema]
    .filter((s) => !live.schemas.includes(s))
    .map((s) => ({ name: `createSchema:${s}`, sql: `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}` }));
  const liveBi = new Map(live.biObjects.map((o) => [o.name, o]));
  return [
    ...userSteps(live, users.reader),
    ...(users.loader ? userSteps(live, users.loader) : []),
    ...schemas,
    ...tableSteps(live, names, desired.catalog ?? LOG_EVENTS_COLUMNS),
    ...views.flatMap((v) => viewSteps(liveBi.get(v.name), v, names, live.definitions[`${names.biSchema}.${v.name}`])),
    ...definitionSteps(live, names, views),
    ...redshiftGrantSteps(names, { reader: users.reader.name, loader: users.loader?.name }),
    ...retireSteps(live, desired),
  ];
}

function retireSteps(live: LiveWarehouse, desired: DesiredWarehouse): SetupStep[] {
  const current = new Set([desired.users.reader.name, desired.users.loader?.name].map((u) => u?.toLowerCase()));
  const retired = (desired.retiredUsers ?? []).filter(
    (u, i, all) =>
      !current.has(u.toLowerCase()) &&
      live.users.includes(u.toLowerCase()) &&
      all.findIndex((v) => v.toLowerCase() === u.toLowerCase()) === i,
  );
  // Schemas the plan creates hold nothing of a retired user's: only those that existed are revoked on.
  return retired.flatMap((u) => redshiftRetireUserSteps(desired.names, u, live.schemas));
}
