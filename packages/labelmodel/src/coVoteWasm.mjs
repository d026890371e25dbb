// A WebAssembly co-vote kernel (bitsets + native i64.popcnt), assembled here from opcodes so there is no build step.

// Value types and opcodes of the WebAssembly 1.0 binary format (plus memory.fill from bulk memory).
const I32 = 0x7f;
const I64 = 0x7e;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth) => [0x0c, depth],
  brIf: (depth) => [0x0d, depth],
  return: [0x0f],
  select: [0x1b],
  get: (local) => [0x20, local],
  set: (local) => [0x21, local],
  tee: (local) => [0x22, local],
  i32Load: [0x28, 2, 0],
  i64Load: [0x29, 3, 0],
  f64Load: [0x2b, 3, 0],
  i64Store: [0x37, 3, 0],
  f64Store: [0x39, 3, 0],
  i32: (value) => [0x41, ...sleb(value)],
  i64: (value) => [0x42, ...sleb(value)],
  i32GtU: [0x4b],
  i32GeU: [0x4f],
  i32LtU: [0x49],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  i32WrapI64: [0xa7],
  i64Popcnt: [0x7b],
  i64Add: [0x7c],
  i64And: [0x83],
  i64Or: [0x84],
  i64Shl: [0x86],
  i64ExtendI32U: [0xad],
  f64Add: [0xa0],
  f64ConvertI64U: [0xba],
  memoryFill: [0xfc, 0x0b, 0x00],
};

/** Signed LEB128. */
function sleb(value) {
  const bytes = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...bytes, byte];
    bytes.push(byte | 0x80);
  }
}

/** Unsigned LEB128. */
function uleb(value) {
  const bytes = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

const vec = (items) => [...uleb(items.length), ...items.flat()];
const name = (text) => vec([...Buffer.from(text, 'utf8')]);
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];

