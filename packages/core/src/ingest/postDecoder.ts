// The payload-format contract: a PostDecoder turns one parsed JSON object of a format it knows into Posts, and names
// the module export it lives in (its spec), so decode worker threads can load the same decoders by module path.

import type { DependencyContainer } from 'tsyringe';
import { ConfigError } from '../errors.ts';
import { TOKENS } from '../plugin.ts';
import type { Post } from '../post.ts';
import type { JsonObject } from './payloadFields.ts';

/** Where a decoder lives: a module specifier (a file URL or a package export) and the name of its export. */
export interface PostDecoderSpec {
  readonly module: string;
  readonly export: string;
}

/**
 * One payload format. `decode` returns null for an object that is not of its format (the next decoder is tried, and the
 * flat-row decoder last); it throws a DataError for one that is, but is malformed.
 *
 * @example
 * export const myDecoder: PostDecoder = { spec: { module: import.meta.url, export: 'myDecoder' }, decode: (obj, source) => ('my' in obj ? [toPost(obj, source)] : null) };
 */
export interface PostDecoder {
  readonly spec: PostDecoderSpec;
  decode(obj: JsonObject, source: string, record: string): Post[] | null;
}

function isPostDecoder(value: unknown): value is PostDecoder {
  return typeof value === 'object' && value !== null && typeof (value as PostDecoder).decode === 'function';
}

/** The decoders named by `specs`, in their order, all imported in one step; a spec naming no decoder is a ConfigError. */
export async function loadPostDecoders(specs: readonly PostDecoderSpec[]): Promise<PostDecoder[]> {
  const modules = await Promise.all(specs.map((spec) => import(spec.module) as Promise<Record<string, unknown>>));
  return specs.map((spec, i) => {
    const decoder = modules[i][spec.export];
    if (!isPostDecoder(decoder)) throw new ConfigError('decoders', `${spec.module} exports no PostDecoder named ${spec.export}`, { ...spec });
    return decoder;
  });
}

/** Registers payload formats (a plugin's `register`); they are tried after those registered before them. */
export function registerPostDecoders(container: DependencyContainer, decoders: readonly PostDecoder[]): void {
  for (const decoder of decoders) container.register(TOKENS.PostDecoder, { useValue: decoder });
}

/**
 * The payload formats the loaded plugins registered, in registration order (none: flat rows only).
 *
 * @example
 * await runIngest({ source, bus, posts: store.posts, decoders: postDecodersOf(project.container) });
 */
export function postDecodersOf(container: DependencyContainer): PostDecoder[] {
  return container.isRegistered(TOKENS.PostDecoder) ? container.resolveAll<PostDecoder>(TOKENS.PostDecoder) : [];
}
