// Bus records ↔ data points for distributed labelling: points published from a split file, or posts as `pipeline ingest` produces them.

import { DataError, decodePosts } from '@skimmer/core';
import type { BusRecord, ConsumedRecord, DataPoint, PostDecoder } from '@skimmer/core';

/** Header that marks a record published by `pipeline label --role publish`: its value is one data point as JSON. */
export const RECORD_KIND_HEADER = 'skimmer-record';
const DATA_POINT = 'data-point';

/** One data point as a bus record, keyed by its id. */
export function pointRecord(point: DataPoint): BusRecord {
  return { key: point.id, value: JSON.stringify(point), headers: { [RECORD_KIND_HEADER]: DATA_POINT } };
}

/** A record's data points with the record's offset. */
export interface OffsetPoint {
  offset: string;
  point: DataPoint;
}

function publishedPoint(record: ConsumedRecord, name: string): DataPoint {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(record.value));
  } catch (error) {
    throw new DataError(`record ${name} is not JSON: ${(error as Error).message}`, { record: name });
  }
  const point = value as Partial<DataPoint> | null;
  if (typeof point?.id !== 'string' || typeof point.text !== 'string')
    throw new DataError(`record ${name} is not a data point: expected an object with string "id" and "text"`, { record: name, field: 'id' });
  return point as DataPoint;
}

/**
 * The data points of a batch's records, in record order: a published point as it is, any other record decoded as
 * `pipeline ingest` decodes it (`decoders`: the plugins' payload formats), each post a point. A record that is neither
 * is skipped and counted (ingest keeps it in dead_letters; a published file holds only points).
 *
 * @example
 * recordPoints(batch.records, project.registry.decoders); // { points: [{ offset: '0', point: { id: '1', text: 'hi' } }], skipped: 0 }
 */
export function recordPoints(records: readonly ConsumedRecord[], decoders: readonly PostDecoder[]): { points: OffsetPoint[]; skipped: number } {
  const points: OffsetPoint[] = [];
  let skipped = 0;
  for (const record of records) {
    const name = `${record.topic}/${record.partition}/${record.offset}`;
    try {
      if (record.headers[RECORD_KIND_HEADER] === DATA_POINT) {
        points.push({ offset: record.offset, point: publishedPoint(record, name) });
        continue;
      }
      const byId = new Map<string, DataPoint>();
      for (const post of decodePosts(record.value, record.headers.source ?? 'bus', name, undefined, decoders)) byId.set(post.id, { ...post });
      for (const point of byId.values()) points.push({ offset: record.offset, point });
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      skipped++;
    }
  }
  return { points, skipped };
}
