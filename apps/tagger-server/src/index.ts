// Public API of @skimmer/tagger-server: the server, the store it writes to, and the programmatic project API for the pipeline.

export { buildTaggerApp, startTaggerServer, DEFAULT_UPLOAD_LIMIT_BYTES } from './server.ts';
export type { TaggerServerOptions, RunningTagger } from './server.ts';
export { openTaggerStore, migrateTagger, taggerMigrationsDir, DEFAULT_TAGGER_DATA_DIR } from './taggerStore.ts';
export { createProject, addRecords, setPredictions, getProject, listProjects, addMember, isMember, validateLabels } from './projects.ts';
export type { LabelDefinition, ProjectSettings, RecordInput, RecordHints, RecordOrdering, TaggerProject } from './projects.ts';
export { readGoldLabels, goldRows, listConflicts, resolveConflict, projectAgreement } from './goldLabels.ts';
export type { GoldRow, Conflict, AgreementReport } from './goldLabels.ts';
export { recordTag, undoLastTag, tagHistory, projectProgress, HISTORY_LENGTH } from './tags.ts';
export type { TagDecision, Progress } from './tags.ts';
export { nextRecords } from './tagQueue.ts';
export type { QueuedRecord } from './tagQueue.ts';
export { addUser, userByToken, hashToken } from './users.ts';
export type { TaggerUser } from './users.ts';
export { cohensKappa, krippendorffAlphaNominal } from './agreement.ts';
export type { AnnotatedLabel } from './agreement.ts';
export { seededRank, uncertaintyMargin } from './recordRank.ts';
export { exportGold, EXPORT_COLUMNS } from './exportGold.ts';
export type { ExportFormat } from './exportGold.ts';
export { parseDataFile, parseLabelsFile } from './uploadedFiles.ts';
export { HttpError } from './httpError.ts';
export { CONTENT_SECURITY_POLICY } from './securityHeaders.ts';
