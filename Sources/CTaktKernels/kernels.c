// Dense-layer kernels for Takt's neural policies: a portable scalar version
// (the executable specification, mirrored by the Swift reference) and AVX2 and
// AVX-512 VNNI versions chosen at run time. Every version gives bit-identical
// results: integer arithmetic is exact, and the float steps (one multiply,
// then round half to even) are the same operations in the same order.
#include "CTaktKernels.h"
#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TAKT_X86 1
#endif

int takt_cpu_level(void) {
#if TAKT_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512vnni"))
        return TAKT_LEVEL_AVX512VNNI;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return TAKT_LEVEL_AVX2;
#endif
    return TAKT_LEVEL_SCALAR;
}

// ---------------------------------------------------------------- scalar

static void dense_f32_scalar(const float *w, const float *b, const float *x, float *y, int inputs, int blocks, int relu) {
    for (int ob = 0; ob < blocks; ob++) {
        const float *wb = w + (long)ob * inputs * 16;
        for (int i = 0; i < 16; i++) {
            // Four partial sums over k mod 4, each in ascending k with a fused multiply-add; the
            // bias starts the first; then (s0 + s1) + (s2 + s3). Every kernel sums in this order.
            float p[4] = {b[ob * 16 + i], 0, 0, 0};
            for (int k = 0; k < inputs; k++) p[k & 3] = fmaf(wb[k * 16 + i], x[k], p[k & 3]);
            float v = (p[0] + p[1]) + (p[2] + p[3]);
            y[ob * 16 + i] = relu && v < 0 ? 0 : v;
        }
    }
}

static void dense_s8_scalar(const int8_t *w, const int32_t *b, const int8_t *x, int32_t *acc, int groups, int blocks) {
    for (int ob = 0; ob < blocks; ob++) {
        int32_t a[16];
        for (int i = 0; i < 16; i++) a[i] = b[ob * 16 + i];
        const int8_t *wb = w + (long)ob * groups * 64;
        for (int g = 0; g < groups; g++)
            for (int i = 0; i < 16; i++)
                for (int j = 0; j < 4; j++) a[i] += (int32_t)wb[g * 64 + i * 4 + j] * (int32_t)x[g * 4 + j];
        for (int i = 0; i < 16; i++) acc[ob * 16 + i] = a[i];
    }
}

static void requantize_scalar(const int32_t *acc, const float *scale, int8_t *y, int n, int relu) {
    const float lo = relu ? 0.0f : -127.0f;
    for (int i = 0; i < n; i++) {
        float v = rintf((float)acc[i] * scale[i]);
        v = v < lo ? lo : (v > 127.0f ? 127.0f : v);
        y[i] = (int8_t)v;
    }
}

static void quantize_scalar(const float *x, float inverse_scale, int8_t *q, int n) {
    for (int i = 0; i < n; i++) {
        float v = x[i] * inverse_scale;
        v = v < -127.0f ? -127.0f : (v > 127.0f ? 127.0f : v);
        q[i] = (int8_t)rintf(v);
    }
}

#if TAKT_X86
// ---------------------------------------------------------------- AVX2

