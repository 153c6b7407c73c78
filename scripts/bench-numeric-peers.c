/* C peer for bench-numeric: the same gradients as hand-written loops, as a C
 * programmer would write them, built with gcc -O2 (no -ffast-math: the
 * sums stay in order, as gd's must stay in a fixed order).
 *
 *     bench-numeric-peers DATA_DIR [repetitions]
 *
 * Prints "RESULT <case> c <median ms> <min ms> <values…>" like bench-numeric. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { ROWS = 1000000 };

static double *load(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    double *values = malloc(sizeof(double) * ROWS);
    if (fread(values, sizeof(double), ROWS, file) != ROWS) { fprintf(stderr, "short %s\n", path); exit(1); }
    fclose(file);
    return values;
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* CPU time: robust to other load */
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void mse(const double *x, const double *y, double t0, double t1, double *g) {
    double g0 = 0, g1 = 0;
    for (int i = 0; i < ROWS; i++) {
        double r = t0 + t1 * x[i] - y[i];
        g0 += 2 * r;
        g1 += 2 * r * x[i];
    }
    g[0] = g0 / ROWS; g[1] = g1 / ROWS;
}

static void logistic(const double *x, const double *label, double t0, double t1, double *g) {
    double g0 = 0, g1 = 0;
    for (int i = 0; i < ROWS; i++) {
        double p = 1 / (1 + exp(-(t0 + t1 * x[i])));
        double e = p - label[i];
        g0 += e;
        g1 += e * x[i];
    }
    g[0] = g0 / ROWS; g[1] = g1 / ROWS;
}

static void absolute(const double *x, const double *y, double t0, double t1, double *g) {
    double g0 = 0, g1 = 0;
    for (int i = 0; i < ROWS; i++) {
        double r = t0 + t1 * x[i] - y[i];
        double s = (r > 0) - (r < 0);
        g0 += s;
        g1 += s * x[i];
    }
    g[0] = g0 / ROWS; g[1] = g1 / ROWS;
}

static int compare(const void *a, const void *b) {
    double d = *(const double *)a - *(const double *)b;
    return (d > 0) - (d < 0);
}

typedef void (*Gradient)(const double *, const double *, double, double, double *);

static void run(const char *name, Gradient gradient, const double *x, const double *other, int repetitions) {
    double g[2], times[1000];
    for (int k = 0; k < repetitions; k++) {
        double start = now_ms();
        gradient(x, other, 1.4, -0.6, g);
        times[k] = now_ms() - start;
    }
    qsort(times, repetitions, sizeof(double), compare);
    printf("RESULT %s c %.3f %.3f %.17g %.17g\n", name, times[repetitions / 2], times[0], g[0], g[1]);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "/tmp/bench-numeric-data";
    int repetitions = argc > 2 ? atoi(argv[2]) : 30;
    if (repetitions < 1 || repetitions > 1000) repetitions = 30;
    double *x = load(dir, "x.f64"), *y = load(dir, "y.f64"), *label = load(dir, "label.f64");
    run("mse-gradient", mse, x, y, repetitions);
    run("logistic-gradient", logistic, x, label, repetitions);
    run("absolute-gradient", absolute, x, y, repetitions);
    return 0;
}
