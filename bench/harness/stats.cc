// Summary statistics of the harness (see stats.h).
#include "bench/harness/stats.h"

#include <algorithm>
#include <cmath>

namespace wasmtier::bench {
namespace {

// The p-quantile of sorted values, interpolating between neighbours.
double Quantile(const std::vector<double>& sorted, double p) {
  double position = p * (sorted.size() - 1);
  size_t below = static_cast<size_t>(position);
  if (below + 1 >= sorted.size()) return sorted.back();
  double fraction = position - below;
  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

}  // namespace

Summary Summarize(std::span<const double> values) {
  Summary summary;
  if (values.empty()) return summary;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  summary.count = static_cast<int>(sorted.size());
  summary.min = sorted.front();
  summary.q1 = Quantile(sorted, 0.25);
  summary.median = Quantile(sorted, 0.5);
  summary.q3 = Quantile(sorted, 0.75);
  summary.max = sorted.back();
  return summary;
}

double RelativeSpread(const Summary& summary) {
  return summary.median > 0 ? (summary.max - summary.min) / summary.median : 0;
}

double GeometricMean(std::span<const double> values) {
  if (values.empty()) return 0;
  double log_sum = 0;
  for (double v : values) log_sum += std::log(v);
  return std::exp(log_sum / values.size());
}

}  // namespace wasmtier::bench
