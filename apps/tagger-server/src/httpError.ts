// The error the HTTP layer answers with: a status code and a message meant for the person using the tagger.

import { SkimmerError } from '@skimmer/core';

/** A refusal with an HTTP status (401, 403, 404, 413 …) and a clear message. */
export class HttpError extends SkimmerError {
  readonly statusCode: number;
  constructor(statusCode: number, message: string, context: Record<string, unknown> = {}) {
    super('HTTP_REFUSED', message, { statusCode, ...context });
    this.name = 'HttpError';
    this.statusCode = statusCode;
  }
}

/** "20 MB" for 20 * 1024 * 1024 bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
