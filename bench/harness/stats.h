// Summary statistics of the harness: medians, quartiles and spreads of
// repeated timings, and geometric means of ratios to native.
#ifndef WASMTIER_BENCH_HARNESS_STATS_H_
#define WASMTIER_BENCH_HARNESS_STATS_H_

#include <span>
#include <vector>

namespace wasmtier::bench {

// Five-number summary of a sample of timings (seconds). All zero if empty.
struct Summary {
  int count = 0;
  double min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
};

// Quartiles interpolate linearly between order statistics (the common
// "type 7" definition), so one sample gives min = q1 = median = q3 = max.
Summary Summarize(std::span<const double> values);

// (max - min) / median: the relative spread shown beside each median.
double RelativeSpread(const Summary& summary);

// Geometric mean of positive values; 0 if empty.
double GeometricMean(std::span<const double> values);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_HARNESS_STATS_H_
