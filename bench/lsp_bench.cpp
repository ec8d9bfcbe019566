// lsp_bench: how fast `kadenz lsp` answers a change to a policy — the time from a
// textDocument/didChange (full text, as editors send it) to the published diagnostics (compile,
// check, analyze with example customers, the name index, JSON) — against a reference measured in
// the same run: compile_policy + analyze_program of the same text, the work of `kadenz check`
// without starting a process. Also the hover and completion answered right after a change.
//
//   build/bench/lsp_bench POLICY [CHANGES]      (bench/lsp_bench.sh runs it on the Coburg policy)
//
// Each change edits one parameter's value back and forth (`= 10 Minuten` / `= 11 Minuten`), so
// every change is a real recompile. The target: a change to the Coburg policy answered in
// under 20 ms.
#include "interpreter/analyze/analyze.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/lsp/server.hpp"
#include "interpreter/pipeline/policy_access.hpp"

#include <kadenz/kadenz.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

struct Stats {
  double median, p90, max;
};
Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[v.size() * 9 / 10], v.back()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: lsp_bench POLICY [CHANGES]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int changes = argc > 2 ? std::max(1, std::atoi(argv[2])) : 200;
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  // the parameter line to edit: its first `= N` after `parameter`/`parameters`
  const std::size_t params = text.find("\nparameter");
  const std::size_t eq = params == std::string::npos ? std::string::npos : text.find("= ", params);
  if (eq == std::string::npos) {
    std::fprintf(stderr, "lsp_bench: %s has no parameter to edit\n", path.c_str());
    return 2;
  }
  std::string edited = text;
  edited[eq + 2] = edited[eq + 2] == '9' ? '8' : static_cast<char>(edited[eq + 2] + 1);
  const std::string uri = "file://" + path;

  kadenz::detail::lsp::Server server({});
  std::vector<std::string> out;
  const auto send = [&](const Json& m) { server.handle(m.dump(), out); };
  send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", Json::object()}});
  const Json item = {{"uri", uri}, {"languageId", "kadenz"}, {"version", 1}, {"text", text}};
  send({{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"}, {"params", {{"textDocument", item}}}});
  server.flush(out);
  const Json first = Json::parse(out.back());
  std::size_t findings = first["params"]["diagnostics"].size();
  out.clear();

  std::vector<double> lsp, reference, hover, complete;
  // the place of a fact's use for hover, and the end of a line for completion
  const std::size_t use = text.find(" und status");
  const auto position = [&](std::size_t offset) {
    const std::size_t line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
    const std::size_t start = text.rfind('\n', offset) + 1;
    return Json{{"line", line}, {"character", offset - start}};
  };
  for (int i = 0; i < changes; ++i) {
    const std::string& now = i % 2 == 0 ? edited : text;
    auto t = Clock::now();
    const Json id = {{"uri", uri}, {"version", i + 2}};
    const Json change = {{"text", now}};
    send({{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
          {"params", {{"textDocument", id}, {"contentChanges", Json::array({change})}}}});
    server.flush(out);
    lsp.push_back(ms_since(t));
    if (out.size() != 1 || Json::parse(out[0])["params"]["diagnostics"].size() != findings) {
      std::fprintf(stderr, "lsp_bench: a change did not publish the same diagnostics\n");
      return 1;
    }
    out.clear();
    if (use != std::string::npos) {
      t = Clock::now();
      const Json doc = {{"uri", uri}};
      send({{"jsonrpc", "2.0"}, {"id", 10 + i}, {"method", "textDocument/hover"},
            {"params", {{"textDocument", doc}, {"position", position(use + 6)}}}});
      hover.push_back(ms_since(t));
      t = Clock::now();
      send({{"jsonrpc", "2.0"}, {"id", 10 + i}, {"method", "textDocument/completion"},
            {"params", {{"textDocument", doc}, {"position", position(use + 1)}}}});
      complete.push_back(ms_since(t));
      out.clear();
    }
    // the reference: what `kadenz check` does with the same text, in this process
    t = Clock::now();
    kadenz::CompileOptions o;
    const kadenz::Compiled c = kadenz::compile_policy(path, now, o);
    std::size_t n = c.diagnostics.size();
    if (const auto& program = kadenz::detail::program_of(c)) {
      const auto as_of = program->valid_from.value_or(0);
      n += kadenz::detail::analyze_program(*program, as_of).findings.size();
    }
    reference.push_back(ms_since(t));
    if (n != findings) {
      std::fprintf(stderr, "lsp_bench: the reference found %zu findings, the server %zu\n", n, findings);
      return 1;
    }
  }
  const Stats l = stats(lsp), r = stats(reference);
  std::printf("policy: %s (%zu bytes, %zu findings), %d changes\n", path.c_str(), text.size(), findings, changes);
  std::printf("| measure | median ms | p90 ms | max ms |\n|---|---:|---:|---:|\n");
  std::printf("| didChange → publishDiagnostics | %.2f | %.2f | %.2f |\n", l.median, l.p90, l.max);
  std::printf("| reference: compile_policy + analyze_program | %.2f | %.2f | %.2f |\n", r.median, r.p90, r.max);
  if (!hover.empty()) {
    const Stats h = stats(hover), k = stats(complete);
    std::printf("| hover after a change | %.3f | %.3f | %.3f |\n", h.median, h.p90, h.max);
    std::printf("| completion after a change | %.3f | %.3f | %.3f |\n", k.median, k.p90, k.max);
  }
  std::printf("ratio (didChange median ÷ reference median): %.2f\n", l.median / r.median);
  std::printf("target: a change answered in under 20 ms: %s (p90 %.2f ms)\n", l.p90 < 20.0 ? "met" : "MISSED", l.p90);
  return 0;
}
