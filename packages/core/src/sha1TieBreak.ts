// Snorkel's reproducible tie-break, `int(sha1(str(i)).hexdigest(), 16) % n`, without a hash object, hex string or BigInt per row.

import { createHash } from 'node:crypto';

/** The message schedule of one SHA-1 block, reused by every call. */
const W = new Int32Array(80);
/** Longest ASCII input that fits SHA-1's one 64-byte block with its padding (a row index has at most 16 digits, or 22 in e-notation). */
const ONE_BLOCK = 55;
/** Above this, `r · 2³² + word` (the remainder step below) would leave the doubles' exact integers. */
const MAX_EXACT_TIED = 1 << 20;
const TWO_32 = 2 ** 32;

/** `int(sha1(s).hexdigest(), 16) % n` the long way: node:crypto and BigInt. */
function viaCrypto(s: string, n: number): number {
  const digest = createHash('sha1').update(s, 'utf8').digest('hex');
  return Number(BigInt(`0x${digest}`) % BigInt(n));
}

/** ASCII only (every byte a UTF-16 unit below 0x80) and one block long. */
function fitsOneBlock(s: string): boolean {
  if (s.length > ONE_BLOCK) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * SHA-1 (FIPS 180-4) of `s` as an integer, modulo `n`: `int(hashlib.sha1(s.encode()).hexdigest(), 16) % n`. Short
 * ASCII strings (row indices) are hashed here, one block, the 160-bit digest reduced 32 bits at a time; anything else
 * goes through node:crypto. test/sha1TieBreak.test.ts checks both agree on hundreds of thousands of indices.
 *
 * @example
 * sha1Mod('0', 2); // 0: sha1("0") = b6589fc6…, even
 */
export function sha1Mod(s: string, n: number): number {
  if (!reducible(n) || !fitsOneBlock(s)) return viaCrypto(s, n);
  digestInto(s, DIGEST, 0);
  return mod160(DIGEST, 0, n);
}

/** A modulus the word-by-word reduction keeps exact. */
function reducible(n: number): boolean {
  return n >= 1 && n <= MAX_EXACT_TIED && Number.isInteger(n);
}

/** The 160-bit number in `words[at .. at + 4]` (big-endian words) modulo n: r = (r · 2³² + word) mod n, word by word. */
function mod160(words: Uint32Array, at: number, n: number): number {
  let r = words[at] % n;
  r = (r * TWO_32 + words[at + 1]) % n;
  r = (r * TWO_32 + words[at + 2]) % n;
  r = (r * TWO_32 + words[at + 3]) % n;
  return (r * TWO_32 + words[at + 4]) % n;
}

/** SHA-1 of one-block ASCII `s`, its five words written to `out[at .. at + 4]`. */
function digestInto(s: string, out: Uint32Array, at: number): void {
  W.fill(0, 0, 16);
  const len = s.length;
  for (let i = 0; i < len; i++) W[i >> 2] |= s.charCodeAt(i) << (24 - 8 * (i & 3));
  W[len >> 2] |= 0x80 << (24 - 8 * (len & 3));
  W[15] = len * 8;
  for (let t = 16; t < 80; t++) {
    const x = W[t - 3] ^ W[t - 8] ^ W[t - 14] ^ W[t - 16];
    W[t] = (x << 1) | (x >>> 31);
  }
  let a = 0x67452301;
  let b = 0xefcdab89 | 0;
  let c = 0x98badcfe | 0;
  let d = 0x10325476;
  let e = 0xc3d2e1f0 | 0;
  // 80 steps in four rounds of 20, each with its own f(b, c, d) and constant k.
  for (let t = 0; t < 80; t++) {
    const f = t < 20 ? (b & c) | (~b & d) : t < 40 || t >= 60 ? b ^ c ^ d : (b & c) | (b & d) | (c & d);
    const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
    const temp = (((a << 5) | (a >>> 27)) + f + e + k + W[t]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = temp;
  }
  out[at] = 0x67452301 + a;
  out[at + 1] = 0xefcdab89 + b;
  out[at + 2] = 0x98badcfe + c;
  out[at + 3] = 0x10325476 + d;
  out[at + 4] = 0xc3d2e1f0 + e;
}

/** Scratch for one digest. */
const DIGEST = new Uint32Array(5);
/** Rows whose digests are remembered, direct-mapped by row index: more than a chunk of rows, so the scorers and the report that break the same chunk's ties one after another hash each row once. */
const REMEMBERED_ROWS = 1 << 15;
/** Allocated at the first tie broken (≈ 900 KB), not at import: most users of core never break a tie. */
let rememberedRow: Float64Array | undefined;
let rememberedDigest: Uint32Array | undefined;

/**
 * Snorkel's deterministic tie-break: which of `nTied` tied classes row `rowIndex` gets,
 * `int(sha1(str(rowIndex)).hexdigest(), 16) % nTied`, equal to `sha1Mod(String(rowIndex), nTied)`; the digests of the
 * last rows asked for are remembered (pure: a row's digest never changes).
 *
 * @example
 * hashTieBreak(0, 2); // 0: sha1("0") is even
 */
export function hashTieBreak(rowIndex: number, nTied: number): number {
  if (!(Number.isSafeInteger(rowIndex) && rowIndex >= 0) || !reducible(nTied)) return sha1Mod(String(rowIndex), nTied);
  rememberedRow ??= new Float64Array(REMEMBERED_ROWS).fill(-1);
  rememberedDigest ??= new Uint32Array(REMEMBERED_ROWS * 5);
  const slot = rowIndex % REMEMBERED_ROWS;
  if (rememberedRow[slot] !== rowIndex) {
    digestInto(String(rowIndex), rememberedDigest, slot * 5);
    rememberedRow[slot] = rowIndex;
  }
  return mod160(rememberedDigest, slot * 5, nTied);
}
