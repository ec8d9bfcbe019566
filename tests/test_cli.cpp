// Tests of the `kadenz` command: runs the built binary on small synthetic files in a fresh
// temporary directory and checks exit codes, standard output and standard error.
#include "run_cli.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace kadenz::test;


std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// ---- a small strict JSON reader, enough to validate the CLI's JSON ----

struct Json {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;  // in document order

  const Json* get(std::string_view key) const {
    for (const auto& [k, v] : members)
      if (k == key) return &v;
    return nullptr;
  }
  std::vector<std::string> keys() const {
    std::vector<std::string> k;
    for (const auto& m : members) k.push_back(m.first);
    return k;
  }
};

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : t_(text) {}

  // True if the whole text is exactly one JSON value (with surrounding white space).
  bool parse(Json& out) {
    ws();
    if (!value(out, 0)) return false;
    ws();
    return i_ == t_.size();
  }

 private:
  std::string_view t_;
  std::size_t i_ = 0;

  void ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
  }
  bool literal(std::string_view word) {
    if (t_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  bool value(Json& v, int depth) {
    if (depth > 64 || i_ >= t_.size()) return false;
    const char c = t_[i_];
    if (c == '{') return object(v, depth);
    if (c == '[') return array(v, depth);
    if (c == '"') {
      v.kind = Json::Kind::string;
      return string(v.string);
    }
    if (c == 't' || c == 'f') {
      v.kind = Json::Kind::boolean;
      v.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
      v.kind = Json::Kind::null;
      return literal("null");
    }
    return number(v);
  }
  bool number(Json& v) {
    const std::size_t start = i_;
    if (i_ < t_.size() && t_[i_] == '-') ++i_;
    auto digits = [&] {
      const std::size_t s = i_;
      while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
      return i_ > s;
    };
    if (i_ < t_.size() && t_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    if (i_ < t_.size() && t_[i_] == '.') {
      ++i_;
      if (!digits()) return false;
    }
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      ++i_;
      if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
      if (!digits()) return false;
    }
    v.kind = Json::Kind::number;
    v.number = std::stod(std::string(t_.substr(start, i_ - start)));
    return true;
  }
  bool string(std::string& s) {
    ++i_;  // opening quote
    while (i_ < t_.size()) {
      const char c = t_[i_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        s += c;
        continue;
      }
      if (i_ >= t_.size()) return false;
      const char e = t_[i_++];
      switch (e) {
        case '"': s += '"'; break;
        case '\\': s += '\\'; break;
        case '/': s += '/'; break;
        case 'b': s += '\b'; break;
        case 'f': s += '\f'; break;
        case 'n': s += '\n'; break;
        case 'r': s += '\r'; break;
        case 't': s += '\t'; break;
        case 'u': {
          if (i_ + 4 > t_.size()) return false;
          unsigned cp = 0;
          for (int k = 0; k < 4; ++k) {
            const char h = t_[i_++];
            cp <<= 4;
            if (h >= '0' && h <= '9') cp |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f') cp |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') cp |= static_cast<unsigned>(h - 'A' + 10);
            else return false;
          }
          if (cp < 0x80) s += static_cast<char>(cp);
          else s += '?';  // enough for these tests: only control characters are escaped
          break;
        }
        default: return false;
      }
    }
    return false;
  }
  bool array(Json& v, int depth) {
    v.kind = Json::Kind::array;
    ++i_;
    ws();
    if (i_ < t_.size() && t_[i_] == ']') {
      ++i_;
      return true;
    }
    for (;;) {
      Json item;
      ws();
      if (!value(item, depth + 1)) return false;
      v.items.push_back(std::move(item));
      ws();
      if (i_ >= t_.size()) return false;
      if (t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (t_[i_] == ']') {
        ++i_;
        return true;
      }
      return false;
    }
  }
  bool object(Json& v, int depth) {
    v.kind = Json::Kind::object;
    ++i_;
    ws();
    if (i_ < t_.size() && t_[i_] == '}') {
      ++i_;
      return true;
    }
    for (;;) {
      ws();
      if (i_ >= t_.size() || t_[i_] != '"') return false;
      std::string key;
      if (!string(key)) return false;
      ws();
      if (i_ >= t_.size() || t_[i_] != ':') return false;
      ++i_;
      ws();
      Json item;
      if (!value(item, depth + 1)) return false;
      v.members.emplace_back(std::move(key), std::move(item));
      ws();
      if (i_ >= t_.size()) return false;
      if (t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (t_[i_] == '}') {
        ++i_;
        return true;
      }
      return false;
    }
  }
};

bool parse_json(const std::string& text, Json& out) { return JsonReader(text).parse(out); }

// ---- the files the tests run on ----

const std::string kPolicy =
    "policy \"cli test\"\n"
    "  valid from 2017-01-01\n"
    "facts\n"
    "  id: text, key\n"
    "  n: int\n"
    "end\n"
    "table t: int, hit first\n"
    "  rule big §1 when n > 5 then 1\n"
    "  rule small §2 when n >= 0 then 2\n"
    "end\n"
    "warn when n > 6 \"hoch\"\n"
    "output v = t\n"
    "output half = n / 2\n";

// `m` is not declared: unknown-name at 7:12.
const std::string kBroken =
    "policy \"cli test\"\n"
    "  valid from 2017-01-01\n"
    "facts\n"
    "  id: text, key\n"
    "  n: int\n"
    "end\n"
    "output v = m + 1\n";

const std::string kGood = "id,n\nK1,7\nK2,3\n";
const std::string kGoodOutput =
    "id,v,half,rule,source,warnings,error\n"
    "K1,1,3,big,§1,hoch,\n"
    "K2,2,1,small,§2,,\n";
const std::string kGoodSummary = "kadenz: as_of 2017-03-01: 2 rows read, 2 decided, 0 with errors, 1 with warnings";

// K2 matches no rule, K3 is not a number.
const std::string kMixed = "id,n\nK1,7\nK2,-1\nK3,x\n";

std::string shipped_policy() { return std::string(KADENZ_SOURCE_DIR) + "/policies/coburg-land-2017.kadenz"; }

}  // namespace

// ---- eval -----------------------------------------------------------------------------------

TEST_CASE("cli: eval exits 0 when every row is decided and prints the rows and a summary", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("good.csv", kGood);
  const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out == kGoodOutput);
  CHECK(contains(r.err, kGoodSummary));
}

