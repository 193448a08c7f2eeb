/**
 * The ports the reprocess runs over. S3 + Firehose implement them in AWS (core/io/s3-error-store.ts), the local
 * runtime's folder + local stream implement them on one machine; the planner and runner never know which.
 */

/** One listed object. */
export interface StoredObject {
  readonly key: string;
  /** When the object was written, if the store knows. */
  readonly lastModified?: Date;
}

/** One page of a listing. */
export interface ObjectPage {
  readonly objects: readonly StoredObject[];
  /** Token of the next page; absent on the last page. */
  readonly next?: string;
}

/** The object store holding the lake (S3 bucket or the local lake folder). */
export interface ErrorStore {
  /** One page of the keys under `prefix`, in key order. */
  listPage(prefix: string, next?: string): Promise<ObjectPage>;
  /** The object's body as UTF-8 text. */
  read(key: string): Promise<string>;
  /** Whether an object exists at `key`. */
  exists(key: string): Promise<boolean>;
  /** Writes (or overwrites) an object. */
  write(key: string, body: string): Promise<void>;
  /** Copies an object, keeping its bytes. */
  copy(from: string, to: string): Promise<void>;
  /** Deletes an object (a missing object is not an error). */
  delete(key: string): Promise<void>;
}

/** Where re-put records go (a delivery stream). Resolves once every record was accepted. */
export interface RecordSink {
  put(records: readonly Uint8Array[]): Promise<void>;
}
