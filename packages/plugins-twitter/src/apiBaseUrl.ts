// A twitter-api-v2 plugin that sends every request to another base URL (a proxy, or the fake server of the tests).

import type { ITwitterApiClientPlugin } from 'twitter-api-v2';

/** The prefix twitter-api-v2 puts before v2 endpoints. */
export const DEFAULT_API_BASE = 'https://api.x.com/2/';

/**
 * Rewrites `https://api.x.com/2/…` to `base…` in both the REST and the streaming request config hooks
 * (the library has no base-URL option).
 *
 * @example
 * new TwitterApi(token, { plugins: [apiBaseUrlPlugin('http://127.0.0.1:8080/2/')], httpAgent: new http.Agent() });
 */
export function apiBaseUrlPlugin(base: string): ITwitterApiClientPlugin {
  const target = base.endsWith('/') ? base : `${base}/`;
  // The hooks' `url` is a copy; the request is built from `params.url` afterwards, so that is what gets rewritten.
  const rewrite = ({ params }: { params: { url: string } }): void => {
    const known = ['https://api.x.com/2/', 'https://api.twitter.com/2/'].find((prefix) => params.url.startsWith(prefix));
    if (known) params.url = target + params.url.slice(known.length);
  };
  return { onBeforeRequestConfig: rewrite, onBeforeStreamRequestConfig: rewrite };
}