TEST_CASE("cli: eval exits 1 when some rows carry errors, and still writes every row", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("mixed.csv", kMixed);
  const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01");
  INFO(r.err);
  CHECK(r.code == 1);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "id,v,half,rule,source,warnings,error");
  CHECK(lines[1] == "K1,1,3,big,§1,hoch,");
  CHECK(lines[2].rfind("K2,,,,,,", 0) == 0);
  CHECK(lines[2].size() > std::string("K2,,,,,,").size());
  CHECK(lines[3].rfind("K3,,,,,,", 0) == 0);
  CHECK(contains(lines[3], "n"));
  CHECK(contains(r.err, "kadenz: as_of 2017-03-01: 3 rows read, 1 decided, 2 with errors, 1 with warnings"));
}

TEST_CASE("cli: eval exits 2 for a policy that does not compile, and creates no -o file", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("broken.kadenz", kBroken);
  const auto csv = dir.write("good.csv", kGood);
  const auto out = dir.path("out.csv");
  const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01 -o " + sh(out));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "unknown-name"));
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("cli: eval exits 2 for a missing policy or caseload file", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("good.csv", kGood);
  const auto out = dir.path("out.csv");
  SECTION("caseload") {
    const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(dir.path("nope.csv")) + " --as-of 2017-03-01 -o " +
                                     sh(out));
    CHECK(r.code == 2);
    CHECK(contains(r.err, "nope.csv"));
    CHECK_FALSE(fs::exists(out));
  }
  SECTION("policy") {
    const Result r = run_kadenz(dir, "eval " + sh(dir.path("nope.kadenz")) + " " + sh(csv) + " --as-of 2017-03-01");
    CHECK(r.code == 2);
    CHECK(r.out.empty());
  }
}

TEST_CASE("cli: eval exits 2 for a caseload without a required column", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("nocol.csv", "id,m\nK1,7\n");
  const auto out = dir.path("out.csv");
  const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01 -o " + sh(out));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "column"));
  CHECK(contains(r.err, " n "));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("cli: eval refuses an as_of before `valid from` unless --force", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("good.csv", kGood);
  const Result refused = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2016-12-31");
  CHECK(refused.code == 2);
  CHECK(refused.out.empty());
  CHECK(contains(refused.err, "--force"));
  const Result forced = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2016-12-31 --force");
  INFO(forced.err);
  CHECK(forced.code == 0);
  CHECK(forced.out == kGoodOutput);
  const Result first_day = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-01-01");
  CHECK(first_day.code == 0);
}

TEST_CASE("cli: eval exits 2 for a bad --as-of and accepts the German notation", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("good.csv", kGood);
  for (const char* bad : {"2017-02-30", "yesterday", "2017-3-1", "1.3.17"}) {
    INFO("--as-of " << bad);
    const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of " + sh(bad));
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "--as-of"));
  }
  const Result german = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 01.03.2017");
  CHECK(german.code == 0);
  CHECK(german.out == kGoodOutput);
  CHECK(contains(german.err, kGoodSummary));
}

