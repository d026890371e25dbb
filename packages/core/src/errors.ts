// Typed errors for Skimmer: every error carries a stable code and the context (record, field, file) it concerns.

/** Base error: `code` is stable and machine-readable; `context` names what the error is about. */
export class SkimmerError extends Error {
  readonly code: string;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SkimmerError';
    this.code = code;
    this.context = context;
  }
}

/** A configuration value is wrong: `path` is the YAML path (e.g. `lfs[3].pattern`). */
export class ConfigError extends SkimmerError {
  readonly path: string;
  constructor(path: string, message: string, context: Record<string, unknown> = {}) {
    super('CONFIG_INVALID', path ? `${path}: ${message}` : message, { path, ...context });
    this.name = 'ConfigError';
    this.path = path;
  }
}

/** Input data is malformed: names the file / record / field and what was expected. */
export class DataError extends SkimmerError {
  constructor(message: string, context: { file?: string; record?: string | number; field?: string; [k: string]: unknown } = {}) {
    super('DATA_INVALID', message, context);
    this.name = 'DataError';
  }
}

/** A label model was given input or settings it cannot use, or its optimisation failed. */
export class LabelModelError extends SkimmerError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('LABEL_MODEL', message, context);
    this.name = 'LabelModelError';
  }
}

/** A labeling function threw on a point or returned something that is not a valid label; names the LF and the point. */
export class LFApplyError extends SkimmerError {
  readonly lf: string;
  readonly pointId: string | undefined;
  constructor(message: string, context: { lf: string; pointId?: string; rowIndex?: number; [k: string]: unknown }, options?: { cause?: unknown }) {
    super('LF_APPLY', message, context, options);
    this.name = 'LFApplyError';
    this.lf = context.lf;
    this.pointId = context.pointId;
  }
}
