/**
 * The warehouse setup custom resource (WarehouseSetup in the warehouse stack): the resource and its
 * fingerprint, the setup Lambda's placement, environment and IAM, and the Provider framework outside the VPC.
 */
import type { Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprintedStatements, setupFingerprint } from "../../infra/constructs/warehouse-setup.js";
import { actionsOf, type BothKinds, scanIam, synthBothKinds, synthStage, type TemplateStatement } from "./support.js";

let kinds: BothKinds;
let dev: Template;
let sls: Template;

beforeAll(() => {
  kinds = synthBothKinds();
  dev = kinds.provisioned.templates.warehouse;
  sls = kinds.serverless.templates.warehouse;
});
afterAll(() => kinds?.dispose());

const HEX64 = /^[0-9a-f]{64}$/;
const SECRETS_MANAGER_ONLY = {
  StringEquals: {
    "kms:ViaService": { "Fn::Join": ["", ["secretsmanager.", { Ref: "AWS::Region" }, ".amazonaws.com"]] },
  },
};

/** The one resource of `type` whose logical id starts with `prefix`. */
function only(t: Template, type: string, prefix: string): [string, { Properties: Record<string, unknown> }] {
  const found = Object.entries(t.findResources(type)).filter(([id]) => id.startsWith(prefix));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0] as [string, { Properties: Record<string, unknown> }];
}
const setupResource = (t: Template) => Object.entries(t.findResources("Custom::WarehouseSetup"));
const setupFunction = (t: Template) => only(t, "AWS::Lambda::Function", "SetupFunction")[1];
const providerFunction = (t: Template) => only(t, "AWS::Lambda::Function", "SetupProviderframeworkonEvent")[1];
const statementsOf = (t: Template, policyPrefix: string): TemplateStatement[] =>
  (only(t, "AWS::IAM::Policy", policyPrefix)[1].Properties.PolicyDocument as { Statement: TemplateStatement[] })
    .Statement;
const logicalId = (t: Template, type: string, prefix: string) => only(t, type, prefix)[0];

describe("WarehouseSetup: the custom resource", () => {
  it("fingerprints the setup statements and names the reader and loader users (provisioned)", () => {
    const [[, resource]] = setupResource(dev) as [[string, { Properties: Record<string, unknown> }]];

    expect(resource.Properties).toEqual({
      ServiceToken: { "Fn::GetAtt": [logicalId(dev, "AWS::Lambda::Function", "SetupProviderframeworkonEvent"), "Arn"] },
      Fingerprint: expect.stringMatching(HEX64),
      SetupCode: (setupFunction(dev).Properties.Code as { S3Key: string }).S3Key,
      ReaderUser: "bi_reader",
      LoaderUser: "loglake_loader",
    });
  });

  it("grants the Serverless loader's IAM user, IAMR:<loader role name>", () => {
    const [[, resource]] = setupResource(sls) as [[string, { Properties: Record<string, unknown> }]];

    expect(resource.Properties).toMatchObject({ ReaderUser: "bi_reader", LoaderUser: "IAMR:loglake-test-loader" });
  });

  it("runs after the cluster and both user secrets exist", () => {
    const [[, resource]] = setupResource(dev) as [[string, { DependsOn: string[] }]];

    expect(resource.DependsOn).toEqual(
      expect.arrayContaining([
        logicalId(dev, "AWS::Redshift::Cluster", "WarehouseCluster"),
        logicalId(dev, "AWS::SecretsManager::Secret", "WarehouseReaderSecret"),
        logicalId(dev, "AWS::SecretsManager::Secret", "WarehouseLoaderSecret"),
      ]),
    );
  });

  it("runs after the Serverless workgroup and the reader secret exist", () => {
    const [[, resource]] = setupResource(sls) as [[string, { DependsOn: string[] }]];

    expect(resource.DependsOn).toEqual(
      expect.arrayContaining([
        logicalId(sls, "AWS::RedshiftServerless::Workgroup", "WarehouseWorkgroup"),
        logicalId(sls, "AWS::SecretsManager::Secret", "WarehouseReaderSecret"),
      ]),
    );
  });

  it("changes its fingerprint when the grants change (another reader user)", () => {
    const renamed = synthStage("dev", { bundle: false, overrides: { warehouse: { readerUsername: "powerbi" } } });
    try {
      const fingerprint = (t: Template) => setupResource(t)[0]?.[1] as { Properties: { Fingerprint: string } };
      const before = fingerprint(dev).Properties.Fingerprint;
      const after = fingerprint(renamed.templates.warehouse).Properties.Fingerprint;

      expect(after).toMatch(HEX64);
      expect(after).not.toBe(before);
    } finally {
      renamed.dispose();
    }
  });
});

