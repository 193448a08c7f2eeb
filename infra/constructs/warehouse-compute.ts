/**
 * The two kinds of Redshift compute behind the Warehouse construct. Both: CMK-encrypted, in the
 * VPC's isolated subnets, not publicly accessible, enhanced VPC routing, require_ssl, user activity
 * logging, audit logs exported to CloudWatch Logs, a non-default port and admin user name.
 */
import { ArnFormat, type CfnResource, RemovalPolicy, Stack } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as redshift from "aws-cdk-lib/aws-redshift";
import * as rss from "aws-cdk-lib/aws-redshiftserverless";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { acknowledge, acknowledgeControls, acknowledgeShortLogRetention } from "./nag.js";

/** Audit logs Redshift exports to CloudWatch Logs. */
export const AUDIT_LOGS = ["connectionlog", "userlog", "useractivitylog"] as const;

/** Parameters every warehouse runs with (cdk-nag RS1, RS11). */
export const WAREHOUSE_PARAMETERS = { require_ssl: "true", enable_user_activity_logging: "true" } as const;

/** What both kinds need. */
export interface ComputeProps {
  readonly name: string;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  readonly securityGroup: ec2.ISecurityGroup;
  readonly key: kms.IKey;
  readonly copyRole: iam.IRole;
  readonly databaseName: string;
  readonly adminUsername: string;
  readonly port: number;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** How the Redshift Data API addresses the warehouse (and the ARN its IAM actions are scoped to). */
export type DataApiEndpoint =
  | { readonly kind: "serverless"; readonly workgroupName: string; readonly workgroupArn: string }
  | { readonly kind: "provisioned"; readonly clusterIdentifier: string; readonly clusterArn: string };

/** What the Warehouse construct exposes from either kind. */
export interface ComputeEndpoint {
  readonly endpointAddress: string;
  readonly endpointPort: string;
  readonly adminSecretArn: string;
  readonly dataApi: DataApiEndpoint;
  /** The cluster or workgroup: what must be available before statements run on it. */
  readonly resource: CfnResource;
}

/**
 * Creates the audit log groups up front so they get a retention and the CMK (Redshift would create them
 * without either); the cluster or namespace must depend on them, or Redshift may create them first and
 * the stack fails on "already exists".
 */
function auditLogGroups(scope: Construct, prefix: string, props: ComputeProps): logs.LogGroup[] {
  return AUDIT_LOGS.map((log) => {
    const group = new logs.LogGroup(scope, `Audit-${log}`, {
      logGroupName: `${prefix}/${log}`,
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: props.removalPolicy,
    });
    acknowledgeShortLogRetention(group, props.logRetention);
    return group;
  });
}

/** A provisioned cluster with a Redshift-managed (auto-rotated) admin secret. */
export function provisionedCluster(
  scope: Construct,
  props: ComputeProps & {
    nodeType: string;
    numberOfNodes: number;
    snapshotRetentionDays: number;
    maintenanceWindow: string;
  },
): ComputeEndpoint {
  const subnetGroup = new redshift.CfnClusterSubnetGroup(scope, "SubnetGroup", {
    description: `${props.name}: isolated subnets`,
    subnetIds: props.subnets.map((s) => s.subnetId),
  });
  const parameterGroup = new redshift.CfnClusterParameterGroup(scope, "ParameterGroup", {
    description: `${props.name}: TLS only, user activity logging`,
    parameterGroupFamily: "redshift-1.0",
    parameters: Object.entries(WAREHOUSE_PARAMETERS).map(([parameterName, parameterValue]) => ({
      parameterName,
      parameterValue,
    })),
  });
  // Provisioned clusters export to /aws/redshift/cluster/<cluster>/<log_type>.
  const auditGroups = auditLogGroups(scope, `/aws/redshift/cluster/${props.name}`, props);
  const cluster = new redshift.CfnCluster(scope, "Cluster", {
    clusterIdentifier: props.name,
    clusterType: props.numberOfNodes > 1 ? "multi-node" : "single-node",
    nodeType: props.nodeType,
    numberOfNodes: props.numberOfNodes > 1 ? props.numberOfNodes : undefined,
    dbName: props.databaseName,
    masterUsername: props.adminUsername,
    manageMasterPassword: true,
    masterPasswordSecretKmsKeyId: props.key.keyArn,
    encrypted: true,
    kmsKeyId: props.key.keyArn,
    publiclyAccessible: false,
    enhancedVpcRouting: true,
    clusterSubnetGroupName: subnetGroup.ref,
    vpcSecurityGroupIds: [props.securityGroup.securityGroupId],
    clusterParameterGroupName: parameterGroup.ref,
    port: props.port,
    automatedSnapshotRetentionPeriod: props.snapshotRetentionDays,
    preferredMaintenanceWindow: props.maintenanceWindow,
    allowVersionUpgrade: true,
    iamRoles: [props.copyRole.roleArn],
    loggingProperties: { logDestinationType: "cloudwatch", logExports: [...AUDIT_LOGS] },
  });
  cluster.node.addDependency(...auditGroups);
  acknowledgeControls(
    cluster,
    "Audit logs go to CloudWatch Logs (LoggingProperties.LogDestinationType cloudwatch, CMK-encrypted log groups with retention); the control only accepts an S3 BucketName.",
    "redshift_cluster_audit_logging_enabled_check",
  );
  if (props.snapshotRetentionDays < 7) {
    acknowledgeControls(
      cluster,
      `This stage keeps ${props.snapshotRetentionDays} day(s) of automated snapshots (warehouse.compute.snapshotRetentionDays): the lake is the source of truth and a short-lived non-prod warehouse is reloaded from it.`,
      "redshift_backup_enabled_check",
    );
  }
  cluster.applyRemovalPolicy(
    props.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
  );
  return {
    endpointAddress: cluster.attrEndpointAddress,
    endpointPort: cluster.attrEndpointPort,
    adminSecretArn: cluster.attrMasterPasswordSecretArn,
    resource: cluster,
    dataApi: {
      kind: "provisioned",
      clusterIdentifier: cluster.ref,
      clusterArn: Stack.of(scope).formatArn({
        service: "redshift",
        resource: "cluster",
        resourceName: cluster.ref,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
  };
}

/** A Serverless namespace + workgroup; the admin password lives in a generated secret. */
export function serverlessWorkgroup(scope: Construct, props: ComputeProps & { baseRpu: number }): ComputeEndpoint {
  const adminSecret = new secretsmanager.Secret(scope, "AdminSecret", {
    description: `${props.name}: Redshift Serverless admin`,
    encryptionKey: props.key,
    generateSecretString: {
      secretStringTemplate: Stack.of(scope).toJsonString({ username: props.adminUsername }),
      generateStringKey: "password",
      passwordLength: 32,
      excludeCharacters: "\"'\\/@ ",
    },
    removalPolicy: props.removalPolicy,
  });
  acknowledge(
    adminSecret,
    "Break-glass admin of the Serverless namespace; rotated manually (CloudFormation holds it as the namespace's password).",
    "AwsSolutions-SMG4",
  );
  // Serverless exports to /aws/redshift/<namespace>/<log_type> (Redshift Serverless audit logging docs).
  const auditGroups = auditLogGroups(scope, `/aws/redshift/${props.name}`, props);
  const namespace = new rss.CfnNamespace(scope, "Namespace", {
    namespaceName: props.name,
    dbName: props.databaseName,
    adminUsername: props.adminUsername,
    adminUserPassword: adminSecret.secretValueFromJson("password").unsafeUnwrap(),
    kmsKeyId: props.key.keyArn,
    iamRoles: [props.copyRole.roleArn],
    defaultIamRoleArn: props.copyRole.roleArn,
    logExports: [...AUDIT_LOGS],
  });
  namespace.node.addDependency(...auditGroups);
  namespace.applyRemovalPolicy(props.removalPolicy);
  const workgroup = new rss.CfnWorkgroup(scope, "Workgroup", {
    workgroupName: props.name,
    namespaceName: props.name,
    baseCapacity: props.baseRpu,
    enhancedVpcRouting: true,
    publiclyAccessible: false,
    port: props.port,
    subnetIds: props.subnets.map((s) => s.subnetId),
    securityGroupIds: [props.securityGroup.securityGroupId],
    configParameters: Object.entries(WAREHOUSE_PARAMETERS).map(([parameterKey, parameterValue]) => ({
      parameterKey,
      parameterValue,
    })),
  });
  workgroup.addResourceDependency(namespace);
  return {
    endpointAddress: workgroup.attrWorkgroupEndpointAddress,
    endpointPort: String(props.port),
    adminSecretArn: adminSecret.secretArn,
    resource: workgroup,
    dataApi: { kind: "serverless", workgroupName: workgroup.ref, workgroupArn: workgroup.attrWorkgroupWorkgroupArn },
  };
}
