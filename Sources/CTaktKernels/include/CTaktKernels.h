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

/// One packed layer of a network, for the whole-network forward passes.
typedef struct {
    const void *weights;        ///< float w[block][k][16], or int8 w[block][group][16][4]
    const void *bias;           ///< float b[], or int32 b[] (padded to blocks * 16)
    const int32_t *bias_offset; ///< int8 first layer: b[o] - 128 * sum_k w[o][k] (inputs as unsigned, offset by 128)
    const float *scale;         ///< int8: requantization multipliers (hidden) or dequantization (last)
    int inputs, outputs, blocks, groups;
} TaktLayer;

/// Logits of an fp32 network: `count` layers, ReLU between them. Scratch buffers hold
/// the widest padded layer; `logits` receives the last layer's `outputs` values.
void takt_forward_f32(int level, const TaktLayer *layers, int count, const float *x, float *a, float *b, float *logits);

/// Logits of an int8 network (the arithmetic of `QuantizedMLP`): the input quantized with
/// `inverse_scale`, int32 accumulation, requantization between layers, dequantized logits.
/// Scratch: `qa`, `qb` bytes and `acc` int32s, each the widest padded layer. With
/// `logits_padded`, `logits` has room for the last layer's padded outputs (blocks * 16) and
/// may be written whole, which lets a following read forward from the store.
void takt_forward_s8(int level, const TaktLayer *layers, int count, const float *x, float inverse_scale,
                     int8_t *qa, int8_t *qb, int32_t *acc, float *logits, int logits_padded);

/// The index of the highest score among allowed actions (mask[i] != 0), ties to the lowest
/// index; -1 when none is allowed. Branch-free (scores of a policy are unpredictable).
int takt_masked_argmax(int level, const float *scores, const uint8_t *mask, int n);

#endif
