// The JSON text a decoded payload object was parsed from, kept so a store can write it as jsonb without stringifying it again.

const texts = new WeakMap<object, string>();

/** Remembers that `payload` was parsed from exactly `text` (held weakly: gone with the object). */
export function rememberPayloadText(payload: unknown, text: string): void {
  if (typeof payload === 'object' && payload !== null) texts.set(payload, text);
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
  return typeof payload === 'object' && payload !== null ? texts.get(payload) : undefined;
}