TEST_CASE("cli: usage errors exit 2", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("good.csv", kGood);
  const std::string p = sh(policy), c = sh(csv);
  const std::pair<const char*, std::string> cases[] = {
      {"unknown option", "eval " + p + " " + c + " --as-of 2017-03-01 --frobnicate"},
      {"unknown subcommand", "evaluate " + p + " " + c},
      {"no subcommand", ""},
      {"unknown --format", "eval " + p + " " + c + " --as-of 2017-03-01 --format xml"},
      {"missing caseload argument", "eval " + p},
      {"extra argument", "check " + p + " " + c},
      {"unknown check format", "check " + p + " --format yaml"},
      {"unknown dump stage", "dump " + p + " --stage tokens"},
  };
  for (const auto& [what, args] : cases) {
    INFO(what << ": kadenz " << args);
    const Result r = run_kadenz(dir, args);
    CHECK(r.code == 2);
    CHECK(r.out.find("id,") == std::string::npos);
  }
}

TEST_CASE("cli: --help and --version exit 0", "[cli]") {
  TempDir dir;
  const Result help = run_kadenz(dir, "--help");
  CHECK(help.code == 0);
  CHECK(contains(help.out, "eval"));
  const Result version = run_kadenz(dir, "--version");
  CHECK(version.code == 0);
  CHECK(contains(version.out, "kadenz"));
}

TEST_CASE("cli: eval notes absent optional columns; an empty caseload exits 2, a header-only one 0", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("opt.kadenz",
                                "policy \"cli test\"\n"
                                "  valid from 2017-01-01\n"
                                "facts\n"
                                "  id: text, key\n"
                                "  d: date or empty\n"
                                "  e: int, default 3\n"
                                "end\n"
                                "output v = e\n");
  const Result absent = run_kadenz(dir, "eval " + sh(policy) + " " + sh(dir.write("a.csv", "id\nK1\n")) +
                                        " --as-of 2017-03-01");
  CHECK(absent.code == 0);
  CHECK(absent.out == "id,v,rule,source,warnings,error\nK1,3,,,,\n");
  CHECK(contains(absent.err, "note: column `d`"));
  CHECK(contains(absent.err, "note: column `e`"));
  const Result empty = run_kadenz(dir, "eval " + sh(policy) + " " + sh(dir.write("e.csv", "")) + " --as-of 2017-03-01");
  CHECK(empty.code == 2);
  CHECK(empty.out.empty());
  const Result header_only =
      run_kadenz(dir, "eval " + sh(policy) + " " + sh(dir.write("h.csv", "id,d,e\n")) + " --as-of 2017-03-01");
  CHECK(header_only.code == 0);
  CHECK(header_only.out == "id,v,rule,source,warnings,error\n");
  CHECK(contains(header_only.err, "0 rows read, 0 decided, 0 with errors, 0 with warnings"));
}

TEST_CASE("cli: eval reads the caseload from standard input for `-`", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("good.csv", kGood);
  const Result r = run_kadenz(dir, "eval " + sh(policy) + " - --as-of 2017-03-01", csv);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out == kGoodOutput);
  CHECK(contains(r.err, kGoodSummary));
}

TEST_CASE("cli: eval --format jsonl writes one JSON object per row", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("mixed.csv", kMixed);
  const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01 --format jsonl");
  INFO(r.err);
  CHECK(r.code == 1);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  CHECK(r.out.back() == '\n');
  const std::vector<std::string> keys = {"id", "v", "half", "rule", "source", "warnings", "error"};

  Json k1;
  INFO(lines[0]);
  REQUIRE(parse_json(lines[0], k1));
  REQUIRE(k1.kind == Json::Kind::object);
  CHECK(k1.keys() == keys);
  CHECK(k1.get("id")->string == "K1");
  CHECK(k1.get("v")->kind == Json::Kind::number);
  CHECK(k1.get("v")->number == 1);
  CHECK(k1.get("half")->number == 3);
  CHECK(k1.get("rule")->string == "big");
  CHECK(k1.get("source")->string == "§1");
  REQUIRE(k1.get("warnings")->kind == Json::Kind::array);
  REQUIRE(k1.get("warnings")->items.size() == 1);
  CHECK(k1.get("warnings")->items[0].string == "hoch");
  CHECK(k1.get("error")->kind == Json::Kind::null);
  CHECK(contains(lines[0], "\"error\":null"));

  for (std::size_t i = 1; i < 3; ++i) {
    Json row;
    INFO(lines[i]);
    REQUIRE(parse_json(lines[i], row));
    CHECK(row.keys() == keys);
    CHECK(row.get("id")->string == (i == 1 ? "K2" : "K3"));
    CHECK(row.get("v")->kind == Json::Kind::null);
    CHECK(row.get("half")->kind == Json::Kind::null);
    CHECK(row.get("warnings")->items.empty());
    REQUIRE(row.get("error")->kind == Json::Kind::string);
    CHECK_FALSE(row.get("error")->string.empty());
  }
}

