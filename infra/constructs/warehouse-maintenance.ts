/**
 * WarehouseMaintenance: the nightly `VACUUM SORT ONLY` and `ANALYZE` of `logs.log_events` (the seed's
 * maintenance), as EventBridge schedules that run one Data API statement each. One statement per rule on
 * purpose: VACUUM cannot run inside a transaction block, which a multi-statement (batch) target would be.
 * They run as the admin (its secret): VACUUM needs the table's owner.
 */
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

/** Props of {@link WarehouseMaintenance}. */
export interface WarehouseMaintenanceProps {
  /** Cluster or Serverless workgroup ARN the statements run on. */
  readonly warehouseArn: string;
  readonly databaseName: string;
  /** The admin credentials (table owner) and the key that encrypts them. */
  readonly adminSecret: secretsmanager.ISecret;
  readonly secretKey: kms.IKey;
  /** Quoted target table, e.g. `"logs"."log_events"`. */
  readonly table: string;
  /** EventBridge cron expressions (UTC), e.g. `cron(0 2 * * ? *)`. */
  readonly vacuumSchedule: string;
  readonly analyzeSchedule: string;
}

/** Two scheduled rules and the role EventBridge runs them with. */
export class WarehouseMaintenance extends Construct {
  readonly role: iam.Role;
  readonly rules: readonly events.Rule[];

  constructor(scope: Construct, id: string, props: WarehouseMaintenanceProps) {
    super(scope, id);
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("events.amazonaws.com"),
      description: "Nightly VACUUM SORT ONLY and ANALYZE of log_events through the Data API",
    });
    props.adminSecret.grantRead(this.role);
    props.secretKey.grantDecrypt(this.role);
    const jobs = [
      { id: "Vacuum", schedule: props.vacuumSchedule, sql: `VACUUM SORT ONLY ${props.table}` },
      { id: "Analyze", schedule: props.analyzeSchedule, sql: `ANALYZE ${props.table}` },
    ];
    this.rules = jobs.map((job) => {
      const rule = new events.Rule(this, job.id, {
        description: `Nightly ${job.sql}`,
        schedule: events.Schedule.expression(job.schedule),
      });
      rule.addTarget(
        new targets.RedshiftQuery(props.warehouseArn, {
          database: props.databaseName,
          secret: props.adminSecret,
          sql: [job.sql],
          statementName: `loglake-${job.id.toLowerCase()}`,
          role: this.role,
        }),
      );
      return rule;
    });
  }
}