__attribute__((target("avx2,fma")))
static void dense_f32_avx2(const float *w, const float *b, const float *x, float *y, int inputs, int blocks, int relu) {
    const long stride = (long)inputs * 16;
    for (int ob = 0; ob < blocks; ob++) {
        const float *w0 = w + ob * stride;
        // Per half block, four chains over k mod 4 (the reference's order): eight in flight.
        __m256 z = _mm256_setzero_ps();
        __m256 l0 = _mm256_loadu_ps(b + ob * 16), l1 = z, l2 = z, l3 = z;
        __m256 h0 = _mm256_loadu_ps(b + ob * 16 + 8), h1 = z, h2 = z, h3 = z;
        int k = 0;
        for (; k + 4 <= inputs; k += 4) {
            __m256 x0 = _mm256_broadcast_ss(x + k), x1 = _mm256_broadcast_ss(x + k + 1);
            __m256 x2 = _mm256_broadcast_ss(x + k + 2), x3 = _mm256_broadcast_ss(x + k + 3);
            l0 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k * 16), x0, l0);
            h0 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k * 16 + 8), x0, h0);
            l1 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k * 16 + 16), x1, l1);
            h1 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k * 16 + 24), x1, h1);
            l2 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k * 16 + 32), x2, l2);
            h2 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k * 16 + 40), x2, h2);
            l3 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k * 16 + 48), x3, l3);
            h3 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + k * 16 + 56), x3, h3);
        }
        for (; k < inputs; k++) {
            __m256 xk = _mm256_broadcast_ss(x + k);
            __m256 wl = _mm256_loadu_ps(w0 + k * 16), wh = _mm256_loadu_ps(w0 + k * 16 + 8);
            switch (k & 3) {
            case 0: l0 = _mm256_fmadd_ps(wl, xk, l0); h0 = _mm256_fmadd_ps(wh, xk, h0); break;
            case 1: l1 = _mm256_fmadd_ps(wl, xk, l1); h1 = _mm256_fmadd_ps(wh, xk, h1); break;
            default: l2 = _mm256_fmadd_ps(wl, xk, l2); h2 = _mm256_fmadd_ps(wh, xk, h2); break;
            }
        }
        __m256 lo = _mm256_add_ps(_mm256_add_ps(l0, l1), _mm256_add_ps(l2, l3));
        __m256 hi = _mm256_add_ps(_mm256_add_ps(h0, h1), _mm256_add_ps(h2, h3));
        if (relu) { lo = _mm256_max_ps(lo, z); hi = _mm256_max_ps(hi, z); }
        _mm256_storeu_ps(y + ob * 16, lo);
        _mm256_storeu_ps(y + ob * 16 + 8, hi);
    }
}

/// Four int8 products per 32-bit lane, summed: |x| (unsigned) times w with x's sign, so that
/// maddubs never saturates (|x| <= 127 and |w| <= 127: 2 * 127 * 127 < 32767).
__attribute__((target("avx2")))
static inline __m256i dot4_avx2(__m256i wv, __m256i xb, __m256i ax, __m256i ones, int nonnegative) {
    __m256i sw = nonnegative ? wv : _mm256_sign_epi8(wv, xb);
    return _mm256_madd_epi16(_mm256_maddubs_epi16(ax, sw), ones);
}

__attribute__((target("avx2")))
static void dense_s8_avx2(const int8_t *w, const int32_t *b, const int8_t *x, int32_t *acc, int groups, int blocks, int nonnegative) {
    const __m256i ones = _mm256_set1_epi16(1);
    for (int ob = 0; ob < blocks; ob++) {
        const int8_t *wb = w + (long)ob * groups * 64;
        __m256i a0 = _mm256_loadu_si256((const __m256i *)(b + ob * 16));
        __m256i a1 = _mm256_loadu_si256((const __m256i *)(b + ob * 16 + 8));
        for (int g = 0; g < groups; g++) {
            int32_t x4;
            __builtin_memcpy(&x4, x + g * 4, 4);
            __m256i xb = _mm256_set1_epi32(x4);
            __m256i ax = nonnegative ? xb : _mm256_abs_epi8(xb);
            a0 = _mm256_add_epi32(a0, dot4_avx2(_mm256_loadu_si256((const __m256i *)(wb + g * 64)), xb, ax, ones, nonnegative));
            a1 = _mm256_add_epi32(a1, dot4_avx2(_mm256_loadu_si256((const __m256i *)(wb + g * 64 + 32)), xb, ax, ones, nonnegative));
        }
        _mm256_storeu_si256((__m256i *)(acc + ob * 16), a0);
        _mm256_storeu_si256((__m256i *)(acc + ob * 16 + 8), a1);
    }
}