/** `while (local <u limit) { body; local += step }`, with `limit` and `step` as instruction bytes. */
function forUp(local, limit, step, body) {
  return [
    ...op.block, ...op.loop,
    ...op.get(local), ...limit, ...op.i32GeU, ...op.brIf(1),
    ...body,
    ...op.get(local), ...step, ...op.i32Add, ...op.set(local),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
}

/**
 * build(data, rows, m, k, tmp, cols, stride, g0) → abstains, or −(index + 1) of the first vote outside −1..k−1.
 * Reads `rows` row-major votes at `data` and, for each group of 64 rows, ORs bit r of slot j·(k+1) + vote + 1 in a
 * scratch row of m·(k+1) i64 words at `tmp` (one cache-resident line per group, no data-dependent branch), then copies
 * the non-abstain slots to column-major bitsets: column c = j·k + y, word g0 + group, at cols + (c·stride + word)·8.
 */
function buildFunction() {
  const [data, rows, m, k, tmp, cols, stride, g0] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [p, r, rEnd, j, q, slot, g, r0, y, k1Bytes, abstains, c, addr] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const bit = 21;
  const locals = [[13, I32], [1, I64]];
  const lfLoop = forUp(j, op.get(m), op.i32(1), [
    ...op.get(p), ...op.i32Load, ...op.i32(1), ...op.i32Add, ...op.tee(slot), ...op.get(k), ...op.i32GtU,
    ...op.if,
    ...op.i32(-1), ...op.get(p), ...op.get(data), ...op.i32Sub, ...op.i32(2), ...op.i32ShrU, ...op.i32Sub, ...op.return,
    ...op.end,
    ...op.get(q), ...op.get(slot), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.tee(addr),
    ...op.get(addr), ...op.i64Load, ...op.get(bit), ...op.i64Or, ...op.i64Store,
    ...op.get(p), ...op.i32(4), ...op.i32Add, ...op.set(p),
    ...op.get(q), ...op.get(k1Bytes), ...op.i32Add, ...op.set(q),
  ]);
  const rowLoop = forUp(r, op.get(rEnd), op.i32(1), [
    ...op.i64(1), ...op.get(r), ...op.i64ExtendI32U, ...op.i64Shl, ...op.set(bit),
    ...op.get(tmp), ...op.set(q), ...op.i32(0), ...op.set(j),
    ...lfLoop,
  ]);
  const labelLoop = forUp(y, op.get(k), op.i32(1), [
    // cols[(c·stride + g0 + g)·8] = tmp word of slot y + 1
    ...op.get(cols), ...op.get(c), ...op.get(stride), ...op.i32Mul, ...op.get(g0), ...op.i32Add, ...op.get(g), ...op.i32Add,
    ...op.i32(3), ...op.i32Shl, ...op.i32Add,
    ...op.get(q), ...op.get(y), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.i32(8), ...op.i32Add, ...op.i64Load,
    ...op.i64Store,
    ...op.get(c), ...op.i32(1), ...op.i32Add, ...op.set(c),
  ]);
  const scatterLoop = forUp(j, op.get(m), op.i32(1), [
    ...op.get(abstains), ...op.get(q), ...op.i64Load, ...op.i64Popcnt, ...op.i32WrapI64, ...op.i32Add, ...op.set(abstains),
    ...op.i32(0), ...op.set(y),
    ...labelLoop,
    ...op.get(q), ...op.get(k1Bytes), ...op.i32Add, ...op.set(q),
  ]);
  const groupLoop = forUp(r0, op.get(rows), op.i32(64), [
    ...op.get(tmp), ...op.i32(0), ...op.get(m), ...op.get(k1Bytes), ...op.i32Mul, ...op.memoryFill,
    // rEnd = min(64, rows − r0)
    ...op.i32(64), ...op.get(rows), ...op.get(r0), ...op.i32Sub, ...op.tee(rEnd), ...op.get(rEnd), ...op.i32(64), ...op.i32GtU, ...op.select, ...op.set(rEnd),
    ...op.i32(0), ...op.set(r),
    ...rowLoop,
    ...op.get(tmp), ...op.set(q), ...op.i32(0), ...op.set(j), ...op.i32(0), ...op.set(c),
    ...scatterLoop,
    ...op.get(g), ...op.i32(1), ...op.i32Add, ...op.set(g),
  ]);
  const body = [
    ...op.get(k), ...op.i32(1), ...op.i32Add, ...op.i32(3), ...op.i32Shl, ...op.set(k1Bytes),
    ...op.get(data), ...op.set(p),
    ...groupLoop,
    ...op.get(abstains),
  ];
  return { params: [I32, I32, I32, I32, I32, I32, I32, I32], results: [I32], locals, body };
}

/**
 * pairs(cols, stride, words, d, counts): counts[a·d + b] += popcount(col a AND col b) over `words` i64 words, for
 * every a ≤ b < d; columns start at cols + c·stride·8 and counts is a d × d f64 matrix.
 */
function pairsFunction() {
  const [cols, stride, words, d, counts] = [0, 1, 2, 3, 4];
  const [a, b, pa, delta, w, wEnd, addr] = [5, 6, 7, 8, 9, 10, 11];
  const sum = 12;
  const locals = [[7, I32], [1, I64]];
  const wordLoop = [
    ...op.loop,
    ...op.get(sum), ...op.get(w), ...op.i64Load, ...op.get(w), ...op.get(delta), ...op.i32Add, ...op.i64Load,
    ...op.i64And, ...op.i64Popcnt, ...op.i64Add, ...op.set(sum),
    ...op.get(w), ...op.i32(8), ...op.i32Add, ...op.tee(w), ...op.get(wEnd), ...op.i32LtU, ...op.brIf(0),
    ...op.end,
  ];
  const bLoop = forUp(b, op.get(d), op.i32(1), [
    // delta = (b − a)·stride·8 bytes from column a to column b
    ...op.get(b), ...op.get(a), ...op.i32Sub, ...op.get(stride), ...op.i32Mul, ...op.i32(3), ...op.i32Shl, ...op.set(delta),
    ...op.i64(0), ...op.set(sum), ...op.get(pa), ...op.set(w),
    ...wordLoop,
    ...op.get(counts), ...op.get(a), ...op.get(d), ...op.i32Mul, ...op.get(b), ...op.i32Add, ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.tee(addr),
    ...op.get(addr), ...op.f64Load, ...op.get(sum), ...op.f64ConvertI64U, ...op.f64Add, ...op.f64Store,
  ]);
  const aLoop = forUp(a, op.get(d), op.i32(1), [
    ...op.get(cols), ...op.get(a), ...op.get(stride), ...op.i32Mul, ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.tee(pa),
    ...op.get(words), ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(wEnd),
    ...op.get(a), ...op.set(b),
    ...bLoop,
  ]);
  return { params: [I32, I32, I32, I32, I32], results: [], locals, body: aLoop };
}

/** The module's bytes: imports env.memory, exports build and pairs. */
function moduleBytes() {
  const functions = [buildFunction(), pairsFunction()];
  const types = functions.map((f) => [0x60, ...vec(f.params), ...vec(f.results)]);
  const code = functions.map((f) => {
    const bytes = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, ...op.end];
    return [...uleb(bytes.length), ...bytes];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec(functions.map((_, t) => uleb(t)))),
    ...section(7, vec([[...name('build'), 0x00, 0], [...name('pairs'), 0x00, 1]])),
    ...section(10, vec(code)),
  ]);
}