TEST_CASE("cli: eval -o writes the file and nothing to standard output", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("good.csv", kGood);
  const auto out = dir.path("out.csv");
  const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01 -o " + sh(out));
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(read_file(out) == kGoodOutput);
  CHECK(contains(r.err, kGoodSummary));
  SECTION("--output too, replacing an existing file") {
    dir.write("old.csv", "old content that is longer than the new output, so truncation shows\n");
    const Result again =
        run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01 --output " + sh(dir.path("old.csv")));
    CHECK(again.code == 0);
    CHECK(read_file(dir.path("old.csv")) == kGoodOutput);
  }
}

TEST_CASE("cli: eval exits 2 when the output cannot be written", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("good.csv", kGood);
  const Result r =
      run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01 -o " + sh(dir.path("no/such/dir.csv")));
  CHECK(r.code == 2);
  if (fs::exists("/dev/full")) {
    const Result full = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01 -o /dev/full");
    CHECK(full.code == 2);
  }
}

// Standard output that cannot be written (a full disk, a closed pipe) must not look like success.
TEST_CASE("cli: eval exits 2 when standard output cannot be written", "[cli]") {
  if (!fs::exists("/dev/full")) return;
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto csv = dir.write("good.csv", kGood);
  const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01", "/dev/null", "/dev/full");
  INFO(r.err);
  CHECK(r.code == 2);
}

TEST_CASE("cli: eval of the shipped policy on the example caseload", "[cli]") {
  TempDir dir;
  const std::string caseload = std::string(KADENZ_SOURCE_DIR) + "/examples/caseload.csv";
  const Result r = run_kadenz(dir, "eval " + sh(shipped_policy()) + " " + sh(caseload) + " --as-of 2017-03-01");
  INFO(r.err);
  // The example has rows with input errors (K0115-K0129), so 1; every row is written.
  CHECK(r.code == 1);
  CHECK(lines_of(r.out).size() == lines_of(read_file(caseload)).size());
  CHECK(contains(r.err, "137 Zeilen gelesen"));  // the shipped policy is German
}

// ---- check and dump -------------------------------------------------------------------------

TEST_CASE("cli: check exits 0 for the shipped policy", "[cli]") {
  TempDir dir;
  const Result r = run_kadenz(dir, "check " + sh(shipped_policy()));
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(contains(r.err, "0 Fehler, 0 Warnungen"));  // the shipped policy is German
  CHECK_FALSE(contains(r.err, "error["));
  CHECK_FALSE(contains(r.err, "warning["));
}

TEST_CASE("cli: check exits 1 for a gap, writes replayable examples, --strict makes warnings errors", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);  // n < 0 matches no rule
  const Result r = run_kadenz(dir, "check " + sh(policy) + " --witnesses " + sh(dir.path("w.csv")));
  CHECK(r.code == 1);
  CHECK(contains(r.err, "error[gap]"));
  CHECK(contains(r.err, "example (as_of 2017-01-01): id=W1, n=-1"));
  const Result replay = run_kadenz(dir, "eval " + sh(policy) + " " + sh(dir.path("w.csv")) + " --as-of 2017-01-01");
  CHECK(replay.code == 1);
  CHECK(contains(replay.out, "W1,,,,,,no rule of table `t` applies to this record"));
  // a policy whose only finding is a warning: 0, and 1 with --strict
  const auto warned = dir.write("w.kadenz", std::string(kPolicy).replace(kPolicy.find("when n >= 0"), 11, "otherwise") +
                                                "let spare = n\n");
  CHECK(run_kadenz(dir, "check " + sh(warned)).code == 0);
  CHECK(run_kadenz(dir, "check " + sh(warned) + " --strict").code == 1);
}

TEST_CASE("cli: check exits 2 with diagnostics on standard error for a broken policy", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("broken.kadenz", kBroken);
  const Result r = run_kadenz(dir, "check " + sh(policy));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "error[unknown-name]"));
  CHECK(contains(r.err, "broken.kadenz:7:12"));
  CHECK(r.out.empty());
  const Result missing = run_kadenz(dir, "check " + sh(dir.path("nope.kadenz")));
  CHECK(missing.code == 2);
}