__attribute__((target("avx2")))
static void requantize_avx2(const int32_t *acc, const float *scale, int8_t *y, int n, int relu) {
    const __m256 lo = _mm256_set1_ps(relu ? 0.0f : -127.0f), hi = _mm256_set1_ps(127.0f);
    for (int i = 0; i < n; i += 8) {
        __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_loadu_si256((const __m256i *)(acc + i))), _mm256_loadu_ps(scale + i));
        v = _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        v = _mm256_min_ps(_mm256_max_ps(v, lo), hi);
        __m256i q = _mm256_cvtps_epi32(v);
        __m128i p = _mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
        _mm_storel_epi64((__m128i *)(y + i), _mm_packs_epi16(p, p));
    }
}

__attribute__((target("avx2")))
static void quantize_avx2(const float *x, float inverse_scale, int8_t *q, int n) {
    const __m256 s = _mm256_set1_ps(inverse_scale), lo = _mm256_set1_ps(-127.0f), hi = _mm256_set1_ps(127.0f);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(_mm256_loadu_ps(x + i), s), lo), hi);
        __m256i r = _mm256_cvtps_epi32(_mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        __m128i p = _mm_packs_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
        _mm_storel_epi64((__m128i *)(q + i), _mm_packs_epi16(p, p));
    }
    quantize_scalar(x + i, inverse_scale, q + i, n - i);
}

// ---------------------------------------------------------------- AVX-512 VNNI

#define TAKT_AVX512 "avx512f,avx512bw,avx512vl,avx512vnni,fma"

/// One fused multiply-add of input k into chain k mod 4 of four blocks' accumulators.
#define TAKT_F32_STEP(c, q, k)                                                       \
    do {                                                                             \
        __m512 xk = _mm512_set1_ps(x[k]);                                            \
        c[0][q] = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + (k) * 16), xk, c[0][q]);              \
        c[1][q] = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + stride + (k) * 16), xk, c[1][q]);     \
        c[2][q] = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + 2 * stride + (k) * 16), xk, c[2][q]); \
        c[3][q] = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + 3 * stride + (k) * 16), xk, c[3][q]); \
    } while (0)

__attribute__((target(TAKT_AVX512)))
static void dense_f32_avx512(const float *w, const float *b, const float *x, float *y, int inputs, int blocks, int relu) {
    const long stride = (long)inputs * 16;
    const __m512 z = _mm512_setzero_ps();
    int ob = 0;
    // Four blocks at a time, each with four chains over k mod 4 (the reference's order):
    // sixteen accumulators in flight.
    for (; ob + 4 <= blocks; ob += 4) {
        const float *w0 = w + ob * stride;
        __m512 c[4][4];
        for (int j = 0; j < 4; j++) { c[j][0] = _mm512_loadu_ps(b + (ob + j) * 16); c[j][1] = z; c[j][2] = z; c[j][3] = z; }
        int k = 0;
        for (; k + 4 <= inputs; k += 4) {
            TAKT_F32_STEP(c, 0, k); TAKT_F32_STEP(c, 1, k + 1); TAKT_F32_STEP(c, 2, k + 2); TAKT_F32_STEP(c, 3, k + 3);
        }
        for (; k < inputs; k++) {
            if ((k & 3) == 0) TAKT_F32_STEP(c, 0, k); else if ((k & 3) == 1) TAKT_F32_STEP(c, 1, k); else TAKT_F32_STEP(c, 2, k);
        }
        for (int j = 0; j < 4; j++) {
            __m512 v = _mm512_add_ps(_mm512_add_ps(c[j][0], c[j][1]), _mm512_add_ps(c[j][2], c[j][3]));
            if (relu) v = _mm512_max_ps(v, z);
            _mm512_storeu_ps(y + (ob + j) * 16, v);
        }
    }
    for (; ob < blocks; ob++) {
        const float *w0 = w + ob * stride;
        __m512 a0 = _mm512_loadu_ps(b + ob * 16), a1 = z, a2 = z, a3 = z;
        int k = 0;
        for (; k + 4 <= inputs; k += 4) {
            a0 = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + k * 16), _mm512_set1_ps(x[k]), a0);
            a1 = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + k * 16 + 16), _mm512_set1_ps(x[k + 1]), a1);
            a2 = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + k * 16 + 32), _mm512_set1_ps(x[k + 2]), a2);
            a3 = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + k * 16 + 48), _mm512_set1_ps(x[k + 3]), a3);
        }
        for (; k < inputs; k++) {
            __m512 p = _mm512_fmadd_ps(_mm512_loadu_ps(w0 + k * 16), _mm512_set1_ps(x[k]), (k & 3) == 0 ? a0 : (k & 3) == 1 ? a1 : a2);
            if ((k & 3) == 0) a0 = p; else if ((k & 3) == 1) a1 = p; else a2 = p;
        }
        __m512 v = _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3));
        if (relu) v = _mm512_max_ps(v, z);
        _mm512_storeu_ps(y + ob * 16, v);
    }
}

