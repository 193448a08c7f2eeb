/**
 * The loader role's access beyond its queue (the event source mapping grants consume and the queue key's
 * decrypt): the Data API on this warehouse only, its own statements' results (data-api-access.ts), IAM
 * sign-in (Serverless) or its own user's secret (provisioned), and manifests written under analytics/manifests/ only.
 */
import { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import { grantDataApiStatements, grantSecretValues } from "./data-api-access.js";
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
  grantDataApiStatements(role, w, ["redshift-data:ExecuteStatement", "redshift-data:BatchExecuteStatement"]);
  if (w.kind === "serverless") {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ServerlessIamCredentials",
        actions: ["redshift-serverless:GetCredentials"],
        resources: [w.workgroupArn],
      }),
    );
  } else {
    // The loader user's secret (the Data API's SecretArn sign-in), decrypted through Secrets Manager only.
    grantSecretValues(role, [w.secret.secretArn], w.secretKey);
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
  acknowledgeWildcards(role, "Manifests are one generated key per batch under analytics/manifests/.", {
    resources: [manifests],
  });
}
