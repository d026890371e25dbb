// Text normalisation for dataset preparation: NFKC, whitespace collapsing, URLs to a token, optional lower-casing.

/** How `normalizeText` rewrites a text. */
export interface NormalizeOptions {
  /** Unicode NFKC (full-width letters, ligatures, styled maths letters to plain). Default true. */
  nfkc?: boolean;
  /** Runs of whitespace (newlines included) to one space, trimmed. Default true. */
  collapseWhitespace?: boolean;
  /** Replaces every http(s):// or www. URL with this token; null keeps URLs. Default '<url>'. */
  urlToken?: string | null;
  /** Default false. */
  lowercase?: boolean;
}

// One greedy run of non-space characters after a scheme: linear, no nested quantifiers.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+/giu;
const WHITESPACE = /\s+/gu;

/**
 * The normalised form of a text, used for deduplication and naive labelling (the original text is kept as well).
 *
 * @example
 * normalizeText('Ｎｅｗ  model!\nhttps://t.co/abc') // 'New model! <url>'
 */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  let out = options.nfkc === false ? text : text.normalize('NFKC');
  const urlToken = options.urlToken === undefined ? '<url>' : options.urlToken;
  if (urlToken !== null) out = out.replace(URL_PATTERN, urlToken);
  if (options.collapseWhitespace !== false) out = out.replace(WHITESPACE, ' ').trim();
  if (options.lowercase) out = out.toLowerCase();
  return out;
}