__attribute__((target(TAKT_AVX512)))
static void dense_s8_avx512(const int8_t *w, const int32_t *b, const int8_t *x, int32_t *acc, int groups, int blocks, int nonnegative) {
    const long stride = (long)groups * 64;
    int ob = 0;
    for (; ob + 4 <= blocks; ob += 4) {
        const int8_t *w0 = w + ob * stride;
        __m512i a0 = _mm512_loadu_si512(b + ob * 16), a1 = _mm512_loadu_si512(b + ob * 16 + 16);
        __m512i a2 = _mm512_loadu_si512(b + ob * 16 + 32), a3 = _mm512_loadu_si512(b + ob * 16 + 48);
        for (int g = 0; g < groups; g++) {
            int32_t x4;
            __builtin_memcpy(&x4, x + g * 4, 4);
            __m512i xb = _mm512_set1_epi32(x4);
            __m512i v0 = _mm512_loadu_si512(w0 + g * 64), v1 = _mm512_loadu_si512(w0 + stride + g * 64);
            __m512i v2 = _mm512_loadu_si512(w0 + 2 * stride + g * 64), v3 = _mm512_loadu_si512(w0 + 3 * stride + g * 64);
            __m512i ax = xb;
            if (!nonnegative) {
                // |x| as unsigned bytes, and w negated where x < 0.
                __mmask64 neg = _mm512_movepi8_mask(xb);
                ax = _mm512_abs_epi8(xb);
                __m512i z = _mm512_setzero_si512();
                v0 = _mm512_mask_sub_epi8(v0, neg, z, v0); v1 = _mm512_mask_sub_epi8(v1, neg, z, v1);
                v2 = _mm512_mask_sub_epi8(v2, neg, z, v2); v3 = _mm512_mask_sub_epi8(v3, neg, z, v3);
            }
            a0 = _mm512_dpbusd_epi32(a0, ax, v0); a1 = _mm512_dpbusd_epi32(a1, ax, v1);
            a2 = _mm512_dpbusd_epi32(a2, ax, v2); a3 = _mm512_dpbusd_epi32(a3, ax, v3);
        }
        _mm512_storeu_si512(acc + ob * 16, a0); _mm512_storeu_si512(acc + ob * 16 + 16, a1);
        _mm512_storeu_si512(acc + ob * 16 + 32, a2); _mm512_storeu_si512(acc + ob * 16 + 48, a3);
    }
    for (; ob < blocks; ob++) {
        const int8_t *w0 = w + ob * stride;
        // Two chains hide dpbusd's latency; integer sums are exact in any order.
        __m512i a0 = _mm512_loadu_si512(b + ob * 16), a1 = _mm512_setzero_si512();
        for (int g = 0; g < groups; g++) {
            int32_t x4;
            __builtin_memcpy(&x4, x + g * 4, 4);
            __m512i xb = _mm512_set1_epi32(x4);
            __m512i v0 = _mm512_loadu_si512(w0 + g * 64), ax = xb;
            if (!nonnegative) {
                __mmask64 neg = _mm512_movepi8_mask(xb);
                ax = _mm512_abs_epi8(xb);
                v0 = _mm512_mask_sub_epi8(v0, neg, _mm512_setzero_si512(), v0);
            }
            if (g & 1) a1 = _mm512_dpbusd_epi32(a1, ax, v0); else a0 = _mm512_dpbusd_epi32(a0, ax, v0);
        }
        _mm512_storeu_si512(acc + ob * 16, _mm512_add_epi32(a0, a1));
    }
}

