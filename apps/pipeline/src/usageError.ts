// The error for a wrong command line (missing argument, unknown command): printed as one line, exit code 2.

import { SkimmerError } from '@skimmer/core';

/** A command-line usage mistake. */
export class UsageError extends SkimmerError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}
