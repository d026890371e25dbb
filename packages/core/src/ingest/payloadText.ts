// The JSON text a decoded payload object was parsed from, kept so a store can write it as jsonb without stringifying it again.

/** Where the text is kept: a non-enumerable symbol property of the payload (no WeakMap: its entries are dear to add and to collect). */
const TEXT = Symbol('skimmer.payloadText');

/** Remembers that `payload` was parsed from exactly `text` (held by the object: gone with it). */
export function rememberPayloadText(payload: unknown, text: string): void {
  if (typeof payload === 'object' && payload !== null) Object.defineProperty(payload, TEXT, { value: text, configurable: true });
}

/**
 * The JSON text `payload` was parsed from by `decodePosts`, or undefined (built in code, or changed since: callers
 * that mutate a decoded payload must not rely on it).
 *
 * @example
 * const [post] = decodePosts('{"data":{"id":"1","text":"hi","created_at":"2021-04-01T15:52:31.000Z"}}', 'v2', 'r');
 * payloadText(post.payload); // '{"data":{"id":"1","text":"hi","created_at":"2021-04-01T15:52:31.000Z"}}'
 */
export function payloadText(payload: unknown): string | undefined {
  return typeof payload === 'object' && payload !== null ? ((payload as { [TEXT]?: string })[TEXT]) : undefined;
}