__attribute__((target(TAKT_AVX512)))
static void requantize_avx512(const int32_t *acc, const float *scale, int8_t *y, int n, int relu) {
    const __m512 lo = _mm512_set1_ps(relu ? 0.0f : -127.0f), hi = _mm512_set1_ps(127.0f);
    for (int i = 0; i < n; i += 16) {
        __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_loadu_si512(acc + i)), _mm512_loadu_ps(scale + i));
        v = _mm512_roundscale_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        v = _mm512_min_ps(_mm512_max_ps(v, lo), hi);
        _mm_storeu_si128((__m128i *)(y + i), _mm512_cvtsepi32_epi8(_mm512_cvtps_epi32(v)));
    }
}
#endif

// ---------------------------------------------------------------- dispatch

void takt_dense_f32(int level, const float *w, const float *b, const float *x, float *y, int inputs, int blocks, int relu) {
#if TAKT_X86
    if (level >= TAKT_LEVEL_AVX512VNNI) { dense_f32_avx512(w, b, x, y, inputs, blocks, relu); return; }
    if (level >= TAKT_LEVEL_AVX2) { dense_f32_avx2(w, b, x, y, inputs, blocks, relu); return; }
#endif
    dense_f32_scalar(w, b, x, y, inputs, blocks, relu);
}

void takt_dense_s8(int level, const int8_t *w, const int32_t *b, const int8_t *x, int32_t *acc, int groups, int blocks, int nonnegative) {
#if TAKT_X86
    if (level >= TAKT_LEVEL_AVX512VNNI) { dense_s8_avx512(w, b, x, acc, groups, blocks, nonnegative); return; }
    if (level >= TAKT_LEVEL_AVX2) { dense_s8_avx2(w, b, x, acc, groups, blocks, nonnegative); return; }
#endif
    (void)nonnegative;
    dense_s8_scalar(w, b, x, acc, groups, blocks);
}

void takt_requantize(int level, const int32_t *acc, const float *scale, int8_t *y, int n, int relu) {
#if TAKT_X86
    if (level >= TAKT_LEVEL_AVX512VNNI) { requantize_avx512(acc, scale, y, n, relu); return; }
    if (level >= TAKT_LEVEL_AVX2) { requantize_avx2(acc, scale, y, n, relu); return; }
#endif
    requantize_scalar(acc, scale, y, n, relu);
}

void takt_quantize(int level, const float *x, float inverse_scale, int8_t *q, int n) {
#if TAKT_X86
    if (level >= TAKT_LEVEL_AVX2) { quantize_avx2(x, inverse_scale, q, n); return; }
#endif
    (void)level;
    quantize_scalar(x, inverse_scale, q, n);
}

void takt_dequantize(const int32_t *acc, const float *scale, float *y, int n) {
    for (int i = 0; i < n; i++) y[i] = (float)acc[i] * scale[i];
}

// ---------------------------------------------------------------- whole networks

void takt_forward_f32(int level, const TaktLayer *layers, int count, const float *x, float *a, float *b, float *logits) {
    const float *in = x;
    float *out = a, *other = b;
    for (int l = 0; l < count; l++) {
        const TaktLayer *L = &layers[l];
        const int relu = L->activation == TAKT_ACT_RELU;
        takt_dense_f32(level, (const float *)L->weights, (const float *)L->bias, in, out, L->inputs, L->blocks, relu);
        if (!relu && L->activation != TAKT_ACT_NONE)
            for (int i = 0; i < L->outputs; i++) out[i] = takt_activate(L->activation, L->alpha, L->beta, out[i]);
        in = out;
        float *t = out; out = other; other = t;
    }
    for (int i = 0; i < layers[count - 1].outputs; i++) logits[i] = in[i];
}

