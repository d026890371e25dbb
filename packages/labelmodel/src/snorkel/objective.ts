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
  private readonly residual: Float64Array;

  constructor(
    readonly O: Float64Array,
    readonly mask: Uint8Array,
    readonly p: Float64Array,
    readonly muInit: Float64Array,
    readonly l2: number | ArrayLike<number> = 0,
  ) {
    this.d = muInit.length / p.length;
    this.residual = new Float64Array(this.d * this.d);
  }

  /** The loss at μ (d × k, row-major); when `grad` is given it receives ∂loss/∂μ. */
  lossAndGrad(mu: Float64Array, grad?: Float64Array): number {
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
