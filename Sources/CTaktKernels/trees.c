// Tree-ensemble scores: every tree walked one level per round, all trees in
// each round (independent walks overlap in the CPU), without branches that
// depend on the data: a comparison picks the child with a select. Leaves
// point to themselves, so a round at a leaf changes nothing, and `depth`
// rounds bring every tree to its leaf.
#include "CTaktKernels.h"

/// Every branch is x <= threshold and a missing value goes to the false child (as the
/// comparison sends NaN): one comparison and one select per node.
static void walk_plain(const TaktTrees *e, const float *x, int32_t *cursor) {
    for (int round = 0; round < e->depth; round++) {
        for (int t = 0; t < e->trees; t++) {
            const int32_t n = cursor[t];
            cursor[t] = x[e->feature[n]] <= e->threshold[n] ? e->true_child[n] : e->false_child[n];
        }
    }
}

/// Any branch: x <= threshold, or x == threshold (flag 1); a missing value to the true child (flag 2).
static void walk_flagged(const TaktTrees *e, const float *x, int32_t *cursor) {
    for (int round = 0; round < e->depth; round++) {
        for (int t = 0; t < e->trees; t++) {
            const int32_t n = cursor[t];
            const float v = x[e->feature[n]], th = e->threshold[n];
            const int f = e->flags[n];
            const int holds = ((f & TAKT_TREE_EQ) ? v == th : v <= th) | ((v != v) & (f >> 1));
            cursor[t] = holds ? e->true_child[n] : e->false_child[n];
        }
    }
}

void takt_trees_scores(const TaktTrees *e, const float *x, int32_t *cursor, float *scores) {
    for (int t = 0; t < e->trees; t++) cursor[t] = e->roots[t];
    if (e->plain) walk_plain(e, x, cursor);
    else walk_flagged(e, x, cursor);
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
