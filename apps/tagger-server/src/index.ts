// Public API of @skimmer/tagger-server: the HTTP server and the store it writes to (the tagging domain itself is @skimmer/tagging).

export { buildTaggerApp, startTaggerServer, DEFAULT_UPLOAD_LIMIT_BYTES } from './server.ts';
export type { TaggerServerOptions, RunningTagger } from './server.ts';
export { openTaggerStore, DEFAULT_TAGGER_DATA_DIR } from './taggerStore.ts';
export { HttpError } from './httpError.ts';
export { CONTENT_SECURITY_POLICY } from './securityHeaders.ts';