#if TAKT_X86
/// Four bytes as one int32 (unaligned).
static inline int32_t load4(const uint8_t *p) {
    int32_t v;
    __builtin_memcpy(&v, p, 4);
    return v;
}

/// Sixteen accumulators to the next layer's inputs: clamp(rint(acc * scale), 0, 127).
__attribute__((target(TAKT_AVX512)))
static inline void requantize_block(__m512i acc, const float *scale, int8_t *out) {
    // Clamping before rounding gives the same as after (the bounds are whole numbers); the
    // conversion rounds half to even itself, with an explicit rounding mode.
    __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(acc), _mm512_loadu_ps(scale));
    v = _mm512_min_ps(_mm512_max_ps(v, _mm512_setzero_ps()), _mm512_set1_ps(127.0f));
    __m512i q = _mm512_cvt_roundps_epi32(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm_storeu_si128((__m128i *)out, _mm512_cvtusepi32_epi8(q));
}

/// Block `block`'s accumulators of the last layer to logits (acc * scale), only the real outputs.
__attribute__((target(TAKT_AVX512)))
static inline void store_logits(__m512i acc, const TaktLayer *L, int block, float *logits, int padded) {
    const int o = block * 16, left = L->outputs - o;
    if (left <= 0) return;
    __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(acc), _mm512_loadu_ps(L->scale + o));
    if (padded || left >= 16) _mm512_storeu_ps(logits + o, v);
    else _mm512_mask_storeu_ps(logits + o, (__mmask16)((1u << left) - 1), v);
}

