// Activations other than ReLU between the layers of a network, in fp32 and
// in int8. Plain scalar C in one fixed order of operations (a multiply or a
// comparison at a time, never a multiply feeding an add, so no compiler may
// fuse them), which the Swift reference repeats through these same functions.
#include "CTaktKernels.h"
#include <math.h>

float takt_sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

float takt_tanh(float x) { return tanhf(x); }

float takt_activate(int activation, float alpha, float beta, float x) {
    switch (activation) {
    case TAKT_ACT_RELU: return x < 0 ? 0 : x;
    case TAKT_ACT_LEAKY_RELU: return x < 0 ? x * alpha : x;
    case TAKT_ACT_CLIP: return x < alpha ? alpha : (x > beta ? beta : x);
    case TAKT_ACT_SIGMOID: return takt_sigmoid(x);
    case TAKT_ACT_TANH: return takt_tanh(x);
    default: return x;
    }
}

void takt_requantize_activation(const TaktLayer *L, const int32_t *acc, int8_t *y, int n) {
    const float *scale = L->scale;
    const float lo = L->alpha * L->out_inverse, hi = L->beta * L->out_inverse;
    for (int i = 0; i < n; i++) {
        float v = (float)acc[i] * scale[i];
        switch (L->activation) {
        case TAKT_ACT_RELU: v = v < 0 ? 0 : v; break;
        case TAKT_ACT_LEAKY_RELU: v = v < 0 ? v * L->alpha : v; break;
        case TAKT_ACT_CLIP: v = v < lo ? lo : (v > hi ? hi : v); break;
        case TAKT_ACT_SIGMOID: v = takt_sigmoid(v * L->out_scale) * L->out_inverse; break;
        case TAKT_ACT_TANH: v = takt_tanh(v * L->out_scale) * L->out_inverse; break;
        default: break;
        }
        v = v < -127.0f ? -127.0f : (v > 127.0f ? 127.0f : v);
        y[i] = (int8_t)rintf(v);
    }
}
