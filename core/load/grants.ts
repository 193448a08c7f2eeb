/**
 * Who may do what in the Redshift warehouse: the BI reader reads the `bi` schema only (views created later
 * included, through ALTER DEFAULT PRIVILEGES; USAGE without SELECT on `logs`, which materialized views need), and
 * the loader may read and append to the fact table and the ledger (and LOCK the ledger), nothing else. Run by the admin that owns the objects (the setup), after the tables and views exist.
 * Passwords never appear here: users are created from their secrets by the setup (setup-plan.ts).
 */
import type { WarehouseNames } from "./names.js";
import { quoteIdent, quoteQualified } from "./quote.js";
import type { SetupStep } from "./setup-plan.js";

/** The database users to grant to. */
export interface WarehouseUsers {
  /** Power BI's login (the reader secret's username). */
  readonly reader: string;
  /**
   * The loader's database user, when it is not the admin: for Serverless with IAM sign-in the Data API
   * maps the loader's role to the user `IAMR:<role name>`. @default - no loader grants
   */
  readonly loader?: string;
}

/**
 * GRANT statements for the reader and (optionally) the loader, named. Idempotent.
 *
 * What the loader's statements need, checked in the Redshift Database Developer Guide:
 * - COPY … IAM_ROLE: no database privilege. "Restricting access to IAM roles" (Management Guide): the IAM roles
 *   associated with the cluster/namespace are available to all its users by default (the ASSUMEROLE privilege is
 *   PUBLIC's until someone runs REVOKE ASSUMEROLE … FROM PUBLIC; then GRANT ASSUMEROLE ON '<role>' TO … FOR COPY).
 * - CREATE TEMP TABLE: "GRANT" (TEMPORARY): users may create temporary tables through their membership of
 *   PUBLIC, which holds TEMP on the database by default. `LIKE "logs"."log_events"` reads the table: SELECT.
 * - LOCK: the "LOCK" page names no privilege. Redshift keeps PostgreSQL 8.0's rule, where every lock mode but
 *   ACCESS SHARE (LOCK takes ACCESS EXCLUSIVE) needs UPDATE or DELETE on the table, so the loader gets UPDATE on
 *   the ledger only; it never updates a row (its statements are INSERT … SELECT).
 */
export function redshiftGrantSteps(names: WarehouseNames, users: WarehouseUsers): SetupStep[] {
  const reader = quoteIdent(users.reader);
  const bi = quoteIdent(names.biSchema);
  const steps: SetupStep[] = [
    { name: `grantSchemaUsage:${users.reader}`, sql: `GRANT USAGE ON SCHEMA ${bi} TO ${reader}` },
    // Redshift asks a materialized view's readers for USAGE on the schemas of its base tables too (SELECT on them
    // is not needed): USAGE on logs lets the reader resolve names there, not read a row of log_events.
    {
      name: `grantBaseSchemaUsage:${users.reader}`,
      sql: `GRANT USAGE ON SCHEMA ${quoteIdent(names.schema)} TO ${reader}`,
    },
    // ALL TABLES covers views and materialized views; re-run after each setup for re-created objects.
    { name: `grantSelect:${users.reader}`, sql: `GRANT SELECT ON ALL TABLES IN SCHEMA ${bi} TO ${reader}` },
    // Views the admin creates later in bi are readable without another GRANT.
    {
      name: `grantFutureSelect:${users.reader}`,
      sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA ${bi} GRANT SELECT ON TABLES TO ${reader}`,
    },
  ];
  if (users.loader) {
    const loader = quoteIdent(users.loader);
    const ledger = quoteQualified(names.schema, names.ledger);
    // SELECT for the dedupe and the ledger lookup, INSERT for the rows and ledger rows.
    steps.push(
      {
        name: `grantSchemaUsage:${users.loader}`,
        sql: `GRANT USAGE ON SCHEMA ${quoteIdent(names.schema)} TO ${loader}`,
      },
      {
        name: `grantLoad:${users.loader}`,
        sql: `GRANT SELECT, INSERT ON TABLE ${quoteQualified(names.schema, names.table)}, ${ledger} TO ${loader}`,
      },
      { name: `grantLedgerLock:${users.loader}`, sql: `GRANT UPDATE ON TABLE ${ledger} TO ${loader}` },
    );
  }
  return steps;
}

/**
 * The steps that retire a user the stack no longer names (the reader or loader user renamed): every privilege
 * {@link redshiftGrantSteps} could have given it revoked, in the given schemas (those that exist), then its
 * password disabled, so nobody signs in with a password no secret holds any more. Not DROP USER: it may own
 * objects, and dropping is a decision for a person. Idempotent (revoking what is not held is a no-op).
 */
export function redshiftRetireUserSteps(names: WarehouseNames, user: string, schemas: readonly string[]): SetupStep[] {
  const who = quoteIdent(user);
  const bi = quoteIdent(names.biSchema);
  const present = [names.biSchema, names.schema].filter((s) => schemas.includes(s));
  return [
    ...present.map((s) => ({
      name: `revokeTables:${user}:${s}`,
      sql: `REVOKE ALL ON ALL TABLES IN SCHEMA ${quoteIdent(s)} FROM ${who}`,
    })),
    ...present.map((s) => ({
      name: `revokeSchemaUsage:${user}:${s}`,
      sql: `REVOKE USAGE ON SCHEMA ${quoteIdent(s)} FROM ${who}`,
    })),
    ...(present.includes(names.biSchema)
      ? [
          {
            name: `revokeFutureSelect:${user}`,
            sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA ${bi} REVOKE SELECT ON TABLES FROM ${who}`,
          },
        ]
      : []),
    { name: `disablePassword:${user}`, sql: `ALTER USER ${who} PASSWORD DISABLE` },
  ];
}

/** The SQL of {@link redshiftGrantSteps}. */
export function redshiftGrantStatements(names: WarehouseNames, users: WarehouseUsers): string[] {
  return redshiftGrantSteps(names, users).map((s) => s.sql);
}