/// The int8 network with AVX-512 VNNI, one layer's accumulators kept in registers (up to
/// four blocks at a time) and requantized there. The first layer takes its input as
/// unsigned bytes offset by 128 (q + 128) against a bias that subtracts 128 * sum(w), which is
/// exact and spares the sign handling.
__attribute__((target(TAKT_AVX512)))
static void forward_s8_avx512(const TaktLayer *layers, int count, const float *x, float inverse_scale, int8_t *qa, int8_t *qb, float *logits,
                              int padded) {
    {   // Quantize: q = rint(clamp(x * s, -127, 127)), stored as q + 128.
        const int n = layers[0].inputs;
        const __m512 s = _mm512_set1_ps(inverse_scale), lo = _mm512_set1_ps(-127.0f), hi = _mm512_set1_ps(127.0f);
        const __m512i offset = _mm512_set1_epi32(128);
        for (int i = 0; i < n; i += 16) {
            __mmask16 m = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
            __m512 v = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + i), s), lo), hi);
            __m512i q = _mm512_add_epi32(_mm512_cvt_roundps_epi32(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), offset);
            // A whole 16-byte store (the scratch is wide enough; lanes past n meet zero weights):
            // the next layer's 4-byte loads then forward from it, which a masked store would prevent.
            _mm_storeu_si128((__m128i *)(qa + i), _mm512_cvtusepi32_epi8(q));
        }
    }
    const uint8_t *in = (const uint8_t *)qa;
    int8_t *out = qb, *other = qa;
    for (int l = 0; l < count; l++) {
        const TaktLayer *L = &layers[l];
        const int8_t *w = (const int8_t *)L->weights;
        const int32_t *bias = l == 0 ? L->bias_offset : (const int32_t *)L->bias;
        const long stride = (long)L->groups * 64;
        const int last = l == count - 1;
        for (int ob = 0; ob < L->blocks; ob += 4) {
            const int n = L->blocks - ob < 4 ? L->blocks - ob : 4;
            const int8_t *w0 = w + ob * stride;
            __m512i a0 = _mm512_loadu_si512(bias + ob * 16), a1 = _mm512_setzero_si512(), a2 = a1, a3 = a1;
            if (n == 4) {
                // Four chains per block over groups g, g+1, g+2, g+3: sixteen dpbusd in flight,
                // so a layer takes a quarter of its groups' latency. Integer sums: exact in any order.
                __m512i b1 = _mm512_loadu_si512(bias + ob * 16 + 16), b2 = _mm512_loadu_si512(bias + ob * 16 + 32);
                __m512i b3 = _mm512_loadu_si512(bias + ob * 16 + 48), z = _mm512_setzero_si512();
                __m512i c[4][4] = {{a0, z, z, z}, {b1, z, z, z}, {b2, z, z, z}, {b3, z, z, z}};
                int g = 0;
                for (; g + 4 <= L->groups; g += 4) {
                    for (int q = 0; q < 4; q++) {
                        __m512i xb = _mm512_set1_epi32(load4(in + (g + q) * 4));
                        for (int j = 0; j < 4; j++) c[j][q] = _mm512_dpbusd_epi32(c[j][q], xb, _mm512_loadu_si512(w0 + j * stride + (g + q) * 64));
                    }
                }
                for (; g < L->groups; g++) {
                    __m512i xb = _mm512_set1_epi32(load4(in + g * 4));
                    for (int j = 0; j < 4; j++) c[j][0] = _mm512_dpbusd_epi32(c[j][0], xb, _mm512_loadu_si512(w0 + j * stride + g * 64));
                }
                a0 = _mm512_add_epi32(_mm512_add_epi32(c[0][0], c[0][1]), _mm512_add_epi32(c[0][2], c[0][3]));
                a1 = _mm512_add_epi32(_mm512_add_epi32(c[1][0], c[1][1]), _mm512_add_epi32(c[1][2], c[1][3]));
                a2 = _mm512_add_epi32(_mm512_add_epi32(c[2][0], c[2][1]), _mm512_add_epi32(c[2][2], c[2][3]));
                a3 = _mm512_add_epi32(_mm512_add_epi32(c[3][0], c[3][1]), _mm512_add_epi32(c[3][2], c[3][3]));
            } else {
                // Fewer blocks: each block in turn, its groups split over eight chains.
                for (int j = 0; j < n; j++) {
                    const int8_t *wj = w0 + j * stride;
                    __m512i z = _mm512_setzero_si512();
                    __m512i c[8] = {_mm512_loadu_si512(bias + (ob + j) * 16), z, z, z, z, z, z, z};
                    int g = 0;
                    for (; g + 8 <= L->groups; g += 8)
                        for (int q = 0; q < 8; q++)
                            c[q] = _mm512_dpbusd_epi32(c[q], _mm512_set1_epi32(load4(in + (g + q) * 4)), _mm512_loadu_si512(wj + (g + q) * 64));
                    for (; g < L->groups; g++) c[0] = _mm512_dpbusd_epi32(c[0], _mm512_set1_epi32(load4(in + g * 4)), _mm512_loadu_si512(wj + g * 64));
                    __m512i c0 = _mm512_add_epi32(_mm512_add_epi32(_mm512_add_epi32(c[0], c[1]), _mm512_add_epi32(c[2], c[3])),
                                                  _mm512_add_epi32(_mm512_add_epi32(c[4], c[5]), _mm512_add_epi32(c[6], c[7])));
                    if (j == 0) a0 = c0; else if (j == 1) a1 = c0; else a2 = c0;
                }
            }
            if (last) {
                store_logits(a0, L, ob, logits, padded);
                if (n > 1) store_logits(a1, L, ob + 1, logits, padded);
                if (n > 2) store_logits(a2, L, ob + 2, logits, padded);
                if (n > 3) store_logits(a3, L, ob + 3, logits, padded);
            } else {
                requantize_block(a0, L->scale + ob * 16, out + ob * 16);
                if (n > 1) requantize_block(a1, L->scale + ob * 16 + 16, out + ob * 16 + 16);
                if (n > 2) requantize_block(a2, L->scale + ob * 16 + 32, out + ob * 16 + 32);
                if (n > 3) requantize_block(a3, L->scale + ob * 16 + 48, out + ob * 16 + 48);
            }
        }
        in = (const uint8_t *)out;
        int8_t *t = out; out = other; other = t;
    }
}
#endif

