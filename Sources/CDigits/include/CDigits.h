// The leading decimal digits of up to 16 bytes, counted and converted at
// once: the inner step of gd's CSV number parser (Sources/Data/DecimalParsing.swift).
//
// In C because Swift has no spelling for the SSE instructions that do it
// in about 18 instructions (x86 `pmovmskb` to find the run's end, `pshufb`
// to move the run to the end of the register, `pmaddubsw`/`pmaddwd` to
// combine digits in pairs, fours and eights), where two eight-byte SWAR
// steps take about 50 and a branch between them. `static inline`: the Swift
// compiler imports the bodies and inlines them into the parser.
//
// Three versions, the same answers: `gd_digit_run16_ssse3` (x86 with SSSE3,
// which every AVX2 build has), `gd_digit_run16_portable` (two SWAR steps in
// 64-bit words, any CPU), and `gd_digit_run16`, the one this build uses:
// SSSE3 when the compiler may assume it (`scripts/release-flags` avx2-fma),
// portable otherwise. The tests call the first two directly, so both are
// checked whatever the build.
#ifndef GD_CDIGITS_H
#define GD_CDIGITS_H

#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define GD_HAVE_SSSE3_VERSION 1
#endif

/// A run of decimal digits: how many (0 to 16) and their value (< 10^16).
typedef struct {
    uint64_t value;
    int64_t count;
} gd_digit_run;

/// 10^0 … 10^16.
static const uint64_t gd_powers_of_ten[17] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
};

/// The run of up to eight digits at `bytes` (eight bytes readable there),
/// by SWAR arithmetic in one 64-bit word: with v = b − '0' per byte, b is a
/// digit when neither v nor v + 0x76 has its top bit set, so the first byte
/// failing that ends the run (borrows and carries start only at a byte that
/// is not a digit and travel only towards later bytes, so they cannot hide
/// it); the run, shifted to the top of the word so that zeros lead,
/// combines pairwise: 10·a + b in 16-bit lanes, then 100·ab + cd and
/// 10^4·abcd + efgh by two multiplications.
static inline __attribute__((always_inline)) gd_digit_run gd_digit_run8(const uint8_t *bytes) {
    uint64_t word;
    memcpy(&word, bytes, 8);  // one unaligned load (little-endian CPUs only, as gd's builds)
    uint64_t values = word - 0x3030303030303030ULL;
    uint64_t non_digits = ((values + 0x7676767676767676ULL) | values) & 0x8080808080808080ULL;
    int64_t count = non_digits == 0 ? 8 : (int64_t)(__builtin_ctzll(non_digits) >> 3);
    gd_digit_run run = {0, count};
    if (count == 0) return run;
    uint64_t lanes = values << (64 - 8 * count);
    lanes = lanes * 10 + (lanes >> 8);
    lanes = (((lanes & 0x000000FF000000FFULL) * 0x000F424000000064ULL)
             + (((lanes >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL)) >> 32;
    run.value = lanes & 0xFFFFFFFFULL;
    return run;
}

/// The run of up to 16 digits at `bytes` (16 bytes readable there), in two
/// SWAR steps; the second only when the first eight are all digits.
static inline __attribute__((always_inline)) gd_digit_run gd_digit_run16_portable(const uint8_t *bytes) {
    gd_digit_run first = gd_digit_run8(bytes);
    if (first.count < 8) return first;
    gd_digit_run second = gd_digit_run8(bytes + 8);
    gd_digit_run run = {first.value * gd_powers_of_ten[second.count] + second.value, 8 + second.count};
    return run;
}

#ifdef GD_HAVE_SSSE3_VERSION
/// `pshufb` masks that move a run of c digits at the start of a register to
/// its end, zeros before: the 16 bytes from offset c (byte j of the mask is
/// 0x80, "zero", for j < 16 − c, else j − (16 − c)).
static const uint8_t gd_align_run_masks[32] __attribute__((aligned(32))) = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
};

/// The run of up to 16 digits at `bytes` (16 bytes readable there), in one
/// SSE register: the digit mask's first gap is the count; `pshufb` moves
/// the run to the register's end (leading zeros); then pairs (10·a + b),
/// fours (100·ab + cd) and eights (10^4·abcd + efgh) by multiply-adds,
/// whose every sum fits its lane (at most 99, 9999, 99999999).
static inline __attribute__((target("ssse3"))) gd_digit_run gd_digit_run16_ssse3(const uint8_t *bytes) {
    __m128i values = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)bytes), _mm_set1_epi8('0'));
    // Unsigned v ≤ 9 exactly when saturating v − 9 is zero.
    __m128i digits = _mm_cmpeq_epi8(_mm_subs_epu8(values, _mm_set1_epi8(9)), _mm_setzero_si128());
    unsigned gaps = ~(unsigned)_mm_movemask_epi8(digits);  // bits 16 and up always set
    int64_t count = __builtin_ctz(gaps);
    __m128i mask = _mm_loadu_si128((const __m128i *)(gd_align_run_masks + count));
    __m128i aligned = _mm_shuffle_epi8(values, mask);
    __m128i pairs = _mm_maddubs_epi16(aligned, _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
    __m128i fours = _mm_madd_epi16(pairs, _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1));
    __m128i packed = _mm_packs_epi32(fours, fours);  // each ≤ 9999: no saturation
    __m128i eights = _mm_madd_epi16(packed, _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1));
    uint64_t both = (uint64_t)_mm_cvtsi128_si64(eights);
    gd_digit_run run = {(both & 0xFFFFFFFFULL) * 100000000ULL + (both >> 32), count};
    return run;
}

/// Whether this CPU runs `gd_digit_run16_ssse3` (for the tests).
static inline int gd_cpu_has_ssse3(void) { return __builtin_cpu_supports("ssse3"); }
#else
static inline int gd_cpu_has_ssse3(void) { return 0; }
static inline gd_digit_run gd_digit_run16_ssse3(const uint8_t *bytes) { return gd_digit_run16_portable(bytes); }
#endif

/// The run of up to 16 digits at `bytes` (16 bytes readable there): the
/// fastest version this build may use.
static inline __attribute__((always_inline)) gd_digit_run gd_digit_run16(const uint8_t *bytes) {
#ifdef __SSSE3__
    return gd_digit_run16_ssse3(bytes);
#else
    return gd_digit_run16_portable(bytes);
#endif
}

#endif
