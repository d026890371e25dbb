// Tag decisions: record a label or a skip durably (in the request's transaction), undo the last one, history and progress.

import { DataError } from '@skimmer/core';
import type { TaggerDecision, TaggerProgress, TaggerRepository } from '@skimmer/core';
import type { TaggerProject } from './projects.ts';

/** A decision of one annotator on one record; `label` null means skipped. */
export type TagDecision = TaggerDecision;

/** How far a project is: records with at least one label, all records, and this annotator's decisions. */
export type Progress = TaggerProgress;

/** Undo reaches back this many decisions; the history shows them. */
export const HISTORY_LENGTH = 10;

/**
 * Stores a decision and mirrors labels into the store's `gold_labels` (dataset = project id), in one transaction;
 * a skip removes the mirrored label. Throws a DataError for an unknown record or a label outside the project.
 */
export async function recordTag(
  tagger: TaggerRepository,
  project: TaggerProject,
  annotator: string,
  decision: { recordId: string; label: number | null; timeSpentMs?: number | null },
): Promise<void> {
  const { recordId, label } = decision;
  if (label !== null && !project.labels.some((l) => l.index === label)) {
    throw new DataError(`label ${label} is not one of project ${project.id}'s label indexes (${project.labels.map((l) => l.index).join(', ')})`, {
      record: recordId,
      field: 'label',
      value: label,
    });
  }
  const timeSpent =
    typeof decision.timeSpentMs === 'number' && Number.isFinite(decision.timeSpentMs)
      ? Math.max(0, Math.min(2 ** 31 - 1, Math.round(decision.timeSpentMs)))
      : null;
  if (!(await tagger.saveTag({ projectId: project.id, recordId, annotator, label, timeSpentMs: timeSpent })))
    throw new DataError(`record ${JSON.stringify(recordId)} is not in project ${project.id}`, { record: recordId, field: 'recordId' });
}

/**
 * Removes the annotator's most recent decision if it is among the last HISTORY_LENGTH; returns its record id,
 * or null when there is nothing to undo.
 */
export function undoLastTag(tagger: TaggerRepository, projectId: string, annotator: string): Promise<string | null> {
  return tagger.undoLastTag(projectId, annotator);
}

/** The annotator's last HISTORY_LENGTH decisions, newest first. */
export function tagHistory(tagger: TaggerRepository, projectId: string, annotator: string): Promise<TagDecision[]> {
  return tagger.tagHistory(projectId, annotator, HISTORY_LENGTH);
}

/** Progress of a project for one annotator. */
export function projectProgress(tagger: TaggerRepository, projectId: string, annotator: string): Promise<Progress> {
  return tagger.progress(projectId, annotator);
}
