/**
 * The reprocess ports over AWS: an {@link ErrorStore} on one S3 bucket and a {@link RecordSink} on one
 * Firehose delivery stream. Clients are passed in (created once per process by the CLI or the handler, with
 * the SDK's retry strategy); nothing here reads the environment.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { ErrorStore, ObjectPage, RecordSink } from "../reprocess/store.js";
import { type FirehoseSender, type PutOptions, putRecordsReliably } from "./put-record-batch.js";

/** The part of an S3 client the store needs. */
export type S3Sender = Pick<S3Client, "send">;

/** `CopySource` wants the key URL-encoded segment by segment (slashes stay). */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
}

const isNotFound = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
};

/** An {@link ErrorStore} on `bucket`. `pageSize` is ListObjectsV2's MaxKeys (1-1000). */
export function s3ErrorStore(client: S3Sender, bucket: string, pageSize = 1000): ErrorStore {
  return {
    async listPage(prefix: string, next?: string): Promise<ObjectPage> {
      const out = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: next, MaxKeys: pageSize }),
      );
      return {
        objects: (out.Contents ?? []).flatMap((o) =>
          o.Key === undefined ? [] : [{ key: o.Key, lastModified: o.LastModified }],
        ),
        next: out.IsTruncated ? out.NextContinuationToken : undefined,
      };
    },
    async read(key: string): Promise<string> {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!out.Body) throw new Error(`s3://${bucket}/${key} has no body`);
      return out.Body.transformToString("utf8");
    },
    async exists(key: string): Promise<boolean> {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    async write(key: string, body: string): Promise<void> {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/x-ndjson" }),
      );
    },
    async copy(from: string, to: string): Promise<void> {
      await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: copySource(bucket, from) }));
    },
    async delete(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

/** A {@link RecordSink} on a delivery stream: ≤ 500 records / 4 MiB per call, failed entries retried. */
export function firehoseSink(client: FirehoseSender, streamName: string, options: PutOptions = {}): RecordSink {
  return { put: (records) => putRecordsReliably(client, streamName, records, options) };
}
