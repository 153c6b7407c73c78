/* The C peer for scripts/bench-training.sh: one sgd run written as a plain C
 * loop, doing exactly what gd's engine does for `sgd loss on data batch 32
 * rate R epochs E`: each epoch re-fills the identity order, shuffles it with
 * xoshiro256** (seeded by SplitMix64) and Lemire's bounded draws, steps plain
 * SGD on each batch's mean gradient of a linear model's squared loss (sums in
 * NumPy's pairwise order, numpy.sum's: a batch of at most 128 rows is one
 * leaf, eight partial sums r[p mod 8] combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)),
 * then the rows past the last full group of eight in order), and computes
 * the whole-table loss at each epoch's end (the same pairwise tree over all
 * rows). So its parameters must match the Swift engine's to the bit.
 *
 * LOSS picks the per-row loss of the line z = a + b*x (default mse):
 *   mse       (z - y)^2, gradient 2r, 2r*x with r = z - y;
 *   logistic  -(label*ln p + (1 - label)*ln(1 - p)), p = 1/(1 + exp(-z)),
 *             gradient p - label, (p - label)*x;
 *   absolute  |z - y|, gradient sign(r), sign(r)*x.
 * The gradients are written in the operation order of gd's compiled
 * symbolic derivatives (Symbolic's canonical forms, see
 * scripts/bench-training-compiled), so that the final parameters can be
 * compared bit for bit; a C programmer's simplest form costs the same.
 *
 * Compiled with -DLEAN it is the lean C loop a C programmer writes: sums
 * left to right in one accumulator and 32-bit row indices (its bits differ),
 * the yardstick for the sgd command's speed.
 *
 * usage: bench-training-loop DATA.bin ROWS EPOCHS RATE SEED [LOSS]
 * DATA.bin holds ROWS doubles x, then ROWS doubles y, then ROWS doubles
 * label (0 or 1) (native byte order).
 * Prints one line per epoch: "epoch E ms T loss L", then "x A B" (%.17g).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef LEAN
#define LANE(k) 0
typedef uint32_t row_index;
#else
#define LANE(k) ((k) % 8)
typedef size_t row_index;
#endif

static uint64_t state[4];

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next(void) {
    uint64_t result = rotl(state[1] * 5, 7) * 9;
    uint64_t t = state[1] << 17;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 45);
    return result;
}

static void seed(uint64_t s) {
    for (int i = 0; i < 4; i++) {
        s += 0x9E3779B97F4A7C15ULL;
        uint64_t z = s;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        state[i] = z ^ (z >> 31);
    }
}

static inline uint64_t bounded(uint64_t k) {
    __uint128_t m = (__uint128_t)next() * k;
    uint64_t low = (uint64_t)m;
    if (low < k) {
        uint64_t threshold = (0 - k) % k;
        while (low < threshold) {
            m = (__uint128_t)next() * k;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);  /* CPU time: steadier on a busy machine */
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* NumPy's combination of a leaf's eight partial sums (the lean loop keeps
 * its one sum in l[0]). */
static inline double combine(const double l[8]) {
#ifdef LEAN
    return l[0];
#else
    return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
#endif
}

enum { MSE, LOGISTIC, ABSOLUTE };
static int loss_kind = MSE;

static inline double sigmoid(double z) { return 1 / (1 + exp(-z)); }

static inline double row_loss(const double *x, const double *y, const double *label, size_t i, double t0, double t1) {
    if (loss_kind == MSE) {
        double r = (t0 + t1 * x[i]) - y[i];
        return r * r;
    } else if (loss_kind == LOGISTIC) {
        double p = sigmoid(t0 + t1 * x[i]);
        return -(label[i] * log(p) + (1 - label[i]) * log(1 - p));
    }
    return fabs((t0 + t1 * x[i]) - y[i]);
}

#ifndef LEAN
/* numpy's pairwise_sum of the row losses of rows first .. first+n-1. */
static double loss_tree(const double *x, const double *y, const double *label, size_t first, size_t n, double t0, double t1) {
    if (n > 128) {
        size_t left = n / 2;
        left -= left % 8;
        return loss_tree(x, y, label, first, left, t0, t1) + loss_tree(x, y, label, first + left, n - left, t0, t1);
    }
    double s[8] = {-0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0};
    size_t full = n - n % 8, i = 0;
    for (; i < full; i++) s[i % 8] += row_loss(x, y, label, first + i, t0, t1);
    double total = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < n; i++) total += row_loss(x, y, label, first + i, t0, t1);
    return total;
}
#endif

static double mean_loss(const double *x, const double *y, const double *label, size_t n, double t0, double t1) {
#ifdef LEAN
    double s = 0;
    for (size_t i = 0; i < n; i++) s += row_loss(x, y, label, i, t0, t1);
    return s / (double)n;
#else
    return (0.0 + loss_tree(x, y, label, 0, n, t0, t1)) / (double)n;
#endif
}

