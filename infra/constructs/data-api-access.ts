/**
 * Least-privilege Redshift Data API access shared by the loader and the warehouse setup: statements on this
 * warehouse only, reads of the caller's own statements only, and the warehouse secrets the caller signs in
 * with (or reads passwords from), decrypted through Secrets Manager only.
 */
import { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import { acknowledgeWildcards } from "./nag.js";
import type { DataApiEndpoint } from "./warehouse-compute.js";

/** The Data API actions that take the cluster or workgroup ARN as their resource. */
export type DataApiRunAction = "redshift-data:ExecuteStatement" | "redshift-data:BatchExecuteStatement";

/** The ARN the Data API's run actions are authorized on. */
export function dataApiResourceArn(endpoint: DataApiEndpoint): string {
  return endpoint.kind === "serverless" ? endpoint.workgroupArn : endpoint.clusterArn;
}

/**
 * Lets `role` run `actions` on this warehouse, read its own statements' status and results, and cancel its
 * own statements (one still running at the caller's deadline) (Sids `RunStatementsOnTheWarehouse`, `OwnStatements`).
 */
export function grantDataApiStatements(
  role: iam.Role,
  endpoint: DataApiEndpoint,
  actions: readonly DataApiRunAction[],
): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "RunStatementsOnTheWarehouse",
      actions: [...actions],
      resources: [dataApiResourceArn(endpoint)],
    }),
  );
  // These take no resource ARN; the condition (AWS's managed Data API policy uses the same) limits them
  // to statements this role submitted.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "OwnStatements",
      actions: ["redshift-data:CancelStatement", "redshift-data:DescribeStatement", "redshift-data:GetStatementResult"],
      resources: ["*"],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM
      conditions: { StringEquals: { "redshift-data:statement-owner-iam-userid": "${aws:userid}" } },
    }),
  );
  acknowledgeWildcards(
    role,
    "Data API DescribeStatement/GetStatementResult/CancelStatement have no resource ARNs; the statement-owner condition limits them to this role's own statements.",
    { resources: ["*"] },
  );
}

/**
 * Lets `role` read exactly these secrets (`secretsmanager:GetSecretValue`, what the Data API's SecretArn
 * sign-in and a password lookup need) and decrypt them with their key only through Secrets Manager
 * (Sids `ReadWarehouseSecrets`, `DecryptWarehouseSecrets`). ARNs must be complete (with the suffix).
 */
export function grantSecretValues(role: iam.Role, secretArns: readonly string[], key: kms.IKey): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ReadWarehouseSecrets",
      actions: ["secretsmanager:GetSecretValue"],
      resources: [...secretArns],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "DecryptWarehouseSecrets",
      actions: ["kms:Decrypt"],
      resources: [key.keyArn],
      conditions: { StringEquals: { "kms:ViaService": `secretsmanager.${Stack.of(role).region}.amazonaws.com` } },
    }),
  );
}
