// Specification of the reconnect policy and the base-URL rewrite of the twitter source.

import { describe, expect, test } from 'vitest';
import { ApiResponseError } from 'twitter-api-v2';
import { apiBaseUrlPlugin, defaultReconnectDelayMs, reconnectDelay } from '../src/index.ts';

function tooManyRequests(resetEpochS: number): ApiResponseError {
  return new ApiResponseError('Request failed with code 429', {
    code: 429,
    request: {} as never,
    response: { headers: {}, statusCode: 429 } as never,
    headers: {},
    data: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } as never,
    rateLimit: { limit: 50, remaining: 0, reset: resetEpochS },
  });
}

describe('reconnectDelay', () => {
  test('backs off 5 s, 15 s, 30 s … and at most 15 minutes', () => {
    expect([1, 2, 3, 9, 50].map(defaultReconnectDelayMs)).toEqual([5_000, 15_000, 30_000, 900_000, 900_000]);
  });

  test('after a 429 it waits for the rate-limit reset (plus one second), whatever the attempt', () => {
    const now = 1_700_000_000_000;
    expect(reconnectDelay(1, tooManyRequests(now / 1000 + 60), defaultReconnectDelayMs, now)).toBe(61_000);
  });

  test('a connection error uses the configured backoff', () => {
    expect(reconnectDelay(3, new Error('socket hang up'), (n) => n * 10)).toBe(30);
  });
});

describe('apiBaseUrlPlugin', () => {
  test('rewrites the v2 prefix of REST and stream requests and keeps the path and query', () => {
    const plugin = apiBaseUrlPlugin('http://127.0.0.1:8080/2/');
    const params = { url: 'https://api.x.com/2/tweets/search/stream?expansions=author_id' };
    plugin.onBeforeStreamRequestConfig!({ params } as never);
    expect(params.url).toBe('http://127.0.0.1:8080/2/tweets/search/stream?expansions=author_id');
  });
});