int main(int argc, char **argv) {
    if (argc != 6 && argc != 7) {
        fprintf(stderr, "usage: %s DATA.bin ROWS EPOCHS RATE SEED [mse|logistic|absolute]\n", argv[0]);
        return 2;
    }
    if (argc == 7) {
        if (strcmp(argv[6], "logistic") == 0) loss_kind = LOGISTIC;
        else if (strcmp(argv[6], "absolute") == 0) loss_kind = ABSOLUTE;
        else if (strcmp(argv[6], "mse") != 0) { fprintf(stderr, "unknown loss %s\n", argv[6]); return 2; }
    }
    size_t n = strtoull(argv[2], 0, 10);
    int epochs = atoi(argv[3]);
    double rate = strtod(argv[4], 0);
    seed(strtoull(argv[5], 0, 10));
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *label = malloc(n * sizeof *label);
    row_index *order = malloc(n * sizeof *order);
    FILE *file = fopen(argv[1], "rb");
    if (!file || fread(x, sizeof *x, n, file) != n || fread(y, sizeof *y, n, file) != n
        || fread(label, sizeof *label, n, file) != n) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(file);
    const size_t batch = 32;
    double t0 = 0, t1 = 0;
    printf("start loss %.17g\n", mean_loss(x, y, label, n, t0, t1));
    for (int epoch = 1; epoch <= epochs; epoch++) {
        double begin = now_ms();
        for (size_t i = 0; i < n; i++) order[i] = (row_index)i;
        for (size_t i = n - 1; i > 0; i--) {
            size_t j = bounded(i + 1);
            row_index swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        for (size_t start = 0; start < n; start += batch) {
            size_t end = start + batch < n ? start + batch : n;
            /* A batch is one leaf of the pairwise tree (batch <= 128): rows past
             * its last full group of eight (a short last batch) go in order
             * after the lanes are combined. */
            double sr[8] = {-0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0};
            double srx[8] = {-0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0};
            double m = (double)(end - start), g0, g1;
#ifdef LEAN
            size_t full_end = end;
#else
            size_t full_end = end - (end - start) % 8;
#endif
            if (loss_kind == MSE) {
                size_t k = start;
                for (; k < full_end; k++) {
                    size_t row = order[k];
                    double r = (t0 + t1 * x[row]) - y[row];
                    sr[LANE(k - start)] += r;
                    srx[LANE(k - start)] += r * x[row];
                }
                double a = combine(sr), b = combine(srx);
                for (; k < end; k++) {
                    size_t row = order[k];
                    double r = (t0 + t1 * x[row]) - y[row];
                    a += r;
                    b += r * x[row];
                }
                g0 = 2 * (0.0 + a) / m;
                g1 = 2 * (0.0 + b) / m;
            } else if (loss_kind == LOGISTIC) {
                /* Symbolic's form: -mean(label*(1 - p) - p*(1 - label)), likewise times x. */
                size_t k = start;
                for (; k < full_end; k++) {
                    size_t row = order[k];
                    double p = sigmoid(t0 + t1 * x[row]), l = label[row];
                    sr[LANE(k - start)] += l * (1 - p) - p * (1 - l);
                    srx[LANE(k - start)] += (1 - p) * (x[row] * l) - (1 - l) * (x[row] * p);
                }
                double a = combine(sr), b = combine(srx);
                for (; k < end; k++) {
                    size_t row = order[k];
                    double p = sigmoid(t0 + t1 * x[row]), l = label[row];
                    a += l * (1 - p) - p * (1 - l);
                    b += (1 - p) * (x[row] * l) - (1 - l) * (x[row] * p);
                }
                g0 = -((0.0 + a) / m);
                g1 = -((0.0 + b) / m);
            } else {
                size_t k = start;
                for (; k < full_end; k++) {
                    size_t row = order[k];
                    double r = (t0 + t1 * x[row]) - y[row];
                    double s = (r > 0) - (r < 0);
                    sr[LANE(k - start)] += s;
                    srx[LANE(k - start)] += x[row] * s;
                }
                double a = combine(sr), b = combine(srx);
                for (; k < end; k++) {
                    size_t row = order[k];
                    double r = (t0 + t1 * x[row]) - y[row];
                    double s = (r > 0) - (r < 0);
                    a += s;
                    b += x[row] * s;
                }
                g0 = (0.0 + a) / m;
                g1 = (0.0 + b) / m;
            }
            t0 = t0 - rate * g0;
            t1 = t1 - rate * g1;
        }
        double loss = mean_loss(x, y, label, n, t0, t1);
        printf("epoch %d ms %.3f loss %.17g\n", epoch, now_ms() - begin, loss);
    }
    printf("x %.17g %.17g\n", t0, t1);
    return 0;
}