// kadenz.hpp: "Reads and compiles a policy file; an unreadable file is an \"io\" diagnostic."
TEST_CASE("cli: check of a directory without versions says so (a directory is a directory of versions)", "[cli]") {
  TempDir dir;
  fs::create_directories(dir.path("policy.kadenz"));
  const Result r = run_kadenz(dir, "check " + sh(dir.path("policy.kadenz")));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "error[no-versions]: `" + dir.path("policy.kadenz") + "` holds no policy file (`*.kadenz`)"));
  // dump and fmt take one file: a directory is an io error there
  const Result d = run_kadenz(dir, "dump " + sh(dir.path("policy.kadenz")));
  CHECK(d.code == 2);
  CHECK(contains(d.err, "error[io]"));
}

TEST_CASE("cli: check --format json prints one JSON document with the diagnostics", "[cli]") {
  TempDir dir;
  const auto policy = dir.write("broken.kadenz", kBroken);
  const Result r = run_kadenz(dir, "check " + sh(policy) + " --format json");
  CHECK(r.code == 2);
  INFO(r.out);
  Json doc;
  REQUIRE(parse_json(r.out, doc));
  REQUIRE(doc.kind == Json::Kind::object);
  CHECK(doc.keys() == std::vector<std::string>{"file", "diagnostics", "errors", "warnings"});
  CHECK(doc.get("file")->string == policy);
  CHECK(doc.get("errors")->number == 1);
  CHECK(doc.get("warnings")->number == 0);
  const Json* diags = doc.get("diagnostics");
  REQUIRE(diags->kind == Json::Kind::array);
  REQUIRE(diags->items.size() == 1);
  const Json& d = diags->items[0];
  CHECK(d.keys() ==
        std::vector<std::string>{"severity", "code", "message", "span", "label", "secondary", "help", "section"});
  CHECK(d.get("severity")->string == "error");
  CHECK(d.get("code")->string == "unknown-name");
  CHECK(contains(d.get("message")->string, "`m`"));
  const Json* span = d.get("span");
  CHECK(span->keys() ==
        std::vector<std::string>{"file", "line", "column", "end_line", "end_column", "byte_begin", "byte_end"});
  CHECK(span->get("line")->number == 7);
  CHECK(span->get("column")->number == 12);
  CHECK(span->get("end_line")->number == 7);
  CHECK(span->get("end_column")->number == 13);
  CHECK(d.get("secondary")->kind == Json::Kind::array);
  CHECK(contains(d.get("help")->string, "did you mean `n`?"));

  SECTION("a clean policy gives no errors or warnings (notes only) and exit 0") {
    std::string text = kPolicy;
    text.replace(text.find("when n >= 0"), 11, "otherwise");
    const auto good = dir.write("p.kadenz", text);
    const Result ok = run_kadenz(dir, "check " + sh(good) + " --format json");
    CHECK(ok.code == 0);
    Json clean;
    REQUIRE(parse_json(ok.out, clean));
    for (const auto& item : clean.get("diagnostics")->items) CHECK(item.get("severity")->string == "note");
    CHECK(clean.get("errors")->number == 0);
    CHECK(clean.get("warnings")->number == 0);
  }

  SECTION("an analysis finding carries its example customer as an object") {
    const auto gap = dir.write("gap.kadenz", kPolicy);
    const Result g = run_kadenz(dir, "check " + sh(gap) + " --format json");
    CHECK(g.code == 1);
    Json doc2;
    REQUIRE(parse_json(g.out, doc2));
    const Json& first = doc2.get("diagnostics")->items.at(0);
    CHECK(first.get("code")->string == "gap");
    const Json* w = first.get("witness");
    REQUIRE(w != nullptr);
    CHECK(w->get("as_of")->string == "2017-01-01");
    CHECK(w->get("facts")->get("n")->string == "-1");
  }
}

TEST_CASE("cli: dump --stage ast and --stage program exit 0 on the shipped policy", "[cli]") {
  TempDir dir;
  for (const char* stage : {"ast", "program"}) {
    INFO("stage " << stage);
    const Result r = run_kadenz(dir, "dump " + sh(shipped_policy()) + " --stage " + stage);
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK_FALSE(r.out.empty());
    CHECK(contains(r.out, "Jobcenter Coburg Land"));
  }
  const auto broken = dir.write("broken.kadenz", kBroken);
  const Result bad = run_kadenz(dir, "dump " + sh(broken) + " --stage program");
  CHECK(bad.code == 2);
}
