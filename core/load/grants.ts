/**
 * Who may do what in the Redshift warehouse: the BI reader reads the `bi` schema only (views created later
 * included, through ALTER DEFAULT PRIVILEGES; USAGE without SELECT on `logs`, which materialized views need), and the loader may read and append to the fact table and the
 * ledger, nothing else. Run by the admin that owns the objects (the setup), after the tables and views exist.
 * Passwords never appear here: users are created from their secrets by whoever runs the setup.
 */
import type { WarehouseNames } from "./names.js";
import { quoteIdent, quoteQualified } from "./quote.js";

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

/** GRANT statements for the reader and (optionally) the loader. Idempotent. */
export function redshiftGrantStatements(names: WarehouseNames, users: WarehouseUsers): string[] {
  const reader = quoteIdent(users.reader);
  const bi = quoteIdent(names.biSchema);
  const statements = [
    `GRANT USAGE ON SCHEMA ${bi} TO ${reader}`,
    // Redshift asks a materialized view's readers for USAGE on the schemas of its base tables too (SELECT on them
    // is not needed): USAGE on logs lets the reader resolve names there, not read a row of log_events.
    `GRANT USAGE ON SCHEMA ${quoteIdent(names.schema)} TO ${reader}`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${bi} TO ${reader}`,
    // Views the admin creates later in bi are readable without another GRANT.
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${bi} GRANT SELECT ON TABLES TO ${reader}`,
  ];
  if (users.loader) {
    const loader = quoteIdent(users.loader);
    // SELECT for the dedupe and the ledger lookup, INSERT for the rows and ledger rows; the stage is a
    // TEMP table (PUBLIC holds TEMP on the database by default), and COPY reads S3 through the COPY role.
    statements.push(
      `GRANT USAGE ON SCHEMA ${quoteIdent(names.schema)} TO ${loader}`,
      `GRANT SELECT, INSERT ON TABLE ${quoteQualified(names.schema, names.table)}, ${quoteQualified(names.schema, names.ledger)} TO ${loader}`,
    );
  }
  return statements;
}
