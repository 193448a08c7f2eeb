/**
 * NDJSON rows → Parquet with the catalog's columns and types, through an in-memory DuckDB: the local
 * stand-in for Firehose's record format conversion (which takes its schema from the Glue table).
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { duckdbCastSelectList, duckdbJsonColumnsArg } from "../core/load/duckdb-ddl.js";
import { quoteLiteral } from "../core/load/quote.js";

/** Converts NDJSON files to Parquet files; one DuckDB connection, conversions run one at a time per writer. */
export class ParquetConverter {
  private constructor(private readonly connection: Awaited<ReturnType<DuckDBInstance["connect"]>>) {}

  /** Opens an in-memory DuckDB for conversions (`threads` caps DuckDB's workers; default: DuckDB's own). */
  static async create(threads?: number): Promise<ParquetConverter> {
    const instance = await DuckDBInstance.create(":memory:", threads ? { threads: String(threads) } : {});
    return new ParquetConverter(await instance.connect());
  }

  /**
   * Converts one NDJSON file; returns the row count. Every value is read as text and CAST to the catalog
   * type, so a value of the wrong type fails the file with the column named (Firehose would reject it too).
   */
  async convert(ndjsonPath: string, parquetPath: string): Promise<number> {
    const sql = `COPY (SELECT ${duckdbCastSelectList()} FROM read_json(${quoteLiteral(ndjsonPath)}, format = 'newline_delimited', columns = ${duckdbJsonColumnsArg()}, maximum_object_size = 16777216)) TO ${quoteLiteral(parquetPath)} (FORMAT parquet, COMPRESSION snappy)`;
    const reader = await this.connection.runAndReadAll(sql);
    const count = reader.getRowsJS()[0]?.[0];
    return Number(count ?? 0);
  }

  /** Rows in the Parquet files matching `glob` (0 when none match), read from their footers. */
  async countRows(glob: string): Promise<number> {
    try {
      const reader = await this.connection.runAndReadAll(
        `SELECT COALESCE(SUM(num_rows), 0) FROM parquet_file_metadata(${quoteLiteral(glob)})`,
      );
      return Number(reader.getRowsJS()[0]?.[0] ?? 0);
    } catch (error) {
      if (/No files found/i.test(error instanceof Error ? error.message : "")) return 0;
      throw error;
    }
  }

  /** Releases the connection. */
  close(): void {
    this.connection.closeSync();
  }
}
