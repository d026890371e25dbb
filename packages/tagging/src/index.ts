// Public API of @skimmer/tagging: the tagging domain (projects, records, tags, gold labels, agreement, the annotator queue, users and sessions), shared by the tagger server and the pipeline.

export {
  createProject,
  createProjectWithRecords,
  addRecords,
  setPredictions,
  getProject,
  listProjects,
  addMember,
  isMember,
  validateLabels,
} from './projects.ts';
export type { LabelDefinition, ProjectSettings, RecordInput, RecordHints, RecordOrdering, TaggerProject } from './projects.ts';
export { readGoldLabels, goldRows, listConflicts, resolveConflict, projectAgreement } from './goldLabels.ts';
export type { GoldRow, Conflict, AgreementReport } from './goldLabels.ts';
export { recordTag, undoLastTag, tagHistory, projectProgress, HISTORY_LENGTH } from './tags.ts';
export type { TagDecision, Progress } from './tags.ts';
export { nextRecords, queuedRecord } from './tagQueue.ts';
export type { QueuedRecord } from './tagQueue.ts';
export { addUser, rotateToken, checkUserName, userByToken, hashToken } from './users.ts';
export type { TaggerUser } from './users.ts';
export { openSession, userBySession, closeSession, DEFAULT_SESSION_TTL_SECONDS } from './sessions.ts';
export { cohensKappa, krippendorffAlphaNominal } from './agreement.ts';
export type { AnnotatedLabel } from './agreement.ts';
export { seededRank, uncertaintyMargin } from './recordRank.ts';
export { exportGold, csvField, EXPORT_COLUMNS, EXPORT_CONTENT_TYPES } from './exportGold.ts';
export type { ExportFormat } from './exportGold.ts';
export { parseDataFile, parseLabelsFile } from './uploadedFiles.ts';