void takt_forward_s8(int level, const TaktLayer *layers, int count, const float *x, float inverse_scale,
                     int8_t *qa, int8_t *qb, int32_t *acc, float *logits, int logits_padded) {
    int all_relu = 1;
    for (int l = 0; l < count - 1; l++) all_relu &= layers[l].activation == TAKT_ACT_RELU;
#if TAKT_X86
    if (level >= TAKT_LEVEL_AVX512VNNI && all_relu) { forward_s8_avx512(layers, count, x, inverse_scale, qa, qb, logits, logits_padded); return; }
#endif
    // Padded inputs meet zero weights, so whatever the scratch held there adds nothing.
    takt_quantize(level, x, inverse_scale, qa, layers[0].inputs);
    const int8_t *in = qa;
    int8_t *out = qb, *other = qa;
    for (int l = 0; l < count; l++) {
        const TaktLayer *L = &layers[l];
        // Inputs after a ReLU lie in 0...127, which spares the kernels the sign handling.
        const int nonnegative = l > 0 && layers[l - 1].activation == TAKT_ACT_RELU;
        takt_dense_s8(level, (const int8_t *)L->weights, (const int32_t *)L->bias, in, acc, L->groups, L->blocks, nonnegative);
        if (l == count - 1) {
            takt_dequantize(acc, L->scale, logits, L->outputs);
        } else {
            if (L->activation == TAKT_ACT_RELU || L->activation == TAKT_ACT_NONE)
                takt_requantize(level, acc, L->scale, out, L->blocks * 16, L->activation == TAKT_ACT_RELU);
            else
                takt_requantize_activation(L, acc, out, L->blocks * 16);
            in = out;
            int8_t *t = out; out = other; other = t;
        }
    }
}

// ---------------------------------------------------------------- choosing

#if TAKT_X86
__attribute__((target(TAKT_AVX512)))
static int masked_argmax_avx512(const float *scores, const uint8_t *mask, int n) {
    if (n <= 8) {
        // Eight lanes: the maximum by three in-register swaps, then the first lane holding it.
        __mmask8 valid = (__mmask8)((1u << n) - 1);
        __mmask8 allowed = _mm_mask_test_epi8_mask(valid, _mm_maskz_loadu_epi8(valid, mask), _mm_set1_epi8(1));
        if (!allowed) return -1;
        __m256 v = _mm256_mask_loadu_ps(_mm256_set1_ps(-INFINITY), allowed, scores);
        __m256 m = _mm256_max_ps(v, _mm256_permute2f128_ps(v, v, 1));
        m = _mm256_max_ps(m, _mm256_permute_ps(m, 0x4E));
        m = _mm256_max_ps(m, _mm256_permute_ps(m, 0xB1));
        __mmask8 at = _mm256_mask_cmp_ps_mask(allowed, v, m, _CMP_EQ_OQ);
        return __builtin_ctz(at ? at : allowed);
    }
    __mmask16 valid = n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1);
    __mmask16 allowed = _mm_mask_test_epi8_mask(valid, _mm_maskz_loadu_epi8(valid, mask), _mm_set1_epi8(1));
    if (!allowed) return -1;
    __m512 v = _mm512_mask_loadu_ps(_mm512_set1_ps(-INFINITY), allowed, scores);
    float top = _mm512_reduce_max_ps(v);
    __mmask16 at = _mm512_mask_cmp_ps_mask(allowed, v, _mm512_set1_ps(top), _CMP_EQ_OQ);
    // An allowed score of -inf ties with the fill: take the first allowed one then.
    return __builtin_ctz(at ? at : allowed);
}
#endif

int takt_masked_argmax(int level, const float *scores, const uint8_t *mask, int n) {
#if TAKT_X86
    if (level >= TAKT_LEVEL_AVX512VNNI && n <= 16) return masked_argmax_avx512(scores, mask, n);
#endif
    (void)level;
    int best = -1;
    float top = -INFINITY;
    for (int i = 0; i < n; i++) {
        int take = mask[i] && (best < 0 || scores[i] > top);
        best = take ? i : best;
        top = take ? scores[i] : top;
    }
    return best;
}
