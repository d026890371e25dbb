// Gold labels of a project: one per record (a review resolution, else the annotators' unanimous label), conflicts and agreement.

import { DataError } from '@skimmer/core';
import type { GoldLabel, TaggerLabelledTag, TaggerRepository } from '@skimmer/core';
import { cohensKappa, krippendorffAlphaNominal } from './agreement.ts';
import type { AnnotatedLabel } from './agreement.ts';
import { getProject } from './projects.ts';
import type { TaggerProject } from './projects.ts';

/** The settled label of one record, as exported. */
export interface GoldRow {
  id: string;
  text: string;
  label: number;
  labelName: string;
  split: string;
  /** Who labelled it (the reviewer first when a review settled it). */
  annotators: string[];
  /** Total time the annotators spent on it. */
  timeSpentMs: number | null;
  resolvedBy: string | null;
}

/** A record whose annotators disagree and that no review has settled yet. */
export interface Conflict {
  id: string;
  text: string;
  votes: Array<{ annotator: string; label: number }>;
}

/** Agreement of a project's annotators over the records labelled more than once. */
export interface AgreementReport {
  annotators: string[];
  /** Records with two or more labels. */
  overlapping: number;
  /** Cohen's kappa when exactly two annotators labelled, else null. */
  cohensKappa: number | null;
  /** Krippendorff's alpha (nominal), for any number of annotators. */
  krippendorffAlpha: number | null;
}

function groupByRecord(rows: readonly TaggerLabelledTag[]): TaggerLabelledTag[][] {
  const groups: TaggerLabelledTag[][] = [];
  for (const row of rows) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.recordId === row.recordId) last.push(row);
    else groups.push([row]);
  }
  return groups;
}

/** Settled labels in record order; conflicting records without a resolution are left out (see `listConflicts`). */
export async function goldRows(tagger: TaggerRepository, project: TaggerProject): Promise<GoldRow[]> {
  const names = new Map(project.labels.map((l) => [l.index, l.label]));
  const out: GoldRow[] = [];
  for (const group of groupByRecord(await tagger.labelledTags(project.id))) {
    const first = group[0]!;
    const unanimous = group.every((g) => g.label === first.label);
    const label = first.resolvedLabel ?? (unanimous ? first.label : null);
    if (label === null) continue;
    const times = group.map((g) => g.timeSpentMs).filter((t): t is number => t !== null);
    out.push({
      id: first.recordId,
      text: first.text,
      label,
      labelName: names.get(label) ?? String(label),
      split: first.split,
      annotators: [...(first.resolvedBy ? [first.resolvedBy] : []), ...group.map((g) => g.annotator)],
      timeSpentMs: times.length > 0 ? times.reduce((a, b) => a + b, 0) : null,
      resolvedBy: first.resolvedBy,
    });
  }
  return out;
}

/**
 * The project's gold labels in the store's GoldLabel shape (dataset = project id; annotator = who settled it,
 * joined with '+'), for the pipeline's evaluation.
 *
 * @example
 * const gold = await readGoldLabels(store.tagger, 'youtube-spam-3f2a1c'); // [{ dataset, itemId: 'c1', label: 1, annotator: 'alice', … }]
 */
export async function readGoldLabels(tagger: TaggerRepository, projectId: string): Promise<GoldLabel[]> {
  const project = await getProject(tagger, projectId);
  if (!project) return [];
  return (await goldRows(tagger, project)).map((r) => ({
    dataset: projectId,
    itemId: r.id,
    label: r.label,
    annotator: r.annotators.join('+'),
    timeSpentMs: r.timeSpentMs,
  }));
}

/** Records whose annotators disagree, with no resolution yet, in record order. */
export async function listConflicts(tagger: TaggerRepository, projectId: string): Promise<Conflict[]> {
  const out: Conflict[] = [];
  for (const group of groupByRecord(await tagger.labelledTags(projectId))) {
    const first = group[0]!;
    if (first.resolvedLabel !== null || group.every((g) => g.label === first.label)) continue;
    out.push({ id: first.recordId, text: first.text, votes: group.map((g) => ({ annotator: g.annotator, label: g.label })) });
  }
  return out;
}

/** Settles a record's label in review (replacing an earlier resolution). */
export async function resolveConflict(tagger: TaggerRepository, projectId: string, recordId: string, label: number, reviewer: string): Promise<void> {
  if (!(await tagger.saveResolution({ projectId, recordId, label, resolvedBy: reviewer })))
    throw new DataError(`field 'recordId': record ${JSON.stringify(recordId)} is not in project ${projectId}`, { record: recordId, field: 'recordId' });
}

/** Cohen's kappa (two annotators) and Krippendorff's alpha over the project's labels. */
export async function projectAgreement(tagger: TaggerRepository, projectId: string): Promise<AgreementReport> {
  const rows = await tagger.labelledTags(projectId);
  const labels: AnnotatedLabel[] = rows.map((r) => ({ recordId: r.recordId, annotator: r.annotator, label: r.label }));
  const annotators = [...new Set(labels.map((l) => l.annotator))].sort();
  const overlapping = groupByRecord(rows).filter((g) => g.length >= 2).length;
  return {
    annotators,
    overlapping,
    cohensKappa: annotators.length === 2 ? cohensKappa(labels, annotators[0]!, annotators[1]!) : null,
    krippendorffAlpha: krippendorffAlphaNominal(labels),
  };
}
