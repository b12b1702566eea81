// The harness's chart: grouped horizontal bars of time relative to native
// per workload and runtime on a log scale, drawn from the 1x line (left of
// it = faster than native), with min-max whiskers, value labels, a legend
// with each runtime's geomean, and a geomean group at the bottom. Plain SVG
// written by hand, so it needs no plotting library.
#ifndef WASMTIER_BENCH_HARNESS_SVG_CHART_H_
#define WASMTIER_BENCH_HARNESS_SVG_CHART_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "bench/harness/measure.h"

namespace wasmtier::bench {

struct ChartSeries {
  std::string name;
  std::vector<double> ratio;      // per group; 0 = no value
  std::vector<double> low, high;  // whisker ends per group; 0 = none
  std::vector<bool> failed;       // per group: the run failed (drawn as FAIL)
  double geomean = 0;             // 0 = none
  std::string note;               // shown in the legend when there are no values
};

struct ChartData {
  std::string title;
  std::string subtitle;
  std::vector<std::string> groups;
  std::vector<ChartSeries> series;
};

// Every runtime but native, ratios of medians; whiskers are each runtime's
// fastest and slowest run over native's median.
ChartData ChartFromResults(const Results& results, std::string subtitle);

std::string RenderSvg(const ChartData& chart);

// Escapes &, <, >, " for SVG text and attributes (exposed for the test).
std::string XmlEscape(absl::string_view text);

}  // namespace wasmtier::bench

#endif  // WASMTIER_BENCH_HARNESS_SVG_CHART_H_
