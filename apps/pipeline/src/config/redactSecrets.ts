// Redacts secrets from a config before it is stored with a run: URL passwords and secret-named keys, keeping `${VAR}` names.

/** `scheme://user:password@…`: the password is group 2. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]*)(@.*)$/is;
/** Keys whose values are secrets whatever they look like. */
const SECRET_KEY = /(password|passwd|secret|token|api_?keys?|credentials?)$/i;
const REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}/;
export const REDACTED = '***';

function redactString(value: string, raw: unknown, secretKey: boolean): string {
  if (secretKey) return typeof raw === 'string' && REFERENCE.test(raw) ? raw : REDACTED;
  const url = URL_PASSWORD.exec(value);
  if (!url || url[2] === '') return value;
  const rawPassword = typeof raw === 'string' ? URL_PASSWORD.exec(raw)?.[2] : undefined;
  return `${url[1]}${rawPassword !== undefined && REFERENCE.test(rawPassword) ? rawPassword : REDACTED}${url[3]}`;
}

/**
 * The config with every URL password replaced by `***`, and every value under a secret-named key (password,
 * token, apiKeys …) too; where the YAML wrote a `${VAR}` reference there (`raw`, the config before expansion),
 * the reference is kept instead, so the stored config says which variable held the secret.
 *
 * @example
 * redactSecrets({ store: { url: 'postgres://u:hunter2@db/x' } }, { store: { url: 'postgres://u:${PGPASS}@db/x' } })
 * // { store: { url: 'postgres://u:${PGPASS}@db/x' } }
 */
export function redactSecrets(value: unknown, raw?: unknown, secretKey = false): unknown {
  if (typeof value === 'string') return redactString(value, raw, secretKey);
  if (Array.isArray(value)) return value.map((item, i) => redactSecrets(item, Array.isArray(raw) ? raw[i] : undefined, secretKey));
  if (value !== null && typeof value === 'object') {
    const rawObject = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactSecrets(item, rawObject[key], secretKey || SECRET_KEY.test(key))]));
  }
  return secretKey && value !== null && value !== undefined && typeof value !== 'boolean' ? REDACTED : value;
}
