/**
 * Shared helpers for the infra tests: synthesize a stage the way `cdk synth` does (cdk.json
 * context), run cdk-nag, scan IAM statements, and normalise templates for snapshots.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, type Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { loadConfig, type Stage, type StageConfig } from "../../infra/config/index.js";
import { addLogLake, addPolicyValidations, type LogLakeStacks } from "../../infra/loglake.js";

const ROOT = new URL("../../", import.meta.url);

/** The context `cdk synth` runs with (feature flags included). */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL("cdk.json", ROOT), "utf8")).context;
}

/** One synthesized stage. */
export interface SynthResult {
  readonly app: App;
  readonly config: StageConfig;
  readonly stacks: LogLakeStacks;
  readonly templates: Record<keyof LogLakeStacks, Template>;
  /** With `policyValidation`: the synth error of cdk-nag or the Control Tower controls, if any. */
  readonly validationFailure?: string;
  /** Removes the temporary cloud assembly. */
  readonly dispose: () => void;
}

/**
 * Synthesizes a stage. `bundle: false` skips esbuild (the asset is staged unbundled), which is
 * what synth-only checks need; construct assertions keep bundling on to prove it works.
 */
export function synthStage(
  stage: Stage,
  options: { bundle?: boolean; overrides?: object; policyValidation?: boolean } = {},
): SynthResult {
  const context: Record<string, unknown> = { ...cdkJsonContext() };
  if (options.bundle === false) context["aws:cdk:bundling-stacks"] = [];
  const outdir = mkdtempSync(join(tmpdir(), "loglake-cdk-"));
  const app = new App({ context, outdir });
  const config = loadConfig(stage, options.overrides ?? {});
  const stacks = addLogLake(app, config);
  let validationFailure: string | undefined;
  if (options.policyValidation) addPolicyValidations(app);
  try {
    app.synth();
    // The Control Tower plugin reports some error-severity violations with conclusion "success" and
    // synth goes on: read the report so an unacknowledged violation still fails the test.
    if (options.policyValidation) validationFailure = reportedViolations(outdir);
  } catch (error) {
    if (!options.policyValidation) throw error;
    validationFailure = `${String(error)}\n${readFileSync(join(outdir, "validation-report.json"), "utf8")}`;
  }
  const of = (s: Stack) => Template.fromStack(s);
  return {
    app,
    config,
    stacks,
    templates: {
      network: of(stacks.network),
      lake: of(stacks.lake),
      ingestion: of(stacks.ingestion),
      warehouse: of(stacks.warehouse),
      loading: of(stacks.loading),
      operations: of(stacks.operations),
    },
    validationFailure,
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

interface ValidationReport {
  readonly pluginReports?: readonly {
    readonly pluginName: string;
    readonly violations?: readonly {
      readonly ruleName: string;
      readonly violatingConstructs: readonly { readonly constructPath: string }[];
    }[];
  }[];
}

/** Unacknowledged violations in the synth's validation report, one "plugin: rule @ path" line each; undefined when none. */
function reportedViolations(outdir: string): string | undefined {
  let report: ValidationReport;
  try {
    report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8"));
  } catch {
    return undefined; // no report: no plugin found anything
  }
  const lines = (report.pluginReports ?? []).flatMap((p) =>
    (p.violations ?? []).flatMap((v) =>
      v.violatingConstructs.map((c) => `${p.pluginName}: ${v.ruleName} @ ${c.constructPath}`),
    ),
  );
  return lines.length > 0 ? lines.join("\n") : undefined;
}

/**
 * The Serverless variant the infra tests synthesize beside each provisioned stage: the test stage with a
 * Serverless workgroup (8 base RPUs, the minimum) over three AZs (Redshift Serverless needs subnets in three).
 */
export const SERVERLESS_OVERRIDES = {
  warehouse: { compute: { kind: "serverless", baseRpu: 8 } },
  network: { maxAzs: 3 },
} as const;

/** The dev stage (a provisioned cluster) and the Serverless variant, synthesized once for a test file. */
export interface BothKinds {
  readonly provisioned: SynthResult;
  readonly serverless: SynthResult;
  readonly dispose: () => void;
}

/** Synthesizes {@link BothKinds} without bundling; `provisionedOverrides` adjust the dev stage. */
export function synthBothKinds(provisionedOverrides: object = {}): BothKinds {
  const provisioned = synthStage("dev", { bundle: false, overrides: provisionedOverrides });
  const serverless = synthStage("test", { bundle: false, overrides: SERVERLESS_OVERRIDES });
  return {
    provisioned,
    serverless,
    dispose: () => {
      provisioned.dispose();
      serverless.dispose();
    },
  };
}

/** cdk-nag AwsSolutions findings that are not acknowledged, as "rule @ path" lines. */
export function unacknowledgedNagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`));
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Actions AWS only authorizes on Resource "*" (no resource-level permissions), with the reason.
 * Anything else on "*" fails the scan.
 */
export const RESOURCE_STAR_ALLOWED: Readonly<Record<string, string>> = {
  "glue:GetSchemaVersion": "Firehose record format conversion; the Firehose access-control docs grant it on *",
  "ec2:CreateNetworkInterface": "Lambda VPC networking",
  "ec2:DescribeNetworkInterfaces": "Lambda VPC networking",
  "ec2:DeleteNetworkInterface": "Lambda VPC networking",
  "ec2:AssignPrivateIpAddresses": "Lambda VPC networking",
  "ec2:UnassignPrivateIpAddresses": "Lambda VPC networking",
  "cloudwatch:PutMetricData": "CloudWatch metrics have no resource ARNs",
  "redshift-data:DescribeStatement":
    "Data API statement reads: no resource ARNs, limited to the caller's own statements",
  "redshift-data:GetStatementResult":
    "Data API statement reads: no resource ARNs, limited to the caller's own statements",
  "redshift-data:CancelStatement": "Data API statements: no resource ARNs, limited to the caller's own statements",
  "xray:PutTraceSegments": "X-Ray has no resource ARNs",
  "xray:PutTelemetryRecords": "X-Ray has no resource ARNs",
};

/** One IAM statement problem, e.g. `stack/Logical: Action s3:*`. */
export interface IamFinding {
  readonly where: string;
  readonly problem: string;
}

/**
 * Scans every policy document in a template (identity policies, role inline policies, bucket,
 * key, queue, topic and secret policies): Allow statements must not use Action `*`, `s3:*` or
 * `kms:*`, nor Resource `*` unless every action is in the allow-list. Key policies are exempt
 * from the Resource rule only: there `*` means "this key" (KMS key policy docs).
 */
export function scanIam(stackName: string, template: Json): IamFinding[] {
  const findings: IamFinding[] = [];
  const resources = (template.Resources ?? {}) as Record<string, { Type: string; Properties?: Json }>;
  for (const [logicalId, resource] of Object.entries(resources)) {
    const where = `${stackName}/${logicalId}`;
    const isKeyPolicy = resource.Type === "AWS::KMS::Key";
    visitDocuments(resource.Properties, (statement) => {
      if (statement.Effect !== "Allow") return;
      const actions = list(statement.Action).map(String);
      for (const action of actions) {
        if (action === "*" || action === "s3:*" || action === "kms:*")
          findings.push({ where, problem: `Action ${action}` });
      }
      if (list(statement.Resource).includes("*") && !isKeyPolicy) {
        const unjustified = actions.filter((a) => !(a in RESOURCE_STAR_ALLOWED));
        if (unjustified.length > 0) findings.push({ where, problem: `Resource * for ${unjustified.join(", ")}` });
      }
    });
  }
  return findings;
}

function visitDocuments(node: unknown, onStatement: (statement: Json) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) visitDocuments(item, onStatement);
    return;
  }
  if (!isObject(node)) return;
  if (Array.isArray(node.Statement) && "Version" in node) {
    for (const statement of node.Statement) if (isObject(statement)) onStatement(statement);
    return;
  }
  for (const value of Object.values(node)) visitDocuments(value, onStatement);
}

/**
 * Replaces what changes with every build (asset hashes, asset object keys, bootstrap versions)
 * so snapshots only change when the infrastructure does.
 */
export function normaliseTemplate(template: Json): Json {
  const text = JSON.stringify(template)
    .replace(/[0-9a-f]{64}(\.zip|\.json)?/g, "<asset-hash>$1")
    .replace(/"S3Key":"[^"]*"/g, '"S3Key":"<asset-key>"');
  const out = JSON.parse(text) as Json;
  delete (out.Parameters as Json | undefined)?.BootstrapVersion;
  delete out.Rules;
  return out;
}

/** An IAM statement as it appears in a synthesized template. */
export interface TemplateStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: unknown;
}

/** Every statement of every `AWS::IAM::Policy` in a template. */
export function policyStatements(template: Template): TemplateStatement[] {
  return Object.values(template.findResources("AWS::IAM::Policy")).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as TemplateStatement[],
  );
}

/** The actions of a statement as a list. */
export const actionsOf = (statement: TemplateStatement): string[] => [statement.Action].flat();
