// An annotator's queue: the next records to tag in the project's order, with hints hidden where the project or split says so.

import type { TaggerRepository, TaggerStoredRecord } from '@skimmer/core';
import type { RecordHints, TaggerProject } from './projects.ts';

/** A record as the annotation screen receives it. */
export interface QueuedRecord {
  id: string;
  text: string;
  metadata: Record<string, unknown>;
  split: string;
  /**
   * The record's stored hints (LF votes, the label model's probabilities by label name, and any other key they were
   * pushed with) and its prediction (probabilities by label index). Absent when hints are off for the project or the
   * record is in the test split.
   */
  hints?: RecordHints & { prediction?: number[] };
}

/**
 * The next `limit` records `annotator` has not decided yet and that still need labels (fewer than `overlap`
 * annotators), skipping ids in `exclude` (those the client already holds). Recomputed on each call, so new
 * predictions and other annotators' tags take effect at once.
 */
export async function nextRecords(
  tagger: TaggerRepository,
  project: TaggerProject,
  annotator: string,
  limit: number,
  exclude: readonly string[] = [],
): Promise<QueuedRecord[]> {
  const rows = await tagger.nextRecords({ projectId: project.id, annotator, ordering: project.ordering, overlap: project.overlap, exclude, limit });
  return rows.map((r) => toQueued(r, project.showHints));
}

function toQueued(r: TaggerStoredRecord, showHints: boolean): QueuedRecord {
  const record: QueuedRecord = { id: r.id, text: r.text, metadata: r.metadata ?? {}, split: r.split };
  if (showHints && r.split !== 'test' && (r.hints || r.prediction)) {
    // every stored hint goes to the screen (it shows those it knows); before, only lfVotes did and the label model's
    // probabilities `pipeline iterate` pushes never arrived
    record.hints = { ...r.hints };
    if (r.prediction) record.hints.prediction = r.prediction.map(Number);
  }
  return record;
}

/** One record by id, shaped like a queued one (used to show a record again after undo). */
export async function queuedRecord(tagger: TaggerRepository, project: TaggerProject, recordId: string): Promise<QueuedRecord | null> {
  const record = await tagger.getRecord(project.id, recordId);
  return record ? toQueued(record, project.showHints) : null;
}
