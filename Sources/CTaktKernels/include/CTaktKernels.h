#ifndef CTAKTKERNELS_H
#define CTAKTKERNELS_H

#include <stdint.h>

/// Instruction-set levels for the dense kernels, chosen at run time.
enum {
    TAKT_LEVEL_SCALAR = 0,      ///< portable C, any x86-64 or other CPU
    TAKT_LEVEL_AVX2 = 1,        ///< AVX2 + FMA
    TAKT_LEVEL_AVX512VNNI = 2,  ///< AVX-512 F/BW/VL + VNNI
};

/// The best level this CPU supports.
int takt_cpu_level(void);

/// Weights are packed in blocks of 16 outputs (outputs padded to a multiple of 16).
///
/// fp32: w[block][k][16], y[o] = b[o] + sum_k w[o][k] x[k], then max(0, .) when relu != 0.
void takt_dense_f32(int level, const float *w, const float *b, const float *x, float *y, int inputs, int blocks, int relu);

/// int8: w[block][group][16][4] (inputs padded to a multiple of 4 with zero weights),
/// acc[o] = b[o] + sum_k w[o][k] x[k] in int32. Weights lie in [-127, 127]; inputs in
/// [-127, 127], or [0, 127] when nonnegative != 0 (which skips the sign handling).
void takt_dense_s8(int level, const int8_t *w, const int32_t *b, const int8_t *x, int32_t *acc, int groups, int blocks, int nonnegative);

/// y[i] = clamp(rint(acc[i] * scale[i]), lo, 127) with lo = 0 when relu != 0, else -127
/// (round half to even). n is a multiple of 16.
void takt_requantize(int level, const int32_t *acc, const float *scale, int8_t *y, int n, int relu);

/// q[i] = rint(clamp(x[i] * inverse_scale, -127, 127)) (round half to even); n is a multiple of 4.
void takt_quantize(int level, const float *x, float inverse_scale, int8_t *q, int n);

/// y[i] = acc[i] * scale[i]: int32 accumulators back to real values.
void takt_dequantize(const int32_t *acc, const float *scale, float *y, int n);

#endif
