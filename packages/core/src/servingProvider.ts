// The serving provider contract: what a plugin registers so `serve` and `classify-stream` start the API and load models without importing it.

import type { DependencyContainer } from 'tsyringe';
import type { ZodType } from 'zod';
import type { ClassifierFactory } from './classifier.ts';
import type { StreamModel } from './classifyStream/classifyBatchHandler.ts';
import { TOKENS } from './plugin.ts';
import type { Store } from './store.ts';

/** The part of `classifyStream:` the streaming classifier itself reads (the provider's schema fills the defaults). */
export interface ClassifyStreamSettings {
  /** The topic the classifier reads; absent: the config's `ingest.topic`, else `posts`. */
  readonly topic?: string;
  readonly group: string;
  readonly batchSize: number;
  /** Stop after this many seconds (default: run until interrupted). */
  readonly durationSeconds?: number;
}

/** What `startServer` and `loadStreamModel` receive besides the validated section. */
export interface ServingContext {
  /** Directory of the config file: a model `dir` resolves against it. */
  readonly baseDir: string;
  /** The project's store, when one is open (the model of a run, the dashboard). */
  readonly store?: Store;
  /**
   * The classifier factories the project's plugins register: a model saved by a plugin's classifier loads through its
   * own factory (they win over the provider's built-in ones of the same type).
   */
  readonly classifiers?: readonly ClassifierFactory[];
}

/** A running API server. */
export interface RunningServer {
  close(): Promise<void>;
}

/**
 * Serves classifiers (@skimmer/plugins-serve by default); apps resolve it from the container under
 * `TOKENS.ServingProvider` and validate `serve:` / `classifyStream:` with its schemas (errors with file and line).
 */
export interface ServingProvider<S = unknown, C extends ClassifyStreamSettings = ClassifyStreamSettings> {
  /** Validates the `serve:` section. */
  readonly serveSchema: ZodType<S>;
  /** Validates the `classifyStream:` section. */
  readonly classifyStreamSchema: ZodType<C>;
  /** True when `serve:` reads its model from the store's runs (the caller then opens the store). */
  needsStore(serve: S): boolean;
  /** Problems worth a line on stderr before starting (e.g. no API keys: every protected route answers 401). */
  warnings(serve: S): string[];
  /**
   * Starts the API (and the dashboard when a store is given), listening on `port` (default `serve.port`); its request
   * logs at `logLevel` (pino's names, the CLI's `--log-level`; default info).
   */
  startServer(serve: S, ctx: ServingContext & { readonly port?: number; readonly logLevel?: string }): Promise<RunningServer>;
  /** Loads `classifyStream.model` and the index of the class whose posts' URLs get labelled. */
  loadStreamModel(stream: C, ctx: ServingContext & { readonly store: Store }): Promise<{ model: StreamModel; relevant: number }>;
}

/** Registers the serving provider (a later registration replaces an earlier one). */
export function registerServingProvider(container: DependencyContainer, provider: ServingProvider): void {
  container.register(TOKENS.ServingProvider, { useValue: provider });
}