describe("WarehouseSetup: fingerprint of the statements", () => {
  it("is the sha256 of the statements joined by a newline-semicolon-newline", () => {
    const fingerprint = setupFingerprint([
      'CREATE SCHEMA IF NOT EXISTS "bi"',
      'GRANT USAGE ON SCHEMA "bi" TO "bi_reader"',
    ]);

    expect(fingerprint).toBe("43f40c15e5cd34da70ac9066171acfb795a814f5e1d2c1d58010f0899fc9f4bd");
  });

  it("covers a step that carries a password by its name only", () => {
    const statements = fingerprintedStatements([
      { name: "createUser:bi_reader", sql: "CREATE USER \"bi_reader\" PASSWORD 'S3cret!'", sensitive: true },
      { name: "createSchema:bi", sql: 'CREATE SCHEMA IF NOT EXISTS "bi"' },
    ]);

    expect(statements).toEqual(["createUser:bi_reader", 'CREATE SCHEMA IF NOT EXISTS "bi"']);
  });
});

describe("WarehouseSetup: the setup Lambda", () => {
  it("runs in the isolated subnets with HTTPS to the VPC's interface endpoints only", () => {
    const fn = setupFunction(dev);

    expect(fn.Properties.VpcConfig).toEqual({
      SecurityGroupIds: [
        { "Fn::GetAtt": [logicalId(dev, "AWS::EC2::SecurityGroup", "SetupSecurityGroup"), "GroupId"] },
      ],
      SubnetIds: [
        { "Fn::ImportValue": expect.stringMatching(/^loglake-dev-network:ExportsOutputRefNetworkVpcisolatedSubnet1/) },
        { "Fn::ImportValue": expect.stringMatching(/^loglake-dev-network:ExportsOutputRefNetworkVpcisolatedSubnet2/) },
      ],
    });
    const sg = only(dev, "AWS::EC2::SecurityGroup", "SetupSecurityGroup")[1];
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      { CidrIp: "10.41.0.0/24", Description: "VPC interface endpoints", FromPort: 443, IpProtocol: "tcp", ToPort: 443 },
    ]);
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
  });

  it("has 14 minutes, one less than the framework Lambda that waits for it", () => {
    expect(setupFunction(dev).Properties.Timeout).toBe(840);
    expect(providerFunction(dev).Properties.Timeout).toBe(900);
  });

  it("gets exactly the contract's variables for a provisioned cluster", () => {
    const env = (setupFunction(dev).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

    expect(env).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      POWERTOOLS_SERVICE_NAME: "warehouse-setup",
      POWERTOOLS_METRICS_NAMESPACE: "OnboardingLogLake",
      POWERTOOLS_LOG_LEVEL: "DEBUG",
      WAREHOUSE_DATABASE: "loglake",
      WAREHOUSE_CLUSTER_ID: { Ref: logicalId(dev, "AWS::Redshift::Cluster", "WarehouseCluster") },
      ADMIN_SECRET_ARN: {
        "Fn::GetAtt": [logicalId(dev, "AWS::Redshift::Cluster", "WarehouseCluster"), "MasterPasswordSecretArn"],
      },
      READER_SECRET_ARN: { Ref: logicalId(dev, "AWS::SecretsManager::Secret", "WarehouseReaderSecret") },
      LOADER_SECRET_ARN: { Ref: logicalId(dev, "AWS::SecretsManager::Secret", "WarehouseLoaderSecret") },
    });
  });

  it("gets exactly the contract's variables for a Serverless workgroup", () => {
    const env = (setupFunction(sls).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

    expect(env).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      POWERTOOLS_SERVICE_NAME: "warehouse-setup",
      POWERTOOLS_METRICS_NAMESPACE: "OnboardingLogLake",
      POWERTOOLS_LOG_LEVEL: "INFO",
      WAREHOUSE_DATABASE: "loglake",
      WAREHOUSE_WORKGROUP: { Ref: logicalId(sls, "AWS::RedshiftServerless::Workgroup", "WarehouseWorkgroup") },
      ADMIN_SECRET_ARN: { Ref: logicalId(sls, "AWS::SecretsManager::Secret", "WarehouseAdminSecret") },
      READER_SECRET_ARN: { Ref: logicalId(sls, "AWS::SecretsManager::Secret", "WarehouseReaderSecret") },
      LOADER_DB_USER: "IAMR:loglake-test-loader",
    });
  });
});

