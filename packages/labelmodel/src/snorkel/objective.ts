// The matrix-completion objective of snorkel's LabelModel (_loss_mu, _loss_l2) with its analytic gradient in μ.

/**
 * Snorkel's mask over O: 1 everywhere except the k × k block of each LF with itself
 * (conditionally independent LFs: each LF is its own maximal clique). Row-major d × d, d = m·k.
 *
 * @example
 * buildMask(3, 2); // zeros on the three 2 × 2 diagonal blocks
 */
export function buildMask(m: number, k: number): Uint8Array {
  const d = m * k;
  const mask = new Uint8Array(d * d);
  for (let a = 0; a < d; a++) {
    const lfA = Math.floor(a / k);
    for (let b = 0; b < d; b++) mask[a * d + b] = Math.floor(b / k) === lfA ? 0 : 1;
  }
  return mask;
}

/**
 * Snorkel's `_init_params`: μ_init[j·k + y, y] = clamp(O[jk+y, jk+y] · prec_j / p_y, 0, 1), zeros
 * elsewhere; i.e. P(λ_j = y | Y = y) = P(λ_j = y) · precision / P(Y = y). Returns a d × k matrix.
 */
export function initialMu(O: Float64Array, m: number, k: number, precInit: ArrayLike<number>, p: ArrayLike<number>): Float64Array {
  const d = m * k;
  const muInit = new Float64Array(d * k);
  for (let j = 0; j < m; j++) {
    for (let y = 0; y < k; y++) {
      const idx = j * k + y;
      const value = (O[idx * d + idx] * precInit[j]) / p[y];
      muInit[idx * k + y] = Math.min(1, Math.max(0, value));
    }
  }
  return muInit;
}

/**
 * loss(μ) = ‖(O − μPμᵀ)∘mask‖²_F + ‖μP·1 − diag(O)‖² + ‖D(μ − μ_init)‖²_F, D = l2·I or diag(l2),
 * with P = diag(p). Its gradient, derived by hand (O and the mask are symmetric), is
 * ∂/∂μ = −4·(R μ)P + 2·r·pᵀ + 2·D²(μ − μ_init), where R = (O − μPμᵀ)∘mask and r = μP·1 − diag(O).
 */
export class MuObjective {
  readonly d: number;
  /** true when the mask is `buildMask`'s (zero exactly on each LF's own k × k block): `lossAndGrad` can then go sparse. */
  readonly blockDiagonal: boolean;
  private readonly residual: Float64Array;
  private readonly muP: Float64Array;
  private readonly acc: Float64Array;
  private readonly gram: Float64Array;
  private readonly blockGram: Float64Array;
  private readonly blockGramSq: Float64Array;
  private readonly sparse?: MaskedNonZeros;

  constructor(
    readonly O: Float64Array,
    readonly mask: Uint8Array,
    readonly p: Float64Array,
    readonly muInit: Float64Array,
    readonly l2: number | ArrayLike<number> = 0,
    /** Use `lossAndGradSparse` when the mask is `buildMask`'s (default true); false keeps snorkel's dense way. */
    sparse = true,
  ) {
    this.d = muInit.length / p.length;
    this.residual = new Float64Array(this.d * this.d);
    this.muP = new Float64Array(muInit.length);
    this.acc = new Float64Array(p.length);
    const reference = buildMask(this.d / p.length, p.length);
    this.blockDiagonal = mask.length === reference.length && mask.every((v, t) => v === reference[t]);
    const k = p.length;
    this.gram = new Float64Array(k * k);
    this.blockGram = new Float64Array(k * k);
    this.blockGramSq = new Float64Array(k * k);
    if (this.blockDiagonal && sparse) this.sparse = maskedNonZeros(O, mask, this.d);
  }

  /** The loss at μ (d × k, row-major); when `grad` is given it receives ∂loss/∂μ. */
  lossAndGrad(mu: Float64Array, grad?: Float64Array): number {
    return this.sparse ? this.lossAndGradSparse(mu, grad) : this.lossAndGradGeneric(mu, grad);
  }

