/**
 * FirehoseDeliveryRole: the role the delivery stream assumes, with exactly what delivery needs
 * (Firehose developer guide, "Grant Firehose access to an Amazon S3 destination"). The stable
 * Firehose L2 would grant read-write on the whole bucket and encrypt/decrypt on the keys; it is
 * handed an immutable view of this role instead, so its grants add nothing.
 */
import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { acknowledgeWildcards } from "./nag.js";

/** Props of {@link FirehoseDeliveryRole}. */
export interface FirehoseDeliveryRoleProps {
  /** Physical role name (the lake bucket policy allows it by name, see config/stage-names.ts). */
  readonly roleName: string;
  readonly lakeBucket: s3.IBucket;
  /** The lake CMK (SSE-KMS with a bucket key). */
  readonly lakeKey: kms.IKey;
  /** Key prefixes the stream writes (curated, raw backup, errors), each ending in `/`. */
  readonly writePrefixes: readonly string[];
  /** The transform Lambda the stream invokes. */
  readonly transform: lambda.IFunction;
  /** Glue database and table of the Parquet schema. */
  readonly glueDatabase: string;
  readonly glueTable: string;
  /** The stream's delivery-error log group. */
  readonly logGroup: logs.ILogGroup;
}

/** The delivery stream's role, least privilege. */
export class FirehoseDeliveryRole extends Construct {
  /** The role (its policy is this construct's). */
  readonly role: iam.Role;
  /** The same role for the Firehose L2: its automatic grants are dropped. */
  readonly forStream: iam.IRole;

  constructor(scope: Construct, id: string, props: FirehoseDeliveryRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, "Role", {
      roleName: props.roleName,
      assumedBy: new iam.ServicePrincipal("firehose.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
      }),
      description:
        "Firehose: invoke the transform, read the Glue schema, write the lake's curated, raw and error prefixes",
    });
    const bucket = props.lakeBucket;
    const objects = props.writePrefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources, conditions }));

    allow(["s3:AbortMultipartUpload", "s3:PutObject"], objects);
    allow(["s3:GetBucketLocation", "s3:ListBucket"], [bucket.bucketArn]);
    // Only through S3, only for this bucket (with bucket keys the encryption context is the bucket ARN).
    allow(["kms:Decrypt", "kms:GenerateDataKey"], [props.lakeKey.keyArn], {
      StringEquals: {
        "kms:ViaService": `s3.${stack.region}.amazonaws.com`,
        "kms:EncryptionContext:aws:s3:arn": bucket.bucketArn,
      },
    });
    allow(["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"], [props.transform.functionArn]);
    const glue = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: "glue", resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    allow(
      ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
      [
        glue("catalog"),
        glue("database", props.glueDatabase),
        glue("table", `${props.glueDatabase}/${props.glueTable}`),
      ],
    );
    allow(["glue:GetSchemaVersion"], ["*"]);
    props.logGroup.grantWrite(this.role);
    this.forStream = this.role.withoutPolicyUpdates();

    acknowledgeWildcards(
      this.role,
      "Firehose writes objects under generated keys below the prefixes it owns (curated/log_events/, raw/cwl/, errors/).",
      { resources: objects },
    );
    acknowledgeWildcards(
      this.role,
      "glue:GetSchemaVersion has no resource-level ARN for Firehose schema lookups (Firehose access-control docs use Resource *).",
      { resources: ["*"] },
    );
  }
}
