// Counts the API's consecutive 401 answers (a wrong or revoked bearer token): each is logged as a bad token, never with
// the token, and after a bounded number the source gives up with a ConfigError (the CLI exits 2) instead of retrying forever.

import { ApiResponseError } from 'twitter-api-v2';
import { ConfigError } from '@skimmer/core';
import type { Logger } from '@skimmer/core';

/** Consecutive 401 answers after which the source gives up, by default. */
export const DEFAULT_AUTH_FAILURE_LIMIT = 3;

/** True for the API's 401 Unauthorized: the bearer token is wrong, expired or revoked. */
export function isUnauthorized(error: unknown): error is ApiResponseError {
  return error instanceof ApiResponseError && error.code === 401;
}

/** The consecutive 401 answers of one source run. */
export class AuthFailures {
  private count = 0;

  /**
   * @param tokenName where the token comes from (an environment variable), for the messages
   * @param limit consecutive 401 answers before giving up (at least 1)
   */
  constructor(
    private readonly tokenName: string,
    private readonly limit: number,
    private readonly logger?: Logger,
  ) {}

  /** Consecutive 401 answers so far. */
  get failures(): number {
    return this.count;
  }

  /** A request got through: the count starts again. */
  reset(): void {
    this.count = 0;
  }

  /**
   * Records a 401 during `what` (logged as a bad token); returns the ConfigError to stop with once the limit is
   * reached, else undefined (retry).
   */
  note(what: string, error: ApiResponseError): ConfigError | undefined {
    this.count += 1;
    const fields = { status: error.code, during: what, failures: this.count, limit: this.limit, token: this.tokenName };
    this.logger?.error(fields, `the API refused the bearer token (HTTP 401 Unauthorized): ${this.tokenName} is wrong, expired or revoked`);
    if (this.count < this.limit) return undefined;
    return new ConfigError(
      this.tokenName,
      `the Twitter API refused the bearer token ${this.count} times in a row (HTTP 401 Unauthorized, last during ${what}); set a valid token and start again`,
      { status: 401, failures: this.count },
    );
  }
}
