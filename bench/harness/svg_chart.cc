// The harness's SVG chart (see svg_chart.h). Layout: title and legend on
// top, one band per workload (one bar per runtime), a geomean band, and the
// log-scale axis with gridlines at 1-2-5 steps.
#include "bench/harness/svg_chart.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/harness/report.h"

namespace wasmtier::bench {
namespace {

constexpr const char* kColors[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                   "#b07aa1", "#76b7b2", "#edc948", "#9c755f"};
constexpr double kWidth = 960, kLeft = 130, kRight = 70, kBar = 12, kGap = 12;

// The log-scale axis: x position of a ratio, and the 1-2-5 ticks in range.
struct Axis {
  double low, high;
  double X(double ratio) const {
    double t = (std::log(ratio) - std::log(low)) / (std::log(high) - std::log(low));
    return kLeft + std::clamp(t, 0.0, 1.0) * (kWidth - kLeft - kRight);
  }
};

// The largest 1-2-5 step <= value (or the smallest >= value when {up}).
double NiceStep(double value, bool up) {
  double decade = std::pow(10.0, std::floor(std::log10(value)));
  const double steps[] = {1, 2, 5, 10};
  if (up) {
    for (double s : steps) {
      if (s * decade >= value * (1 - 1e-9)) return s * decade;
    }
    return 10 * decade;
  }
  for (int i = 3; i >= 0; i--) {
    if (steps[i] * decade <= value * (1 + 1e-9)) return steps[i] * decade;
  }
  return decade;
}

Axis MakeAxis(const ChartData& chart) {
  double low = 1, high = 2;
  for (const ChartSeries& s : chart.series) {
    for (size_t g = 0; g < s.ratio.size(); g++) {
      for (double v : {s.ratio[g], s.low[g], s.high[g]}) {
        if (v <= 0) continue;
        low = std::min(low, v);
        high = std::max(high, v);
      }
    }
  }
  return Axis{NiceStep(low / 1.1, false), NiceStep(high * 1.1, true)};
}

std::string RatioLabel(double ratio) {
  return ratio >= 10 ? absl::StrFormat("%.1fx", ratio) : absl::StrFormat("%.2fx", ratio);
}

// One bar from the 1x line to {ratio}, its whisker and its value label.
void DrawBar(std::string& svg, const Axis& axis, const ChartSeries& s, size_t g, double y,
             const char* color) {
  if (g < s.failed.size() && s.failed[g]) {
    absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" class=\"fail\">FAIL</text>\n",
                          axis.X(1) + 4, y + kBar - 2);
    return;
  }
  double ratio = s.ratio[g];
  if (ratio <= 0) {
    absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" class=\"na\">n/a</text>\n",
                          axis.X(1) + 4, y + kBar - 2);
    return;
  }
  double x0 = std::min(axis.X(1), axis.X(ratio)), x1 = std::max(axis.X(1), axis.X(ratio));
  absl::StrAppendFormat(&svg,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        "fill=\"%s\"><title>%s: %s</title></rect>\n",
                        x0, y, std::max(1.0, x1 - x0), kBar, color, XmlEscape(s.name),
                        RatioLabel(ratio));
  double label_x = x1;
  if (s.low[g] > 0 && s.high[g] > 0) {
    double wl = axis.X(s.low[g]), wh = axis.X(s.high[g]), mid = y + kBar / 2;
    absl::StrAppendFormat(&svg,
                          "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fv%.1fM%.1f %.1fv%.1f\" "
                          "class=\"whisker\"/>\n",
                          wl, mid, wh, wl, mid - 3, 6.0, wh, mid - 3, 6.0);
    label_x = std::max(label_x, wh);
  }
  absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" class=\"value\">%s</text>\n",
                        label_x + 4, y + kBar - 2, RatioLabel(ratio));
}

// Gridlines and tick labels at 1-2-5 steps, top and bottom.
void DrawAxis(std::string& svg, const Axis& axis, double top, double bottom) {
  for (double decade = std::pow(10.0, std::floor(std::log10(axis.low))); decade <= axis.high;
       decade *= 10) {
    for (double step : {1.0, 2.0, 5.0}) {
      double v = step * decade;
      if (v < axis.low * (1 - 1e-9) || v > axis.high * (1 + 1e-9)) continue;
      double x = axis.X(v);
      std::string label = v >= 1 ? absl::StrFormat("%gx", v) : absl::StrFormat("%.1fx", v);
      absl::StrAppendFormat(&svg,
                            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\"/>\n"
                            "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%s</text>\n"
                            "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%s</text>\n",
                            x, top, x, bottom, v == 1 ? "one" : "grid", x, top - 4, label, x,
                            bottom + 14, label);
    }
  }
}

}  // namespace