describe("WarehouseSetup: least privilege", () => {
  const sid = (statements: TemplateStatement[], id: string) =>
    statements.find((s) => (s as { Sid?: string }).Sid === id);

  it("runs ExecuteStatement on this cluster only and reads its own statements only", () => {
    const statements = statementsOf(dev, "SetupRoleDefaultPolicy");

    expect(sid(statements, "RunStatementsOnTheWarehouse")).toEqual({
      Sid: "RunStatementsOnTheWarehouse",
      Effect: "Allow",
      Action: "redshift-data:ExecuteStatement",
      Resource: {
        "Fn::Join": [
          "",
          [
            "arn:",
            { Ref: "AWS::Partition" },
            ":redshift:",
            { Ref: "AWS::Region" },
            ":",
            { Ref: "AWS::AccountId" },
            ":cluster:",
            { Ref: logicalId(dev, "AWS::Redshift::Cluster", "WarehouseCluster") },
          ],
        ],
      },
    });
    expect(sid(statements, "OwnStatements")).toEqual({
      Sid: "OwnStatements",
      Effect: "Allow",
      Action: ["redshift-data:CancelStatement", "redshift-data:DescribeStatement", "redshift-data:GetStatementResult"],
      Resource: "*",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
      Condition: { StringEquals: { "redshift-data:statement-owner-iam-userid": "${aws:userid}" } },
    });
  });

  it("reads exactly the admin, reader and loader secrets, decrypted through Secrets Manager only", () => {
    const statements = statementsOf(dev, "SetupRoleDefaultPolicy");
    const cluster = logicalId(dev, "AWS::Redshift::Cluster", "WarehouseCluster");

    expect(statements.filter((s) => actionsOf(s).some((a) => a.startsWith("secretsmanager:")))).toEqual([
      {
        Sid: "ReadWarehouseSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: [
          { "Fn::GetAtt": [cluster, "MasterPasswordSecretArn"] },
          { Ref: logicalId(dev, "AWS::SecretsManager::Secret", "WarehouseLoaderSecret") },
          { Ref: logicalId(dev, "AWS::SecretsManager::Secret", "WarehouseReaderSecret") },
        ],
      },
    ]);
    expect(statements.filter((s) => actionsOf(s).some((a) => a.startsWith("kms:")))).toEqual([
      {
        Sid: "DecryptWarehouseSecrets",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: { "Fn::GetAtt": [logicalId(dev, "AWS::KMS::Key", "WarehouseKey"), "Arn"] },
        Condition: SECRETS_MANAGER_ONLY,
      },
    ]);
  });

  it("needs no other action: no temporary credentials with a SecretArn sign-in, no S3, no wildcard action", () => {
    for (const t of [dev, sls]) {
      const actions = statementsOf(t, "SetupRoleDefaultPolicy").flatMap(actionsOf).sort();

      expect(actions).toEqual([
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:UnassignPrivateIpAddresses",
        "kms:Decrypt",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "redshift-data:CancelStatement",
        "redshift-data:DescribeStatement",
        "redshift-data:ExecuteStatement",
        "redshift-data:GetStatementResult",
        "secretsmanager:GetSecretValue",
      ]);
    }
  });

  it("reads the Serverless admin and reader secrets only, and runs statements on the workgroup only", () => {
    const statements = statementsOf(sls, "SetupRoleDefaultPolicy");
    const workgroup = logicalId(sls, "AWS::RedshiftServerless::Workgroup", "WarehouseWorkgroup");

    expect(sid(statements, "RunStatementsOnTheWarehouse")?.Resource).toEqual({
      "Fn::GetAtt": [workgroup, "Workgroup.WorkgroupArn"],
    });
    expect(sid(statements, "ReadWarehouseSecrets")?.Resource).toEqual([
      { Ref: logicalId(sls, "AWS::SecretsManager::Secret", "WarehouseAdminSecret") },
      { Ref: logicalId(sls, "AWS::SecretsManager::Secret", "WarehouseReaderSecret") },
    ]);
  });

  it("passes the IAM scan of the warehouse stack", () => {
    expect(scanIam("warehouse", dev.toJSON())).toEqual([]);
    expect(scanIam("warehouse", sls.toJSON())).toEqual([]);
  });
});

