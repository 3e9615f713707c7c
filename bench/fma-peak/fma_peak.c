/* fma-peak: the fused multiply-adds one core can do per second, in float64 and float32, on the vectors the
 * compile target has (gcc vector extensions; 64-byte vectors under AVX-512, 32-byte under AVX/AVX2, else 16).
 * NACC independent accumulator chains, acc = acc * m + c, each FMA waiting only on its own chain's previous one:
 * NACC must exceed FMA latency x FMAs issued per cycle (4 x 2 = 8 on Zen 4/5 and recent Intel cores), and the
 * chains, m and c must fit the registers (32 zmm under AVX-512: 24 chains; 16 ymm/xmm otherwise: 12). -DNACC=n
 * overrides. m and c come from the command line (so nothing folds at compile time) and the chains are summed into
 * a checksum that is printed (so nothing is dropped); with m < 1 the chains converge to c / (1 - m) and stay finite.
 * gcc contracts acc * m + c into one vfmadd (-ffp-contract=fast, its GNU C default; objdump -d | grep vfmadd).
 * The chains' function is noipa: gcc would otherwise see that it has no side effects and move its calls out of the
 * timed region. Prints "PEAK NAME PRECISION LANES GFLOPS" per precision: the best of REPEATS (default 10) timed runs
 * of 0.05 to 0.1 s each, 2 flops per FMA lane.
 * Build: gcc -O3 -march=native -ffp-contract=fast -o fma_peak fma_peak.c
 * Usage: fma_peak NAME [REPEATS [M C]]                                                                       */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#define VBYTES 64
#elif defined(__AVX__)
#define VBYTES 32
#else
#define VBYTES 16
#endif
#ifndef NACC
#if VBYTES == 64
#define NACC 24
#else
#define NACC 12
#endif
#endif

typedef double vd __attribute__((vector_size(VBYTES)));
typedef float vf __attribute__((vector_size(VBYTES)));

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* one function per precision, the same body: NACC chains of `steps` FMAs each */
#define CHAINS(NAME, V, T)                                                                      \
    static __attribute__((noipa)) T NAME(long steps, T m, T c) {                             \
        V acc[NACC], vm = (V){0} + m, vc = (V){0} + c;                                          \
        _Pragma("GCC unroll 32") for (int i = 0; i < NACC; i++) acc[i] = (V){0} + (T)i;         \
        for (long s = 0; s < steps; s++)                                                        \
            _Pragma("GCC unroll 32") for (int i = 0; i < NACC; i++) acc[i] = acc[i] * vm + vc;  \
        V total = (V){0};                                                                       \
        _Pragma("GCC unroll 32") for (int i = 0; i < NACC; i++) total += acc[i];                \
        T sum = 0;                                                                              \
        for (int j = 0; j < (int)(VBYTES / sizeof(T)); j++) sum += total[j];                    \
        return sum;                                                                             \
    }
CHAINS(chains_f64, vd, double)
CHAINS(chains_f32, vf, float)

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: fma_peak NAME [REPEATS]\n"); return 1; }
    int repeats = argc > 2 ? atoi(argv[2]) : 10;
    double m = argc > 3 ? atof(argv[3]) : 0.999999, c = argc > 4 ? atof(argv[4]) : 1e-6;
    const char *precision[2] = {"f64", "f32"};
    int lanes[2] = {VBYTES / 8, VBYTES / 4};
    double check = 0;
    for (int p = 0; p < 2; p++) {
        long steps = 1000;
        double best = 0;
        for (;;) {   /* grow the run to 0.05 s or more */
            double t = now();
            check += p ? chains_f32(steps, (float)m, (float)c) : chains_f64(steps, m, c);
            if (now() - t > 0.05) break;
            steps *= 2;
        }
        for (int r = 0; r < repeats; r++) {
            double t = now();
            check += p ? chains_f32(steps, (float)m, (float)c) : chains_f64(steps, m, c);
            double gflops = 2.0 * NACC * lanes[p] * steps / (now() - t) / 1e9;
            if (gflops > best) best = gflops;
        }
        printf("PEAK %s %s %d %.2f\n", argv[1], precision[p], lanes[p], best);
    }
    fprintf(stderr, "fma-peak %s: %d chains of %d-byte vectors (checksum %g)\n", argv[1], NACC, VBYTES, check);
    return 0;
}
