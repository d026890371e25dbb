// The `ingest.source` options of `type: bluesky` (Jetstream endpoint, filters, reconnect policy), validated once at the door.

import { z } from 'zod';
import { compileRegex } from '@skimmer/plugins-regex';

/** Bluesky's public Jetstream instances speak the same v1 JSON wire at `/subscribe`; any of them works. */
export const DEFAULT_JETSTREAM_ENDPOINT = 'wss://jetstream2.us-east.bsky.network/subscribe';

/** The only collection this source asks Jetstream for. */
export const POST_COLLECTION = 'app.bsky.feed.post';

/** RE2 refuses a pattern here, at the door; `atPattern` puts the issue on the pattern itself (a plain string) rather than on `pattern` of an entry. */
const checkRegex = (entry: { pattern: string; flags: string }, ctx: z.RefinementCtx, atPattern: boolean): void => {
  const compiled = compileRegex(entry.pattern, entry.flags);
  if (!compiled.ok) ctx.addIssue({ code: 'custom', path: atPattern ? [] : [compiled.field], message: compiled.message });
};

const regexEntry = z.strictObject({ pattern: z.string().min(1), flags: z.string().default('i') }).superRefine((entry, ctx) => checkRegex(entry, ctx, false));

/** A plain string is a pattern with flag `i`, checked as an entry is. */
const regexString = z
  .string()
  .min(1)
  .transform((pattern) => ({ pattern, flags: 'i' }))
  .superRefine((entry, ctx) => checkRegex(entry, ctx, true));

/** The whole `ingest.source` object of a Bluesky source, `type` included. */
export const blueskySourceOptions = z
  .strictObject({
    type: z.literal('bluesky'),
    /** A Jetstream `/subscribe` URL (ws:// or wss://). */
    endpoint: z
      .string()
      .default(DEFAULT_JETSTREAM_ENDPOINT)
      .refine((u) => URL.canParse(u) && /^wss?:$/.test(new URL(u).protocol), { message: 'must be a ws:// or wss:// URL' }),
    /** Keep posts that contain one of these words (whole words, case-insensitive); with `regex`, either one matching keeps a post. */
    keywords: z.array(z.string().trim().min(1)).default([]),
    /** Keep posts matching one of these patterns (RE2: linear time, no backreferences / lookaround). A string is a pattern with flag `i`. */
    regex: z.array(z.union([regexString, regexEntry])).default([]),
    /** Keep posts whose `langs` include one of these (BCP-47 primary tags, e.g. en, fr; `en` also keeps `en-US`). Empty: any language. */
    languages: z.array(z.string().trim().min(1)).default([]),
    /** Jetstream's zstd compression with its custom dictionary; not available here (see docs/plugins-bluesky.md). */
    compress: z
      .literal(false, { message: 'zstd needs a decoder with dictionary support, which Node 20 does not have: leave compress off (frames are then plain JSON)' })
      .default(false),
    reconnect: z
      .strictObject({
        /** First wait after a dropped or failed connection. */
        initialDelayMs: z.number().int().min(0).default(1_000),
        /** Waits double after each failure, up to this. */
        maxDelayMs: z.number().int().min(0).default(30_000),
        /** Consecutive connections that fail before delivering a frame before the source gives up (the run fails). */
        maxAttempts: z.number().int().min(1).default(12),
      })
      .prefault({}),
    /** A connection silent this long is dropped and reopened from the cursor (the firehose is never quiet for long). */
    idleTimeoutMs: z.number().int().min(100).default(60_000),
  })
  .superRefine((o, ctx) => {
    if (o.reconnect.maxDelayMs < o.reconnect.initialDelayMs)
      ctx.addIssue({ code: 'custom', path: ['reconnect', 'maxDelayMs'], message: 'must be >= reconnect.initialDelayMs' });
  });

export type BlueskySourceOptions = z.infer<typeof blueskySourceOptions>;
export type BlueskySourceInput = z.input<typeof blueskySourceOptions>;