describe("WarehouseSetup: the Provider framework", () => {
  it("runs outside the VPC (it answers CloudFormation on a pre-signed S3 URL)", () => {
    expect(providerFunction(dev).Properties.VpcConfig).toBeUndefined();
  });

  it("logs to a CMK-encrypted log group with the stage's retention", () => {
    const fn = providerFunction(dev);
    const [logsId, group] = only(dev, "AWS::Logs::LogGroup", "SetupProviderLogs");

    expect(fn.Properties.LoggingConfig).toMatchObject({ LogGroup: { Ref: logsId } });
    expect(group.Properties).toMatchObject({
      RetentionInDays: 14,
      KmsKeyId: { "Fn::GetAtt": [logicalId(dev, "AWS::KMS::Key", "WarehouseKey"), "Arn"] },
    });
    expect(only(sls, "AWS::Logs::LogGroup", "SetupProviderLogs")[1].Properties.RetentionInDays).toBe(30);
  });

  it("has a role without managed policies that may only write its logs and invoke the setup Lambda", () => {
    const [, role] = only(dev, "AWS::IAM::Role", "SetupProviderRole");
    const setupFn = logicalId(dev, "AWS::Lambda::Function", "SetupFunction");

    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(statementsOf(dev, "SetupProviderRoleDefaultPolicy")).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: { "Fn::GetAtt": [logicalId(dev, "AWS::Logs::LogGroup", "SetupProviderLogs"), "Arn"] },
      },
      {
        Effect: "Allow",
        Action: "lambda:InvokeFunction",
        Resource: [
          { "Fn::GetAtt": [setupFn, "Arn"] },
          { "Fn::Join": ["", [{ "Fn::GetAtt": [setupFn, "Arn"] }, ":*"]] },
        ],
      },
      { Effect: "Allow", Action: "lambda:GetFunction", Resource: { "Fn::GetAtt": [setupFn, "Arn"] } },
    ]);
  });
});

describe("Warehouse: the loader secret", () => {
  it("exists for a provisioned cluster only, CMK-encrypted, with the loader's username and a strong password", () => {
    const [, secret] = only(dev, "AWS::SecretsManager::Secret", "WarehouseLoaderSecret");

    expect(secret.Properties).toMatchObject({
      KmsKeyId: { "Fn::GetAtt": [logicalId(dev, "AWS::KMS::Key", "WarehouseKey"), "Arn"] },
      GenerateSecretString: {
        GenerateStringKey: "password",
        PasswordLength: 32,
        ExcludeCharacters: "\"'\\/@ ",
        RequireEachIncludedType: true,
        SecretStringTemplate: {
          "Fn::Join": ["", expect.arrayContaining([expect.stringMatching(/"username":"loglake_loader"/)])],
        },
      },
    });
    expect(
      Object.keys(sls.findResources("AWS::SecretsManager::Secret")).filter((id) =>
        id.startsWith("WarehouseLoaderSecret"),
      ),
    ).toEqual([]);
  });

  it("is an output of provisioned stages", () => {
    dev.hasOutput("WarehouseLoaderSecretArn", {
      Value: { Ref: logicalId(dev, "AWS::SecretsManager::Secret", "WarehouseLoaderSecret") },
    });
    expect(Object.keys(sls.findOutputs("WarehouseLoaderSecretArn"))).toEqual([]);
  });
});
