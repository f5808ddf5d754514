// Fused multi-head self-attention for WebAssembly SIMD (128-bit), forward and backward, one call for a
// whole token matrix. tfjs-wasm runs batched matmuls in a scalar loop (~2 GFLOP/s); here every (image,
// head) pair is three small GEMMs in L1 with 4x8 register tiles, and the head split/merge is folded into
// the loads and stores, so no transposes are materialised. Build: ./build.sh (clang --target=wasm32).
//
// Layouts (row-major float32): qkv [T, 3D] with columns q | k | v, each head-major (h*dh + c) as in timm;
// out / dout [T, D]; probs [B, H, N, N] per segment. A segment is `batch` images of `tokens` rows each.
#include "simd-math.h"

// C[M x N] = A[M x K] . B[K x N] (+ C if accumulate); N % 8 == 0.
static void gemm(const f32* A, int lda, const f32* B, int ldb, f32* C, int ldc, int M, int N, int K,
                 int accumulate) {
  int i = 0;
  for (; i + 4 <= M; i += 4) {
    const f32* a0 = A + i * lda;
    const f32* a1 = a0 + lda;
    const f32* a2 = a1 + lda;
    const f32* a3 = a2 + lda;
    for (int j = 0; j < N; j += 8) {
      v128_t c00 = wasm_f32x4_splat(0.f), c01 = c00, c10 = c00, c11 = c00;
      v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      const f32* b = B + j;
      for (int k = 0; k < K; k++, b += ldb) {
        const v128_t b0 = wasm_v128_load(b);
        const v128_t b1 = wasm_v128_load(b + 4);
        v128_t x = wasm_f32x4_splat(a0[k]);
        c00 = fmadd(c00, x, b0);
        c01 = fmadd(c01, x, b1);
        x = wasm_f32x4_splat(a1[k]);
        c10 = fmadd(c10, x, b0);
        c11 = fmadd(c11, x, b1);
        x = wasm_f32x4_splat(a2[k]);
        c20 = fmadd(c20, x, b0);
        c21 = fmadd(c21, x, b1);
        x = wasm_f32x4_splat(a3[k]);
        c30 = fmadd(c30, x, b0);
        c31 = fmadd(c31, x, b1);
      }
      f32* c = C + i * ldc + j;
      if (accumulate) {
        c00 = wasm_f32x4_add(c00, wasm_v128_load(c));
        c01 = wasm_f32x4_add(c01, wasm_v128_load(c + 4));
        c10 = wasm_f32x4_add(c10, wasm_v128_load(c + ldc));
        c11 = wasm_f32x4_add(c11, wasm_v128_load(c + ldc + 4));
        c20 = wasm_f32x4_add(c20, wasm_v128_load(c + 2 * ldc));
        c21 = wasm_f32x4_add(c21, wasm_v128_load(c + 2 * ldc + 4));
        c30 = wasm_f32x4_add(c30, wasm_v128_load(c + 3 * ldc));
        c31 = wasm_f32x4_add(c31, wasm_v128_load(c + 3 * ldc + 4));
      }
      wasm_v128_store(c, c00);
      wasm_v128_store(c + 4, c01);
      wasm_v128_store(c + ldc, c10);
      wasm_v128_store(c + ldc + 4, c11);
      wasm_v128_store(c + 2 * ldc, c20);
      wasm_v128_store(c + 2 * ldc + 4, c21);
      wasm_v128_store(c + 3 * ldc, c30);
      wasm_v128_store(c + 3 * ldc + 4, c31);
    }
  }
  for (; i < M; i++) {
    const f32* a0 = A + i * lda;
    for (int j = 0; j < N; j += 8) {
      v128_t c00 = wasm_f32x4_splat(0.f), c01 = c00;
      const f32* b = B + j;
      for (int k = 0; k < K; k++, b += ldb) {
        const v128_t x = wasm_f32x4_splat(a0[k]);
        c00 = fmadd(c00, x, wasm_v128_load(b));
        c01 = fmadd(c01, x, wasm_v128_load(b + 4));
      }
      f32* c = C + i * ldc + j;
      if (accumulate) {
        c00 = wasm_f32x4_add(c00, wasm_v128_load(c));
        c01 = wasm_f32x4_add(c01, wasm_v128_load(c + 4));
      }
      wasm_v128_store(c, c00);
      wasm_v128_store(c + 4, c01);
    }
  }
}

