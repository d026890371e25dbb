// openStore: failures to reach the database are StoreErrors that name the step.
import { describe, expect, test } from 'vitest';
import { openStore } from '../src/openStore.ts';

describe('openStore', () => {
  test('a server that refuses connections is a StoreError from openStore', async () => {
    await expect(openStore({ url: 'postgres://nobody:secret@127.0.0.1:1/nowhere' })).rejects.toMatchObject({
      name: 'StoreError',
      code: 'STORE',
      context: { operation: 'openStore', kind: 'server' },
    });
  });
});
