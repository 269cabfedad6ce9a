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

/// What a layer applies to its outputs (the last layer of a network: none).
enum {
    TAKT_ACT_NONE = 0,
    TAKT_ACT_RELU = 1,
    TAKT_ACT_LEAKY_RELU = 2,  ///< x < 0 ? x * alpha : x
    TAKT_ACT_CLIP = 3,        ///< x < alpha ? alpha : (x > beta ? beta : x)
    TAKT_ACT_SIGMOID = 4,     ///< 1 / (1 + expf(-x))
    TAKT_ACT_TANH = 5,        ///< tanhf(x)
};

/// One packed layer of a network, for the whole-network forward passes.
typedef struct {
    const void *weights;        ///< float w[block][k][16], or int8 w[block][group][16][4]
    const void *bias;           ///< float b[], or int32 b[] (padded to blocks * 16)
    const int32_t *bias_offset; ///< int8 first layer: b[o] - 128 * sum_k w[o][k] (inputs as unsigned, offset by 128)
    const float *scale;         ///< int8: requantization multipliers (hidden) or dequantization (last)
    int inputs, outputs, blocks, groups;
    int activation;             ///< TAKT_ACT_*, applied to this layer's outputs
    float alpha, beta;          ///< the activation's parameters (leaky slope; clip bounds)
    float out_scale, out_inverse; ///< int8 hidden layers: the output's scale and its reciprocal
} TaktLayer;

/// The activation `activation` (TAKT_ACT_*) of one value, in fp32.
float takt_activate(int activation, float alpha, float beta, float x);

/// The logistic function 1 / (1 + expf(-x)) and tanhf, as every kernel computes them.
float takt_sigmoid(float x);
float takt_tanh(float x);

/// An int8 hidden layer's outputs with its activation (any but ReLU and none, which
/// `takt_requantize` covers): v = acc * scale; leaky ReLU and clip act on v in the output's
/// units (clip bounds times `out_inverse`), sigmoid and tanh on v * out_scale, their result
/// times `out_inverse`; then clamp(rint(.), -127, 127) (round half to even). n is a multiple of 16.
void takt_requantize_activation(const TaktLayer *layer, const int32_t *acc, int8_t *y, int n);

/// Logits of an fp32 network: `count` layers, each followed by its activation. Scratch buffers hold
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

/// Node flags of a packed tree ensemble.
enum {
    TAKT_TREE_EQ = 1,          ///< the node tests x == threshold instead of x <= threshold
    TAKT_TREE_NAN_TRUE = 2,    ///< a missing value (NaN) goes to the true child (else, as the comparison sends it, to the false one)
};

/// A tree ensemble packed for `takt_trees_scores`: nodes as a struct of arrays. Every
/// branch tests x <= threshold or (flag TAKT_TREE_EQ) x == threshold; the other ONNX modes
/// are these with the threshold moved to the next float down or the children swapped.
/// Leaves read feature 0 and have both children pointing to themselves; node n's leaf
/// weights are leaf_target[j], leaf_weight[j] for j in leaf_start[n] ..< leaf_start[n + 1].
typedef struct {
    const int32_t *feature;
    const float *threshold;
    const uint8_t *flags;       ///< TAKT_TREE_* per node
    const int32_t *true_child, *false_child;
    const int32_t *leaf_start, *leaf_target;
    const float *leaf_weight;
    const int32_t *roots;
    const float *base;          ///< added to each score, or NULL
    int trees, depth, outputs;
    int average;                ///< scores divided by the tree count before `base` is added
    int plain;                  ///< no node has a flag: the one-comparison walk
} TaktTrees;

/// The ensemble's `outputs` scores for features `x`; `cursor` holds `trees` int32s of scratch.
void takt_trees_scores(const TaktTrees *ensemble, const float *x, int32_t *cursor, float *scores);

#endif
