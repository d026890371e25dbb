// The JSON a decoded payload object was parsed from (its bytes or text), kept so a store can write it as jsonb without stringifying it again.

/** Where the source is kept: a non-enumerable symbol property of the payload (no WeakMap: its entries are dear to add and to collect). */
const SOURCE = Symbol('skimmer.payloadSource');

/**
 * Remembers that `payload` was parsed from exactly `json`: the record's UTF-8 bytes (a view, not a copy) or its text.
 * Held by the object: gone with it.
 */
export function rememberPayloadSource(payload: unknown, json: Uint8Array | string): void {
  if (typeof payload === 'object' && payload !== null) Object.defineProperty(payload, SOURCE, { value: json, configurable: true });
}

/**
 * The bytes or text `payload` was parsed from by `decodePosts`, or undefined (built in code, or changed since: callers
 * that mutate a decoded payload must not rely on it). Bytes are valid UTF-8 without a byte-order mark.
 *
 * @example
 * const [post] = decodePosts(Buffer.from('{"id":"1","text":"hi","created_at":"2021-04-01T15:52:31.000Z"}'), 'replay', 'r');
 * payloadSource(post.payload); // the record's own bytes
 */
export function payloadSource(payload: unknown): Uint8Array | string | undefined {
  return typeof payload === 'object' && payload !== null ? (payload as { [SOURCE]?: Uint8Array | string })[SOURCE] : undefined;
}

/**
 * The JSON text `payload` was parsed from by `decodePosts`, or undefined (see payloadSource).
 *
 * @example
 * const [post] = decodePosts('{"id":"1","text":"hi","created_at":"2021-04-01T15:52:31.000Z"}', 'replay', 'r');
 * payloadText(post.payload); // '{"data":{"id":"1","text":"hi","created_at":"2021-04-01T15:52:31.000Z"}}'
 */
export function payloadText(payload: unknown): string | undefined {
  const source = payloadSource(payload);
  return source === undefined || typeof source === 'string' ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString('utf8');
}