static inline int round8(int n) { return (n + 7) & ~7; }

// Copies one head's dh columns of `rows` token rows (stride `ld`) into a dense [rows x dh] block.
static void gather_rows(const f32* src, int ld, int rows, int dh, f32 scale, f32* dst) {
  const v128_t s = wasm_f32x4_splat(scale);
  for (int i = 0; i < rows; i++)
    for (int c = 0; c < dh; c += 4) wasm_v128_store(dst + i * dh + c, wasm_f32x4_mul(wasm_v128_load(src + i * ld + c), s));
}

// Transposed copy: dst[c][i] = src[i*ld + c], rows padded with zeros up to `cols_padded`.
static void gather_transposed(const f32* src, int ld, int rows, int dh, int cols_padded, f32* dst) {
  for (int c = 0; c < dh; c++) {
    f32* d = dst + c * cols_padded;
    for (int i = 0; i < rows; i++) d[i] = src[i * ld + c];
    for (int i = rows; i < cols_padded; i++) d[i] = 0.f;
  }
}

static void transpose_block(const f32* src, int lds, int rows, int cols, f32* dst, int ldd) {
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++) dst[j * ldd + i] = src[i * lds + j];
}

static void scatter_rows(const f32* src, int rows, int dh, f32* dst, int ld) {
  for (int i = 0; i < rows; i++)
    for (int c = 0; c < dh; c += 4) wasm_v128_store(dst + i * ld + c, wasm_v128_load(src + i * dh + c));
}

// Row-wise softmax of S [n x ldp] in place over the first n columns; padding columns set to 0.
static void softmax_rows(f32* S, int n, int ldp) {
  for (int i = 0; i < n; i++) {
    f32* row = S + i * ldp;
    f32 m = row[0];
    for (int j = 1; j < n; j++) m = row[j] > m ? row[j] : m;
    for (int j = n; j < ldp; j++) row[j] = m;
    const v128_t mv = wasm_f32x4_splat(m);
    v128_t acc = wasm_f32x4_splat(0.f);
    for (int j = 0; j < ldp; j += 4) {
      const v128_t e = exp_nonpositive(wasm_f32x4_sub(wasm_v128_load(row + j), mv));
      wasm_v128_store(row + j, e);
      acc = wasm_f32x4_add(acc, e);
    }
    f32 total = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
                wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
    total -= (f32)(ldp - n);  // each padding column contributed exp(0) = 1
    const v128_t inv = wasm_f32x4_splat(1.f / total);
    for (int j = 0; j < ldp; j += 4) wasm_v128_store(row + j, wasm_f32x4_mul(wasm_v128_load(row + j), inv));
    for (int j = n; j < ldp; j++) row[j] = 0.f;
  }
}

// Scratch floats needed by attention_forward/backward for n tokens and head width dh.
EXPORT(attention_scratch_floats) int attention_scratch_floats(int n, int dh) {
  const int np = round8(n);
  return 5 * n * dh + dh * np + 3 * n * np + 64;
}

