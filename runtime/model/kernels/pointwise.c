// Fused per-token kernels for WebAssembly SIMD: LayerNorm (eps 1e-6, timm ViT) and tanh-approximated GELU,
// forward and backward. Composed from tfjs ops these take 9–11 passes over the activations each; here one
// or two. The backward passes recompute the statistics / sigmoid from x instead of storing them.
#include "simd-math.h"

#define LN_EPS 1e-6f
#define GELU_C1 1.5957691216057308f  /* 2 sqrt(2/pi) */
#define GELU_C3 0.0713548162726009f  /* 2 sqrt(2/pi) * 0.044715 */

static inline void row_stats(const f32* x, int d, f32* mean_out, f32* rstd_out) {
  v128_t acc = wasm_f32x4_splat(0.f);
  for (int j = 0; j < d; j += 4) acc = wasm_f32x4_add(acc, wasm_v128_load(x + j));
  const f32 mean = hsum(acc) / (f32)d;
  const v128_t mv = wasm_f32x4_splat(mean);
  acc = wasm_f32x4_splat(0.f);
  for (int j = 0; j < d; j += 4) {
    const v128_t c = wasm_f32x4_sub(wasm_v128_load(x + j), mv);
    acc = fmadd(acc, c, c);
  }
  *mean_out = mean;
  *rstd_out = 1.f / __builtin_sqrtf(hsum(acc) / (f32)d + LN_EPS);
}

// y = (x - mean) * rstd * gamma + beta per row of x [rows x d]; d % 4 == 0.
EXPORT(layer_norm_forward)
void layer_norm_forward(const f32* x, const f32* gamma, const f32* beta, f32* y, int rows, int d) {
  for (int i = 0; i < rows; i++) {
    const f32* xr = x + i * d;
    f32* yr = y + i * d;
    f32 mean, rstd;
    row_stats(xr, d, &mean, &rstd);
    const v128_t mv = wasm_f32x4_splat(mean), rv = wasm_f32x4_splat(rstd);
    for (int j = 0; j < d; j += 4) {
      const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), mv), rv);
      wasm_v128_store(yr + j, fmadd(wasm_v128_load(beta + j), xhat, wasm_v128_load(gamma + j)));
    }
  }
}

// dx = rstd (g - mean(g) - xhat mean(g xhat)) with g = dy gamma; dgamma = sum dy xhat; dbeta = sum dy.
EXPORT(layer_norm_backward)
void layer_norm_backward(const f32* x, const f32* gamma, const f32* dy, f32* dx, f32* dgamma, f32* dbeta, int rows,
                         int d) {
  for (int j = 0; j < d; j += 4) {
    wasm_v128_store(dgamma + j, wasm_f32x4_splat(0.f));
    wasm_v128_store(dbeta + j, wasm_f32x4_splat(0.f));
  }
  for (int i = 0; i < rows; i++) {
    const f32* xr = x + i * d;
    const f32* dyr = dy + i * d;
    f32* dxr = dx + i * d;
    f32 mean, rstd;
    row_stats(xr, d, &mean, &rstd);
    const v128_t mv = wasm_f32x4_splat(mean), rv = wasm_f32x4_splat(rstd);
    v128_t sg = wasm_f32x4_splat(0.f), sgx = sg;
    for (int j = 0; j < d; j += 4) {
      const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), mv), rv);
      const v128_t dyv = wasm_v128_load(dyr + j);
      const v128_t g = wasm_f32x4_mul(dyv, wasm_v128_load(gamma + j));
      sg = wasm_f32x4_add(sg, g);
      sgx = fmadd(sgx, g, xhat);
      wasm_v128_store(dgamma + j, fmadd(wasm_v128_load(dgamma + j), dyv, xhat));
      wasm_v128_store(dbeta + j, wasm_f32x4_add(wasm_v128_load(dbeta + j), dyv));
    }
    const v128_t mg = wasm_f32x4_splat(hsum(sg) / (f32)d), mgx = wasm_f32x4_splat(hsum(sgx) / (f32)d);
    for (int j = 0; j < d; j += 4) {
      const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), mv), rv);
      const v128_t g = wasm_f32x4_mul(wasm_v128_load(dyr + j), wasm_v128_load(gamma + j));
      const v128_t inner = wasm_f32x4_sub(wasm_f32x4_sub(g, mg), wasm_f32x4_mul(xhat, mgx));
      wasm_v128_store(dxr + j, wasm_f32x4_mul(inner, rv));
    }
  }
}

// sigma(u) for any u, through e = exp(-|u|): 1/(1+e) for u >= 0, e/(1+e) otherwise.
static inline v128_t sigmoid4(v128_t u) {
  const v128_t e = exp_nonpositive(wasm_f32x4_neg(wasm_f32x4_abs(u)));
  const v128_t r = wasm_f32x4_div(wasm_f32x4_splat(1.f), wasm_f32x4_add(wasm_f32x4_splat(1.f), e));
  return wasm_v128_bitselect(r, wasm_f32x4_mul(e, r), wasm_f32x4_ge(u, wasm_f32x4_splat(0.f)));
}

static inline v128_t gelu_inner(v128_t x) {
  const v128_t x2 = wasm_f32x4_mul(x, x);
  return wasm_f32x4_mul(x, fmadd(wasm_f32x4_splat(GELU_C1), x2, wasm_f32x4_splat(GELU_C3)));
}

// y = x sigma(2 sqrt(2/pi)(x + 0.044715 x^3)); n % 4 == 0.
EXPORT(gelu_forward)
void gelu_forward(const f32* x, f32* y, int n) {
  for (int i = 0; i < n; i += 4) {
    const v128_t xv = wasm_v128_load(x + i);
    wasm_v128_store(y + i, wasm_f32x4_mul(xv, sigmoid4(gelu_inner(xv))));
  }
}

// dx = dy (s + x s (1 - s) (C1 + 3 C3 x^2)).
EXPORT(gelu_backward)
void gelu_backward(const f32* x, const f32* dy, f32* dx, int n) {
  const v128_t one = wasm_f32x4_splat(1.f);
  for (int i = 0; i < n; i += 4) {
    const v128_t xv = wasm_v128_load(x + i);
    const v128_t s = sigmoid4(gelu_inner(xv));
    const v128_t du = fmadd(wasm_f32x4_splat(GELU_C1), wasm_f32x4_mul(xv, xv), wasm_f32x4_splat(3.f * GELU_C3));
    const v128_t slope = fmadd(s, wasm_f32x4_mul(xv, wasm_f32x4_mul(s, wasm_f32x4_sub(one, s))), du);
    wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dy + i), slope));
  }
}
