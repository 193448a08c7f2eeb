import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGES, type Stage } from "../../infra/config/index.js";
import { addPolicyValidations, type LogLakeStacks } from "../../infra/loglake.js";
import {
  normaliseTemplate,
  SERVERLESS_OVERRIDES,
  type SynthResult,
  scanIam,
  synthStage,
  unacknowledgedNagFindings,
} from "./support.js";

/**
 * Every stage, synthesized once with the app's policy validations (cdk-nag and the Control Tower
 * controls), without bundling (the ingestion tests cover esbuild); plus a Serverless variant.
 */
const results = new Map<Stage, SynthResult>();
let serverless: SynthResult;

beforeAll(() => {
  for (const stage of STAGES) results.set(stage, synthStage(stage, { bundle: false, policyValidation: true }));
  serverless = synthStage("test", {
    bundle: false,
    policyValidation: true,
    overrides: SERVERLESS_OVERRIDES,
  });
});
afterAll(() => {
  for (const result of results.values()) result.dispose();
  serverless?.dispose();
});

/** The two statements every key policy carries so that only AWS services get grants (CT.KMS.PR.3). */
const GRANT_STATEMENTS = [
  {
    Sid: "AccountCreatesGrantsForAwsResources",
    Effect: "Allow",
    Action: "kms:CreateGrant",
    Principal: {
      AWS: { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::", { Ref: "AWS::AccountId" }, ":root"]] },
    },
    Resource: "*",
    Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
  },
  {
    Sid: "DenyGrantsExceptForAwsServices",
    Effect: "Deny",
    Action: "kms:CreateGrant",
    Principal: { AWS: "*" },
    Resource: "*",
    Condition: { BoolIfExists: { "kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false" } },
  },
];

const get = (stage: Stage): SynthResult => {
  const result = results.get(stage);
  if (!result) throw new Error(`stage ${stage} was not synthesized`);
  return result;
};
const STACK_KEYS = [
  "network",
  "lake",
  "ingestion",
  "warehouse",
  "loading",
  "operations",
] as const satisfies readonly (keyof LogLakeStacks)[];

describe.each(STAGES)("stage %s", (stage) => {
  it("synthesizes its stacks named after the stage", () => {
    const { stacks } = get(stage);

    expect(STACK_KEYS.map((k) => stacks[k].stackName)).toEqual(STACK_KEYS.map((k) => `loglake-${stage}-${k}`));
  });

  it("has no unacknowledged cdk-nag AwsSolutions findings", () => {
    expect(unacknowledgedNagFindings(get(stage).app)).toEqual([]);
  });

  it("has no IAM statement with Action *, s3:*, kms:* or an unjustified Resource *", () => {
    const { templates } = get(stage);
    const findings = STACK_KEYS.flatMap((k) => scanIam(k, templates[k].toJSON()));

    expect(findings).toEqual([]);
  });

  it("passes cdk-nag and the Control Tower proactive controls at synth, every finding acknowledged", () => {
    expect(get(stage).validationFailure).toBeUndefined();
  });

  it("encrypts every log group with a customer-managed key", () => {
    const { templates } = get(stage);
    const groups = STACK_KEYS.flatMap((k) => Object.values(templates[k].findResources("AWS::Logs::LogGroup")));

    expect(groups.length).toBeGreaterThanOrEqual(6);
    for (const group of groups)
      expect(group.Properties.KmsKeyId).toEqual({ "Fn::GetAtt": [expect.any(String), "Arn"] });
  });

  it("lets only AWS services create grants on every KMS key, and the account no kms:Create*", () => {
    const { templates } = get(stage);
    for (const k of STACK_KEYS) {
      for (const key of Object.values(templates[k].findResources("AWS::KMS::Key"))) {
        const statements = key.Properties.KeyPolicy.Statement as Array<{ Sid?: string; Action: string | string[] }>;

        expect(statements).toEqual(expect.arrayContaining(GRANT_STATEMENTS));
        const account = statements.find((st) => st.Sid === "AccountAdministersAndUsesKeyThroughIam");
        expect(account?.Action).not.toContain("kms:Create*");
        expect(account?.Action).not.toContain("kms:CreateGrant");
      }
    }
  });

  it("rotates every KMS key", () => {
    const { templates } = get(stage);
    for (const k of STACK_KEYS) {
      for (const key of Object.values(templates[k].findResources("AWS::KMS::Key"))) {
        expect(key.Properties.EnableKeyRotation).toBe(true);
      }
    }
  });
});

describe("Serverless variant (test stage)", () => {
  it("passes cdk-nag and the Control Tower proactive controls at synth", () => {
    expect(serverless.validationFailure).toBeUndefined();
  });
});

describe("snapshots (dev, asset hashes stripped)", () => {
  it.each(STACK_KEYS)("%s stack", (k) => {
    expect(normaliseTemplate(get("dev").templates[k].toJSON())).toMatchSnapshot();
  });
});

describe("the compliance checks themselves", () => {
  it("IAM scan flags service-wide actions and unjustified Resource *", () => {
    const template = {
      Resources: {
        Bad: {
          Type: "AWS::IAM::Policy",
          Properties: {
            PolicyDocument: {
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" },
                { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "*" },
                { Effect: "Allow", Action: "glue:GetSchemaVersion", Resource: "*" },
                { Effect: "Deny", Action: "*", Resource: "*" },
              ],
            },
          },
        },
      },
    };

    expect(scanIam("s", template)).toEqual([
      { where: "s/Bad", problem: "Action s3:*" },
      { where: "s/Bad", problem: "Resource * for sqs:SendMessage" },
    ]);
  });

  it("the app's nag validation fails synth on an unacknowledged finding", () => {
    const app = new App();
    new s3.Bucket(new Stack(app, "Insecure"), "Bucket");
    addPolicyValidations(app);

    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it("the app's Control Tower validation fails synth on an unencrypted log group", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "loglake-guard-")) });
    new logs.LogGroup(new Stack(app, "Plain"), "Logs", { retention: logs.RetentionDays.ONE_YEAR });
    addPolicyValidations(app);

    try {
      expect(() => app.synth()).toThrow(/CT\.CLOUDWATCH\.PR\.3.*\n.*Plain\/Logs\/Resource/);
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  it("the snapshot normaliser strips asset hashes and keys", () => {
    const hash = "a".repeat(64);
    const normalised = normaliseTemplate({ Resources: { F: { Properties: { Code: { S3Key: `${hash}.zip` } } } } });

    expect(JSON.stringify(normalised)).not.toContain(hash);
  });
});
