// Specification of the frame classifier: exact normalised rows for post creates, skip reasons, and invalid frames' problems.

import { describe, expect, test } from 'vitest';
import { classifyFrame } from '../src/index.ts';
import type { BlueskyPostRow, FrameOutcome } from '../src/index.ts';
import { fixtureFrames } from './jetstreamReplayServer.ts';

const frames = fixtureFrames();
/** The frame on line `n` (1-based, as in the fixture README). */
const line = (n: number): string => frames[n - 1];
const cid = (c: string): string => `bafyrei${c.repeat(52)}`;

function rowOf(outcome: FrameOutcome): BlueskyPostRow {
  if (outcome.kind !== 'post') throw new Error(`expected a post, got ${JSON.stringify(outcome)}`);
  return outcome.row;
}

const base = { lang: 'en', langs: ['en'], expanded_urls: '', links: [], images: { count: 0, alt: [] }, reply: null, quote: null, platform: 'bluesky' } as const;

/** The row of an English post by `did` with record key `rkey`, without links, images or references unless `rest` adds them. */
function englishRow(
  did: string,
  rkey: string,
  post: Pick<BlueskyPostRow, 'text' | 'created_at' | 'cid' | 'time_us'>,
  rest: Partial<BlueskyPostRow> = {},
): BlueskyPostRow {
  return { ...base, links: [], langs: ['en'], images: { count: 0, alt: [] }, id: `at://${did}/app.bsky.feed.post/${rkey}`, author_id: did, ...post, ...rest };
}

describe('classifyFrame: post creates', () => {
  test('facet links become expanded URLs with their domains (tags are not links)', () => {
    const post = {
      text: 'New paper on LLM evaluation: arxiv.org/abs/2501.01234 #MachineLearning',
      created_at: '2026-05-25T14:30:01.120Z',
      cid: cid('b'),
      time_us: 1779720000137211,
    };
    expect(rowOf(classifyFrame(line(11)))).toEqual(
      englishRow('did:plc:a7xq3k2mzr4vtn6wlp5sd2hc', '3mmpa2lq7xk2a', post, {
        expanded_urls: 'https://arxiv.org/abs/2501.01234',
        links: [{ url: 'https://arxiv.org/abs/2501.01234', domain: 'arxiv.org', from: 'facet' }],
      }),
    );
  });

  test("an external embed's URL is a link too; the same URL in a facet is kept once", () => {
    const row = rowOf(classifyFrame(line(12)));
    expect(row.links).toEqual([{ url: 'https://realpython.com/pandas-python-explore-dataset/', domain: 'realpython.com', from: 'facet' }]);
    expect(row.expanded_urls).toBe('https://realpython.com/pandas-python-explore-dataset/');
  });

  test('images are counted with their alt texts; a +00:00 createdAt becomes UTC', () => {
    const row = rowOf(classifyFrame(line(13)));
    expect(row.images).toEqual({ count: 2, alt: ['Diagram: embedding layer feeding two transformer blocks', ''] });
    expect(row.created_at).toBe('2026-05-25T14:30:02.010Z');
    expect(row.links).toEqual([]);
  });

  test('replies keep their root and parent, quotes the quoted post, recordWithMedia both the quote and its images', () => {
    expect(rowOf(classifyFrame(line(14))).reply).toEqual({
      root: 'at://did:plc:a7xq3k2mzr4vtn6wlp5sd2hc/app.bsky.feed.post/3mmp9zz2abc2x',
      parent: 'at://did:plc:a7xq3k2mzr4vtn6wlp5sd2hc/app.bsky.feed.post/3mmpa2lq7xk2a',
    });
    expect(rowOf(classifyFrame(line(15))).quote).toBe('at://did:plc:w3r7xk2mq5zt8vn4hc6pbl2d/app.bsky.feed.post/3mmp7yq3ktc2f');
    const withMedia = rowOf(classifyFrame(line(16)));
    expect([withMedia.quote, withMedia.images]).toEqual([
      'at://did:plc:r6x2mq8kz3vt5wn7hc4pbl8g/app.bsky.feed.post/3mmp6tq2pxs2g',
      { count: 1, alt: ['Screenshot of a generated painting'] },
    ]);
  });

  test('the real recorded reply (Jetstream golden frame) normalises too', () => {
    const post = {
      text: 'Try RSV for a good time !!',
      created_at: '2026-05-25T14:23:28.757Z',
      cid: 'bafyreicl7rzkxdrm4zz2ehbx52kuk3mvfow6p3gzfys72r5grvskxoswy4',
      time_us: 1779719009157119,
    };
    const thread = 'at://did:plc:j76trmiofvaxxpvx2vnb2vwf/app.bsky.feed.post/3mmojbrjwbs26';
    expect(rowOf(classifyFrame(line(2)))).toEqual(
      englishRow('did:plc:q235v55g5unth4zjjdpacfdr', '3mmoojp4cd223', post, { reply: { root: thread, parent: thread } }),
    );
  });

  test('several langs: the first is `lang`; none: lang is null; non-http facet URIs are left out', () => {
    expect(rowOf(classifyFrame(line(24)))).toMatchObject({ lang: 'es', langs: ['es', 'en'] });
    expect(rowOf(classifyFrame(line(23)))).toMatchObject({ lang: null, langs: [] });
    expect(rowOf(classifyFrame(line(35))).links).toEqual([
      { url: 'https://example.org/slides?utm_source=bsky&talk=data%20science', domain: 'example.org', from: 'facet' },
    ]);
  });
});

describe('classifyFrame: what is skipped and what is invalid', () => {
  test('deletes, updates, other collections, identity and account events and text-less posts are skipped by reason', () => {
    const reasons = [1, 8, 9, 26, 27, 28, 29, 30, 31, 32].map((n) => {
      const outcome = classifyFrame(line(n));
      return outcome.kind === 'skip' ? outcome.reason : outcome.kind;
    });
    expect(reasons).toEqual([
      'other-collection',
      'identity',
      'account',
      'delete',
      'update',
      'other-collection',
      'other-collection',
      'identity',
      'account',
      'empty-text',
    ]);
  });

  test('malformed frames name the problem and keep the parsed frame when there is one', () => {
    const problems = [33, 34, 36, 37, 38].map((n) => {
      const outcome = classifyFrame(line(n));
      // V8's JSON.parse message differs between Node versions: only its start is fixed.
      return outcome.kind === 'invalid' ? [outcome.problem.replace(/^not JSON \(.*\)$/, 'not JSON (…)'), outcome.timeUs, 'json' in outcome] : outcome.kind;
    });
    expect(problems).toEqual([
      ['not JSON (…)', null, false],
      ['commit.record.text: expected a string', 1779720003293064, true],
      ['commit.record.createdAt: expected an RFC 3339 date-time, got "yesterday"', 1779720003567486, true],
      ['expected a JSON object', null, true],
      ['time_us: expected a positive integer (microseconds)', null, true],
    ]);
  });

  test('a post without a DID, rkey or valid reply reference is invalid', () => {
    const post = JSON.parse(line(14));
    const variants = [
      { ...post, did: 'plc:nodid' },
      { ...post, commit: { ...post.commit, rkey: '' } },
      { ...post, commit: { ...post.commit, record: { ...post.commit.record, reply: { root: {} } } } },
    ];
    expect(variants.map((v) => classifyFrame(JSON.stringify(v))).map((o) => (o.kind === 'invalid' ? o.problem : o.kind))).toEqual([
      'did: expected a DID (did:…)',
      'commit.rkey: expected a record key',
      'commit.record.reply.root.uri: expected an at:// URI',
    ]);
  });
});
