// Type declarations for the parts of parquetjs-lite (untyped CommonJS) that the Parquet benchmark's baseline uses.

declare module 'parquetjs-lite' {
  namespace parquet {
    export interface ParquetField {
      name: string;
      path: string[];
      primitiveType?: string;
      originalType?: string;
      isNested?: boolean;
    }
    export interface SchemaElement {
      name: string;
      type?: number | null;
      converted_type?: number | null;
      num_children?: number | null;
      logicalType?: { DECIMAL?: object | null; TIMESTAMP?: { unit?: { MILLIS?: object | null; MICROS?: object | null } | null } | null } | null;
    }
    export interface FileMetaData {
      version: number;
      num_rows: unknown;
      schema: SchemaElement[];
      row_groups: Array<{ columns: Array<{ meta_data: { codec: number; path_in_schema: string[] } }> }>;
    }
    export class ParquetSchema {
      constructor(fields: Record<string, { type: string; optional?: boolean; compression?: string }>);
      fieldList: ParquetField[];
    }
    export class ParquetEnvelopeReader {
      static openFile(path: string, options?: object): Promise<ParquetEnvelopeReader>;
      readHeader(): Promise<void>;
      readFooter(): Promise<FileMetaData>;
      close(): Promise<void>;
    }
    export class ParquetCursor {
      next(): Promise<Record<string, unknown> | null>;
    }
    export class ParquetReader {
      constructor(metadata: FileMetaData, envelopeReader: ParquetEnvelopeReader, options?: { rawStatistics?: boolean });
      schema: ParquetSchema;
      getCursor(columns?: string[]): ParquetCursor;
      close(): Promise<void>;
    }
    export class ParquetWriter {
      static openFile(schema: ParquetSchema, path: string, options?: { rowGroupSize?: number; pageSize?: number }): Promise<ParquetWriter>;
      appendRow(row: Record<string, unknown>): Promise<void>;
      close(): Promise<void>;
    }
  }
  export = parquet;
}

declare module 'parquetjs-lite/lib/codec/index.js' {
  const codecs: Record<string, unknown>;
  export = codecs;
}