  /**
   * The same loss and gradient for `buildMask`'s mask in O(nnz(O∘mask)·k + d·k²) instead of O(d²·k), with
   * A = μPμᵀ never formed: with G = μᵀμ and G_j = μ_jᵀμ_j (μ_j: LF j's k rows),
   * ‖(O − A)∘mask‖² = Σ_mask O² − 2·Σ_{nnz(O∘mask)} O·A + Σ_{c,e} p_c p_e (G_ce² − Σ_j G_j,ce²) and
   * Rμ = (O∘mask)μ − μ(PG) + blockdiag_j(μ_j P G_j). Sums run in another order than `lossAndGradGeneric`, so
   * results agree to rounding (≈1e-15 relative), not bit for bit; the specs check identical predictions.
   */
  lossAndGradSparse(mu: Float64Array, grad?: Float64Array): number {
    const { p, muP, acc, sparse } = this;
    const { rowStart, col, value, maskedSumSq } = sparse!;
    const d = this.d;
    const k = p.length;
    for (let a = 0; a < d; a++) for (let c = 0; c < k; c++) muP[a * k + c] = mu[a * k + c] * p[c];
    // G = μᵀμ and Σ_j G_j ⊙ G_j (k × k each).
    const G = this.gram;
    const blockSq = this.blockGramSq;
    G.fill(0);
    blockSq.fill(0);
    const Gj = this.blockGram;
    for (let j = 0; j < d / k; j++) {
      Gj.fill(0);
      for (let r = j * k; r < (j + 1) * k; r++) {
        for (let c = 0; c < k; c++) {
          const v = mu[r * k + c];
          for (let e = 0; e < k; e++) Gj[c * k + e] += v * mu[r * k + e];
        }
      }
      for (let t = 0; t < k * k; t++) {
        G[t] += Gj[t];
        blockSq[t] += Gj[t] * Gj[t];
      }
      if (grad) {
        // blockdiag term: grad rows of LF j get +μ_j (P G_j), stored in `grad` for now (scaled below).
        for (let r = j * k; r < (j + 1) * k; r++) {
          for (let e = 0; e < k; e++) {
            let s = 0;
            for (let c = 0; c < k; c++) s += muP[r * k + c] * Gj[c * k + e];
            grad[r * k + e] = s;
          }
        }
      }
    }
    let aSq = 0;
    for (let c = 0; c < k; c++) for (let e = 0; e < k; e++) aSq += p[c] * p[e] * (G[c * k + e] * G[c * k + e] - blockSq[c * k + e]);
    let cross = 0;
    let loss = 0;
    for (let a = 0; a < d; a++) {
      // Row a of (O∘mask)μ and ⟨O∘mask, A⟩ over row a's non-zeros.
      acc.fill(0);
      for (let t = rowStart[a]; t < rowStart[a + 1]; t++) {
        const b = col[t];
        const o = value[t];
        let fit = 0;
        for (let c = 0; c < k; c++) {
          fit += muP[a * k + c] * mu[b * k + c];
          acc[c] += o * mu[b * k + c];
        }
        cross += o * fit;
      }
      let marginal = -this.O[a * d + a];
      for (let c = 0; c < k; c++) marginal += muP[a * k + c];
      loss += marginal * marginal;
      if (!grad) continue;
      for (let e = 0; e < k; e++) {
        let muPG = 0; // (μPG)[a, e]
        for (let c = 0; c < k; c++) muPG += muP[a * k + c] * G[c * k + e];
        const rMu = acc[e] - muPG + grad[a * k + e];
        grad[a * k + e] = -4 * rMu * p[e] + 2 * marginal * p[e];
      }
    }
    loss += Math.max(0, maskedSumSq - 2 * cross + aSq);
    return loss + this.l2Term(mu, grad);
  }

  /** The loss and gradient for any symmetric mask (the reference the blocked path reproduces). */
  lossAndGradGeneric(mu: Float64Array, grad?: Float64Array): number {
    const { d, O, mask, p, residual } = this;
    const k = p.length;
    let loss = 0;
    // Term 1: masked residual of O ≈ μPμᵀ; R is kept for the gradient.
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        let e = 0;
        if (mask[a * d + b]) {
          let fit = 0;
          for (let c = 0; c < k; c++) fit += mu[a * k + c] * p[c] * mu[b * k + c];
          e = O[a * d + b] - fit;
          loss += a === b ? e * e : 2 * e * e;
        }
        residual[a * d + b] = e;
        residual[b * d + a] = e;
      }
    }
    if (grad) grad.fill(0);
    for (let a = 0; a < d; a++) {
      // Term 2: row marginals μP·1 should match diag(O).
      let marginal = -O[a * d + a];
      for (let c = 0; c < k; c++) marginal += mu[a * k + c] * p[c];
      loss += marginal * marginal;
      if (!grad) continue;
      for (let c = 0; c < k; c++) {
        let rMu = 0;
        for (let b = 0; b < d; b++) rMu += residual[a * d + b] * mu[b * k + c];
        grad[a * k + c] = -4 * rMu * p[c] + 2 * marginal * p[c];
      }
    }
    return loss + this.l2Term(mu, grad);
  }

  /** Snorkel's `_loss_l2`: ‖D(μ − μ_init)‖²_F; adds its gradient to `grad` when given. */
  l2Term(mu: Float64Array, grad?: Float64Array): number {
    const { d, l2, muInit } = this;
    const k = this.p.length;
    let loss = 0;
    for (let a = 0; a < d; a++) {
      const weight = typeof l2 === 'number' ? l2 : l2[a];
      if (weight === 0) continue;
      const w2 = weight * weight;
      for (let c = 0; c < k; c++) {
        const diff = mu[a * k + c] - muInit[a * k + c];
        loss += w2 * diff * diff;
        if (grad) grad[a * k + c] += 2 * w2 * diff;
      }
    }
    return loss;
  }
}

/** O∘mask in compressed rows (its non-zeros only) and Σ (O∘mask)², for `lossAndGradSparse`. */
interface MaskedNonZeros {
  rowStart: Int32Array;
  col: Int32Array;
  value: Float64Array;
  maskedSumSq: number;
}

function maskedNonZeros(O: Float64Array, mask: Uint8Array, d: number): MaskedNonZeros {
  let nnz = 0;
  for (let t = 0; t < d * d; t++) if (mask[t] && O[t] !== 0) nnz++;
  const rowStart = new Int32Array(d + 1);
  const col = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  let maskedSumSq = 0;
  let t = 0;
  for (let a = 0; a < d; a++) {
    rowStart[a] = t;
    for (let b = 0; b < d; b++) {
      const o = O[a * d + b];
      if (mask[a * d + b] && o !== 0) {
        col[t] = b;
        value[t++] = o;
        maskedSumSq += o * o;
      }
    }
  }
  rowStart[d] = t;
  return { rowStart, col, value, maskedSumSq };
}