std::string XmlEscape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderSvg(const ChartData& chart) {
  Axis axis = MakeAxis(chart);
  std::vector<const ChartSeries*> drawn;
  for (const ChartSeries& s : chart.series) {
    if (s.note.empty()) drawn.push_back(&s);
  }
  double legend_rows = std::ceil(chart.series.size() / 2.0);
  double plot_top = 64 + legend_rows * 18 + 22;
  double band = std::max<size_t>(drawn.size(), 1) * kBar + kGap;
  double plot_bottom = plot_top + (chart.groups.size() + 1) * band;
  double height = plot_bottom + 44;
  std::string svg = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
      "viewBox=\"0 0 %.0f %.0f\" font-family=\"Helvetica, Arial, sans-serif\" "
      "font-size=\"12\">\n<style>.grid{stroke:#ddd}.one{stroke:#333;stroke-width:1.5}"
      ".tick{fill:#555;font-size:11px;text-anchor:middle}.value{fill:#222;font-size:10px}"
      ".na{fill:#999;font-size:10px}.fail{fill:#c00;font-weight:bold;font-size:10px}"
      ".whisker{stroke:#333;stroke-width:1;fill:none}.group{text-anchor:end}"
      ".title{font-size:16px;font-weight:bold}.sub{fill:#555}</style>\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
      "<text x=\"12\" y=\"24\" class=\"title\">%s</text>\n"
      "<text x=\"12\" y=\"44\" class=\"sub\">%s</text>\n",
      kWidth, height, kWidth, height, XmlEscape(chart.title), XmlEscape(chart.subtitle));
  for (size_t i = 0; i < chart.series.size(); i++) {
    const ChartSeries& s = chart.series[i];
    double x = 12 + (i % 2) * (kWidth / 2), y = 64 + (i / 2) * 18;
    std::string text = s.note.empty() ? absl::StrCat(s.name, ": geomean ",
                                                     s.geomean > 0 ? RatioLabel(s.geomean) : "n/a")
                                      : absl::StrCat(s.name, ": ", s.note);
    if (text.size() > 70) text = text.substr(0, 67) + "...";
    absl::StrAppendFormat(&svg,
                          "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n"
                          "<text x=\"%.0f\" y=\"%.0f\">%s</text>\n",
                          x, y - 10, s.note.empty() ? kColors[i % 8] : "#ccc", x + 18, y,
                          XmlEscape(text));
  }
  DrawAxis(svg, axis, plot_top, plot_bottom);
  for (size_t g = 0; g <= chart.groups.size(); g++) {
    bool geomean = g == chart.groups.size();
    double y = plot_top + g * band + kGap / 2;
    absl::StrAppendFormat(&svg, "<text x=\"%.0f\" y=\"%.1f\" class=\"group\"%s>%s</text>\n",
                          kLeft - 8, y + drawn.size() * kBar / 2 + 4,
                          geomean ? " font-weight=\"bold\"" : "",
                          geomean ? "geomean" : XmlEscape(chart.groups[g]));
    for (size_t d = 0; d < drawn.size(); d++) {
      const ChartSeries& s = *drawn[d];
      size_t color = &s - chart.series.data();
      if (geomean) {
        ChartSeries one{s.name, {s.geomean}, {0}, {0}, {false}, 0, ""};
        DrawBar(svg, axis, one, 0, y + d * kBar, kColors[color % 8]);
      } else {
        DrawBar(svg, axis, s, g, y + d * kBar, kColors[color % 8]);
      }
    }
  }
  absl::StrAppendFormat(&svg,
                        "<text x=\"%.0f\" y=\"%.0f\" class=\"sub\">time / native time, log "
                        "scale: left of the 1x line is faster than native, right is slower. "
                        "Whiskers: fastest and slowest run.</text>\n</svg>\n",
                        kLeft, height - 8);
  return svg;
}

ChartData ChartFromResults(const Results& results, std::string subtitle) {
  ChartData chart;
  chart.title = absl::StrCat("Wasmtier workloads: time relative to native clang -O2 (",
                             SizeLabel(results.size), " size, lower is better)");
  chart.subtitle = std::move(subtitle);
  chart.groups = results.workloads;
  for (size_t r = 0; r < results.runtimes.size(); r++) {
    if (static_cast<int>(r) == results.native_index) continue;
    ChartSeries s;
    s.name = results.runtimes[r].name;
    bool any = false;
    std::string unavailable = results.runtimes[r].unavailable;
    for (size_t w = 0; w < results.workloads.size(); w++) {
      const Cell& cell = results.cells[w][r];
      double ratio = results.Ratio(w, r);
      double native = results.native_index < 0
                          ? 0
                          : Summarize(results.cells[w][results.native_index].seconds).median;
      Summary summary = Summarize(cell.seconds);
      s.ratio.push_back(ratio);
      s.low.push_back(ratio > 0 && native > 0 ? summary.min / native : 0);
      s.high.push_back(ratio > 0 && native > 0 ? summary.max / native : 0);
      s.failed.push_back(!cell.failure.empty());
      any |= ratio > 0 || !cell.failure.empty();
      if (unavailable.empty() && !cell.unavailable.empty()) unavailable = cell.unavailable;
    }
    s.geomean = results.GeomeanRatio(r, nullptr);
    if (!any)
      s.note = absl::StrCat("unavailable (", unavailable.empty() ? "no data" : unavailable, ")");
    chart.series.push_back(std::move(s));
  }
  return chart;
}

}  // namespace wasmtier::bench
