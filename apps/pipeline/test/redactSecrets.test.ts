// Specifies what a run stores of its config: no password, no token; a `${VAR}` the YAML wrote is kept as the name.
import { expect, test } from 'vitest';
import { expandEnv } from '../src/config/expandEnv.ts';
import { redactSecrets } from '../src/config/redactSecrets.ts';

test('store URL passwords are redacted, a ${VAR} password is kept as the variable name, secret keys are masked', () => {
  const raw = {
    store: { url: 'postgres://skimmer:${PGPASS}@db:5432/skimmer' },
    mirror: { url: 'postgres://skimmer:plain-secret@db/x', other: 'https://example.org/a?b=c' },
    whole: '${DATABASE_URL}',
    ingest: { source: { bearerToken: 'AAAA-literal-token', apiKeys: ['k1234567890123456'] }, bus: { password: '${KAFKA_PASS}' } },
    serve: { apiKeysEnv: 'SKIMMER_API_KEYS' },
    labels: ['ham', 'spam'],
  };
  const env = { PGPASS: 'hunter2', DATABASE_URL: 'postgres://u:p4ss@h/d', KAFKA_PASS: 'kafka-secret' };
  const stored = redactSecrets(expandEnv(raw, env), raw);
  expect(stored).toEqual({
    store: { url: 'postgres://skimmer:${PGPASS}@db:5432/skimmer' },
    mirror: { url: 'postgres://skimmer:***@db/x', other: 'https://example.org/a?b=c' },
    whole: 'postgres://u:***@h/d',
    ingest: { source: { bearerToken: '***', apiKeys: ['***'] }, bus: { password: '${KAFKA_PASS}' } },
    serve: { apiKeysEnv: 'SKIMMER_API_KEYS' },
    labels: ['ham', 'spam'],
  });
  expect(JSON.stringify(stored)).not.toMatch(/hunter2|p4ss|plain-secret|literal-token|kafka-secret|k1234567890123456/);
});
