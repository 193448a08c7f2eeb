/**
 * The loader role's access beyond its queue (the event source mapping grants consume and the queue key's
 * decrypt): the Data API on this warehouse only, its own statements' results, IAM or secret sign-in, and
 * manifests written under analytics/manifests/ only.
 */
import { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import type { LoaderWarehouse } from "./lake-loader.js";
import { acknowledgeWildcards } from "./nag.js";

/** What {@link grantLoaderAccess} scopes the grants to. */
export interface LoaderAccess {
  readonly warehouse: LoaderWarehouse;
  readonly lakeBucket: s3.IBucket;
  readonly lakeKey: kms.IKey;
}

/** Adds the loader's statements to its role. */
export function grantLoaderAccess(role: iam.Role, props: LoaderAccess): void {
  const w = props.warehouse;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "RunStatementsOnTheWarehouse",
      actions: ["redshift-data:ExecuteStatement", "redshift-data:BatchExecuteStatement"],
      resources: [w.kind === "serverless" ? w.workgroupArn : w.clusterArn],
    }),
  );
  // These take no resource ARN; the condition (AWS's managed Data API policy uses the same) limits them
  // to statements this role submitted.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ReadOwnStatements",
      actions: ["redshift-data:DescribeStatement", "redshift-data:GetStatementResult"],
      resources: ["*"],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM
      conditions: { StringEquals: { "redshift-data:statement-owner-iam-userid": "${aws:userid}" } },
    }),
  );
  if (w.kind === "serverless") {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ServerlessIamCredentials",
        actions: ["redshift-serverless:GetCredentials"],
        resources: [w.workgroupArn],
      }),
    );
  } else {
    w.secret.grantRead(role);
    w.secretKey.grantDecrypt(role);
  }
  const manifests = props.lakeBucket.arnForObjects(`${LAKE_PREFIXES.manifests}*`);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: "WriteManifests", actions: ["s3:PutObject"], resources: [manifests] }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "EncryptManifests",
      actions: ["kms:GenerateDataKey"],
      resources: [props.lakeKey.keyArn],
      conditions: { StringEquals: { "kms:ViaService": `s3.${Stack.of(role).region}.amazonaws.com` } },
    }),
  );
  acknowledgeWildcards(role, "Data API statement reads have no resource ARNs; manifests are one key per batch.", {
    resources: ["*", manifests],
  });
}
