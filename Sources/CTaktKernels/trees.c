// Tree-ensemble scores: every tree walked one level per round, all trees in
// each round (independent walks overlap in the CPU), without branches that
// depend on the data: a comparison picks the child with a select. Leaves
// point to themselves, so a round at a leaf changes nothing, and
// `depth` rounds bring every tree to its leaf.
#include "CTaktKernels.h"

void takt_trees_scores(const TaktTrees *e, const float *x, int32_t *cursor, float *scores) {
    for (int t = 0; t < e->trees; t++) cursor[t] = e->roots[t];
    for (int round = 0; round < e->depth; round++) {
        for (int t = 0; t < e->trees; t++) {
            const int32_t n = cursor[t];
            const float v = x[e->feature[n]], th = e->threshold[n];
            const int k = e->kind[n];
            const int goes_true = ((k == 0) & (v <= th)) | ((k == 1) & (v < th)) | ((k == 2) & (v == th));
            int32_t next = goes_true ? e->true_child[n] : e->false_child[n];
            cursor[t] = v != v ? e->missing_child[n] : next;
        }
    }
    for (int o = 0; o < e->outputs; o++) scores[o] = 0;
    for (int t = 0; t < e->trees; t++) {
        const int32_t n = cursor[t];
        for (int32_t j = e->leaf_start[n]; j < e->leaf_start[n + 1]; j++) scores[e->leaf_target[j]] += e->leaf_weight[j];
    }
    if (e->average)
        for (int o = 0; o < e->outputs; o++) scores[o] = scores[o] / (float)e->trees;
    if (e->base)
        for (int o = 0; o < e->outputs; o++) scores[o] += e->base[o];
}
