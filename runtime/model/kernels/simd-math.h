// Shared helpers of the SIMD kernels: export macro, multiply-add, exponential and horizontal sum.
#ifndef ORTHOBENCH_SIMD_MATH_H
#define ORTHOBENCH_SIMD_MATH_H
#include <wasm_simd128.h>

typedef float f32;

#define EXPORT(name) __attribute__((export_name(#name)))

static inline v128_t fmadd(v128_t acc, v128_t a, v128_t b) {
  return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b));
}

static inline f32 hsum(v128_t v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
         wasm_f32x4_extract_lane(v, 3);
}

// e^x for x <= 0 (softmax after max subtraction): Cody-Waite range reduction, degree-6 Taylor, 2^n via the
// exponent bits; relative error < 2e-7, inputs below -87 flush to ~1e-38.
static inline v128_t exp_nonpositive(v128_t x) {
  x = wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f));
  const v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693145752f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(1.42860677e-6f)));
  v128_t p = wasm_f32x4_splat(1.0f / 720);
  p = fmadd(wasm_f32x4_splat(1.0f / 120), p, r);
  p = fmadd(wasm_f32x4_splat(1.0f / 24), p, r);
  p = fmadd(wasm_f32x4_splat(1.0f / 6), p, r);
  p = fmadd(wasm_f32x4_splat(0.5f), p, r);
  p = fmadd(wasm_f32x4_splat(1.0f), p, r);
  p = fmadd(wasm_f32x4_splat(1.0f), p, r);
  const v128_t bits = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, bits);
}

#endif