EXPORT(attention_forward)
void attention_forward(const f32* qkv, f32* out, f32* probs, int batch, int n, int heads, int dh, f32 scale,
                       f32* scratch) {
  const int d = heads * dh, ld = 3 * d, np = round8(n);
  f32* q = scratch;
  f32* v = q + n * dh;
  f32* o = v + n * dh;
  f32* kt = o + n * dh;
  f32* s = kt + dh * np;
  for (int b = 0; b < batch; b++) {
    const f32* rows = qkv + b * n * ld;
    for (int h = 0; h < heads; h++) {
      gather_rows(rows + h * dh, ld, n, dh, scale, q);
      gather_transposed(rows + d + h * dh, ld, n, dh, np, kt);
      gather_rows(rows + 2 * d + h * dh, ld, n, dh, 1.f, v);
      gemm(q, dh, kt, np, s, np, n, np, dh, 0);
      softmax_rows(s, n, np);
      f32* p = probs + ((b * heads + h) * n) * n;
      for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) p[i * n + j] = s[i * np + j];
      gemm(s, np, v, dh, o, dh, n, dh, n, 0);
      scatter_rows(o, n, dh, out + b * n * d + h * dh, d);
    }
  }
}

EXPORT(attention_backward)
void attention_backward(const f32* qkv, const f32* probs, const f32* dout, f32* dqkv, int batch, int n, int heads,
                        int dh, f32 scale, f32* scratch) {
  const int d = heads * dh, ld = 3 * d, np = round8(n);
  f32* q = scratch;  // scaled queries
  f32* k = q + n * dh;
  f32* dO = k + n * dh;
  f32* g1 = dO + n * dh;  // gradient block (dQ, dK or dV) before scattering
  f32* g2 = g1 + n * dh;
  f32* vt = g2 + n * dh;
  f32* p = vt + dh * np;
  f32* ds = p + n * np;
  f32* t = ds + n * np;  // transposes of P and dS
  for (int b = 0; b < batch; b++) {
    const f32* rows = qkv + b * n * ld;
    f32* grows = dqkv + b * n * ld;
    for (int h = 0; h < heads; h++) {
      gather_rows(rows + h * dh, ld, n, dh, scale, q);
      gather_rows(rows + d + h * dh, ld, n, dh, 1.f, k);
      gather_transposed(rows + 2 * d + h * dh, ld, n, dh, np, vt);
      gather_rows(dout + b * n * d + h * dh, d, n, dh, 1.f, dO);
      const f32* pb = probs + ((b * heads + h) * n) * n;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) p[i * np + j] = pb[i * n + j];
        for (int j = n; j < np; j++) p[i * np + j] = 0.f;
      }
      // dV = P^T dO
      transpose_block(p, np, n, n, t, np);
      gemm(t, np, dO, dh, g1, dh, n, dh, n, 0);
      scatter_rows(g1, n, dh, grows + 2 * d + h * dh, ld);
      // dP = dO V^T, then dS = P * (dP - rowsum(P * dP))
      gemm(dO, dh, vt, np, ds, np, n, np, dh, 0);
      for (int i = 0; i < n; i++) {
        f32* dsr = ds + i * np;
        const f32* pr = p + i * np;
        v128_t acc = wasm_f32x4_splat(0.f);
        for (int j = 0; j < np; j += 4) acc = fmadd(acc, wasm_v128_load(pr + j), wasm_v128_load(dsr + j));
        const f32 dotp = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
                         wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
        const v128_t dv = wasm_f32x4_splat(dotp);
        for (int j = 0; j < np; j += 4)
          wasm_v128_store(dsr + j, wasm_f32x4_mul(wasm_v128_load(pr + j), wasm_f32x4_sub(wasm_v128_load(dsr + j), dv)));
      }
      // dQ = dS K * scale (scale applied on the scattered copy), dK = dS^T (scale * Q)
      gemm(ds, np, k, dh, g1, dh, n, dh, n, 0);
      {
        const v128_t sv = wasm_f32x4_splat(scale);
        for (int i = 0; i < n * dh; i += 4) wasm_v128_store(g1 + i, wasm_f32x4_mul(wasm_v128_load(g1 + i), sv));
      }
      scatter_rows(g1, n, dh, grows + h * dh, ld);
      transpose_block(ds, np, n, n, t, np);
      gemm(t, np, q, dh, g2, dh, n, dh, n, 0);
      scatter_rows(g2, n, dh, grows + d + h * dh, ld);
    }
  }
}