let compiled;

/** The compiled module, built once per thread (null where WebAssembly is unavailable). */
function coVoteModule() {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

let instance;

/**
 * This thread's kernel instance, its memory grown to at least `bytes`: one per thread, reused by every call (a new
 * memory and instance cost ~0.4 ms, more than counting a few hundred rows). The memory is kept: ~0.5 MB at m = 50,
 * k = 2, ~40 MB at the largest m·k (2048).
 */
function kernelInstance(module, bytes) {
  if (!instance) {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65_536) });
    instance = { memory, ...new WebAssembly.Instance(module, { env: { memory } }).exports };
  }
  const missing = bytes - instance.memory.buffer.byteLength;
  if (missing > 0) instance.memory.grow(Math.ceil(missing / 65_536));
  return instance;
}

/** Rows copied into WebAssembly memory at a time (m·4 bytes each). */
const CHUNK_ROWS = 1024;
/** Rows whose bitsets are AND-ed and counted together: 256 i64 words per column. */
const BLOCK_ROWS = 16_384;
/** Above this many one-hot columns the d × d counts and d bitsets would need too much memory: the caller counts in JS. */
const MAX_COLUMNS = 2048;

/**
 * Adds the co-vote counts of rows [0, n) of a row-major label matrix into the upper triangle of `counts` (d × d, d =
 * m·k) with the WebAssembly kernel, block by block; a block whose votes are so sparse that counting row pairs is
 * cheaper goes to `countPairs(start, end)` instead. Returns false, having counted nothing, when WebAssembly is
 * unavailable or d is too large. `invalid(row, lf, label)` must throw.
 */
export function countCoVotesWasm(data, n, m, k, counts, invalid, countPairs) {
  const d = m * k;
  const module = d <= MAX_COLUMNS ? coVoteModule() : null;
  if (!module) return false;
  const stride = BLOCK_ROWS / 64;
  const dataBytes = CHUNK_ROWS * m * 4;
  const tmp = dataBytes;
  const cols = tmp + m * (k + 1) * 8;
  const wasmCounts = cols + d * stride * 8;
  const bytes = wasmCounts + d * d * 8;
  const { memory, build, pairs } = kernelInstance(module, bytes);
  const heap = new Int32Array(memory.buffer);
  const totals = new Float64Array(memory.buffer, wasmCounts, d * d);
  let bitsetBlocks = 0;
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const end = Math.min(n, start + BLOCK_ROWS);
    let abstains = 0;
    for (let chunk = start; chunk < end; chunk += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, end - chunk);
      heap.set(data.subarray(chunk * m, (chunk + rows) * m), 0);
      const result = build(0, rows, m, k, tmp, cols, stride, (chunk - start) / 64);
      if (result < 0) {
        const index = chunk * m - result - 1;
        invalid(Math.floor(index / m), index % m, data[index]);
      }
      abstains += result;
    }
    const votes = (end - start) * m - abstains;
    const words = Math.ceil((end - start) / 64);
    // A popcount pass over d²/2 column pairs against ~Σ nnz²/2 scattered increments (each several times dearer).
    if ((d * d * words) / 2 < (2 * votes * votes) / (end - start)) {
      if (bitsetBlocks++ === 0) totals.fill(0);
      pairs(cols, stride, words, d, wasmCounts);
    } else {
      countPairs(start, end);
    }
  }
  if (bitsetBlocks > 0) for (let a = 0; a < d; a++) for (let b = a; b < d; b++) counts[a * d + b] += totals[a * d + b];
  return true;
}
