/**
 * Alerting: the stage's alarm topic (encrypted with its own CMK, TLS-only publishing) and the e-mail
 * subscriptions of `alarmEmails`. CloudWatch alarms publish to it, and so does the DLQ archiver.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { allowCloudWatchLogs, PipelineKey } from "./keys.js";

/** Props of {@link Alerting}. */
export interface AlertingProps {
  readonly topicName: string;
  /** Addresses that receive every alarm and DLQ summary (each confirms its subscription once). */
  readonly emails: readonly string[];
  readonly keyAlias: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Alarm topic + CMK + e-mail subscriptions. */
export class Alerting extends Construct {
  readonly topic: sns.Topic;
  /** The operations CMK: topic, the reprocess DLQ, the operations Lambdas' log groups. */
  readonly key: kms.Key;
  /** The action every alarm uses (ALARM and OK both notify, so a recovery is seen too). */
  readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    this.key = new PipelineKey(this, "Key", {
      alias: `${props.keyAlias}-alarms`,
      description: "Onboarding Log Lake: operations (alarm topic, operator DLQ, operations log groups)",
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    }).key;
    // The operations Lambdas' log groups are encrypted with it too.
    allowCloudWatchLogs(this.key);
    // CloudWatch alarms publish to an encrypted topic only if the service may use its key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudWatchAlarmsPublishToTheEncryptedTopic",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
      }),
    );
    this.topic = new sns.Topic(this, "Topic", {
      topicName: props.topicName,
      displayName: "Onboarding Log Lake alarms",
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudWatchAlarmsOfThisAccount",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { "aws:SourceAccount": this.topic.env.account } },
      }),
    );
    for (const email of props.emails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    this.action = new actions.SnsAction(this.topic);
  }
}
