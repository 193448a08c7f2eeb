import { App, Stack } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGES, type Stage } from "../../infra/config/index.js";
import { addNagValidation, type LogLakeStacks } from "../../infra/loglake.js";
import { normaliseTemplate, type SynthResult, scanIam, synthStage, unacknowledgedNagFindings } from "./support.js";

/** Every stage, synthesized once (without bundling: the ingestion tests cover esbuild). */
const results = new Map<Stage, SynthResult>();

beforeAll(() => {
  for (const stage of STAGES) results.set(stage, synthStage(stage, { bundle: false }));
});
afterAll(() => {
  for (const result of results.values()) result.dispose();
});

const get = (stage: Stage): SynthResult => {
  const result = results.get(stage);
  if (!result) throw new Error(`stage ${stage} was not synthesized`);
  return result;
};
const STACK_KEYS = ["network", "lake", "ingestion", "warehouse"] as const satisfies readonly (keyof LogLakeStacks)[];

describe.each(STAGES)("stage %s", (stage) => {
  it("synthesizes four stacks named after the stage", () => {
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

  it("rotates every KMS key", () => {
    const { templates } = get(stage);
    for (const k of STACK_KEYS) {
      for (const key of Object.values(templates[k].findResources("AWS::KMS::Key"))) {
        expect(key.Properties.EnableKeyRotation).toBe(true);
      }
    }
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
    addNagValidation(app);

    expect(() => app.synth()).toThrow();
  });

  it("the snapshot normaliser strips asset hashes and keys", () => {
    const hash = "a".repeat(64);
    const normalised = normaliseTemplate({ Resources: { F: { Properties: { Code: { S3Key: `${hash}.zip` } } } } });

    expect(JSON.stringify(normalised)).not.toContain(hash);
  });
});
