// The `gd` a package installs (scripts/package compiles this into bin/gd):
// it runs the build of gd made for this CPU, from PREFIX/libexec/gd/:
//   gd-avx2-fma   built with AVX2 and FMA, on CPUs that have both
//   gd-baseline   built for any x86-64 (and the only build elsewhere)
// Swift cannot compile one function for two instruction sets and choose at
// run time, so gd is built twice (scripts/release-flags gives each build's
// flags) and the choice is made here, before gd starts. Both builds print the
// same bits: the flags only let exp's explicit fused multiply-adds become
// instructions instead of calls to the C library's (exact) `fma`.
//
// GD_VARIANT=baseline (or avx2-fma) picks a build by hand. The process is
// replaced (execv), so gd's signals and exit status stay its own.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cpu_has_avx2_and_fma(void) {
#if defined(__x86_64__)
    // Checks the CPU and that the kernel saves the AVX registers.
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int main(int argc, char **argv) {
    (void)argc;
    char self[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) {
        fprintf(stderr, "gd: cannot find where gd is installed (/proc/self/exe: %s)\n", strerror(errno));
        return 127;
    }
    self[length] = '\0';
    char *slash = strrchr(self, '/');  // PREFIX/bin/gd: cut to PREFIX/bin
    if (slash == NULL) return 127;
    *slash = '\0';

    const char *variant = getenv("GD_VARIANT");
    if (variant == NULL || variant[0] == '\0') {
        variant = cpu_has_avx2_and_fma() ? "avx2-fma" : "baseline";
    } else if (strcmp(variant, "baseline") != 0 && strcmp(variant, "avx2-fma") != 0) {
        fprintf(stderr, "gd: GD_VARIANT is '%s'; it must be baseline, avx2-fma or unset\n", variant);
        return 2;
    }
    // PREFIX/bin/../libexec/gd/gd-VARIANT; a package without the faster build still runs.
    char binary[PATH_MAX];
    int written = snprintf(binary, sizeof binary, "%s/../libexec/gd/gd-%s", self, variant);
    if (written < 0 || written >= (int)sizeof binary) return 127;
    if (access(binary, X_OK) != 0 && strcmp(variant, "baseline") != 0) {
        strcpy(binary + written - strlen(variant), "baseline");  // "avx2-fma" is no shorter
    }
    // gd finds its installed files (help's example data) from argv[0]: give
    // it this launcher's full path, also when it was started through PATH.
    char launcher[PATH_MAX];
    if (snprintf(launcher, sizeof launcher, "%s/gd", self) < (int)sizeof launcher) argv[0] = launcher;
    execv(binary, argv);
    fprintf(stderr, "gd: cannot run %s: %s\n", binary, strerror(errno));
    return 127;
}
