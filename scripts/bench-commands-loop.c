/* The lean C peers of scripts/bench-commands.py: what a C programmer writes
 * for the commands gd's users type, on the same rows (gcc -O2, no -ffast-math).
 *
 *   descend: STEPS steps of full-batch gradient descent on the lecture's
 *            least squares, L(a, b) = mean((y - a - b*x)^2): each step one
 *            pass over the rows computing the loss and both gradient sums
 *            (scalar sums left to right), then a -= rate*ga, b -= rate*gb.
 *
 * usage: bench-commands-loop descend DATA.bin ROWS STEPS RATE
 * DATA.bin holds ROWS doubles x then ROWS doubles y. Prints
 * "ms_per_step T a A b B loss L" (wall time per step, the thread's CPU time
 * per step as "cpu_ms_per_step").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 6 || strcmp(argv[1], "descend") != 0) {
        fprintf(stderr, "usage: %s descend DATA.bin ROWS STEPS RATE\n", argv[0]);
        return 2;
    }
    size_t n = strtoull(argv[3], 0, 10);
    int steps = atoi(argv[4]);
    double rate = strtod(argv[5], 0);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    FILE *file = fopen(argv[2], "rb");
    if (!file || fread(x, sizeof *x, n, file) != n || fread(y, sizeof *y, n, file) != n) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 1;
    }
    fclose(file);
    double a = 0, b = 0, loss = 0;
    double wall = now_ms(CLOCK_MONOTONIC), cpu = now_ms(CLOCK_THREAD_CPUTIME_ID);
    for (int step = 0; step < steps; step++) {
        double sum_loss = 0, sum_ga = 0, sum_gb = 0;
        for (size_t i = 0; i < n; i++) {
            double r = y[i] - a - b * x[i];
            sum_loss += r * r;
            sum_ga += -2 * r;
            sum_gb += -2 * x[i] * r;
        }
        loss = sum_loss / n;
        a -= rate * (sum_ga / n);
        b -= rate * (sum_gb / n);
    }
    printf("ms_per_step %.4f cpu_ms_per_step %.4f a %.17g b %.17g loss %.17g\n",
           (now_ms(CLOCK_MONOTONIC) - wall) / steps, (now_ms(CLOCK_THREAD_CPUTIME_ID) - cpu) / steps, a, b, loss);
    return 0;
}
