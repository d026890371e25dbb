// Specification of the topic classify-stream reads (classifyStream.topic, else ingest.topic, else posts) and of its one
// warning line when that topic holds no record at start.

import { afterEach, expect, test, vi } from 'vitest';
import { InProcessBus } from '@skimmer/core';
import { classifyStreamTopic, warnIfTopicEmpty } from '../src/commands/classifyStream.ts';

afterEach(() => vi.restoreAllMocks());

test('classifyStream.topic defaults to ingest.topic, then to posts', () => {
  expect(classifyStreamTopic({}, { topic: 'nu2-bsky' })).toBe('nu2-bsky');
  expect(classifyStreamTopic({ topic: 'other' }, { topic: 'nu2-bsky' })).toBe('other');
  expect(classifyStreamTopic({}, undefined)).toBe('posts');
});

test('a topic that is missing or empty at start gets one warning line on stderr; one with records none', async () => {
  const bus = new InProcessBus();
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  await warnIfTopicEmpty(bus, 'posts', 'nu2-bsky');
  await bus.ensureTopic('empty', 2);
  await warnIfTopicEmpty(bus, 'empty', undefined);
  await bus.produce('full', [{ key: '1', value: '{}' }]);
  await warnIfTopicEmpty(bus, 'full', 'full');
  expect(errors.mock.calls).toEqual([
    [
      'pipeline classify-stream: warning: topic "posts" does not exist or holds no records yet, so there is nothing to classify until something is produced to it (ingest.topic is "nu2-bsky"; classifyStream.topic sets another)',
    ],
    [
      'pipeline classify-stream: warning: topic "empty" does not exist or holds no records yet, so there is nothing to classify until something is produced to it (no ingest: section names the topic ingest produces to; classifyStream.topic sets another)',
    ],
  ]);
});
