/**
 * The stable `LambdaFunctionProcessor` with a fractional input buffer. Firehose accepts a Lambda
 * processor BufferSizeInMBs from 0.2 to 3 MB (API reference, ProcessorParameter), but the L2 takes
 * a `Size` and renders whole MiB only. Small batches keep each invocation's response well under
 * Lambda's 6 MB payload limit after the JSON expansion of gzip'd CloudWatch Logs payloads.
 */
import type { Duration } from "aws-cdk-lib";
import * as firehose from "aws-cdk-lib/aws-kinesisfirehose";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";

/** Props of {@link TransformProcessor}. */
export interface TransformProcessorProps {
  /** Input buffer in MB (0.2-3). */
  readonly bufferSizeMB: number;
  /** Input buffer interval (60-900 s). */
  readonly bufferInterval: Duration;
  /** @default 3 */
  readonly retries?: number;
}

/** A Lambda data processor whose buffer size may be fractional (e.g. 0.25 MB). */
export class TransformProcessor implements firehose.IDataProcessor {
  readonly props: firehose.DataProcessorProps;
  private readonly inner: firehose.LambdaFunctionProcessor;
  private readonly bufferSizeMB: number;

  constructor(fn: lambda.IFunction, props: TransformProcessorProps) {
    if (props.bufferSizeMB < 0.2 || props.bufferSizeMB > 3) {
      throw new Error(`TransformProcessor: bufferSizeMB must be 0.2-3 MB (got ${props.bufferSizeMB})`);
    }
    this.bufferSizeMB = props.bufferSizeMB;
    this.props = { bufferInterval: props.bufferInterval, retries: props.retries ?? 3 };
    this.inner = new firehose.LambdaFunctionProcessor(fn, this.props);
  }

  /** Binds the stock processor (it grants invoke) and renders every parameter explicitly. */
  bind(scope: Construct, options: firehose.DataProcessorBindOptions): firehose.DataProcessorConfig {
    const config = this.inner.bind(scope, options);
    const { parameterName, parameterValue } = config.processorIdentifier;
    return {
      ...config,
      parameters: [
        { parameterName: "RoleArn", parameterValue: options.role.roleArn },
        { parameterName, parameterValue },
        { parameterName: "BufferSizeInMBs", parameterValue: String(this.bufferSizeMB) },
        { parameterName: "BufferIntervalInSeconds", parameterValue: String(this.props.bufferInterval?.toSeconds()) },
        { parameterName: "NumberOfRetries", parameterValue: String(this.props.retries) },
      ],
    };
  }
}
