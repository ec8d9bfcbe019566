// A directory of versions of one directive: the scan, the periods and their checks, the choice of
// the version in force (see versions.hpp).
#include "interpreter/pipeline/versions.hpp"

#include "interpreter/extend/load.hpp"
#include "grammar/limits.hpp"
#include "grammar/parse.hpp"
#include "stdlib/date.hpp"
#include "stdlib/vocabulary.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace kadenz::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSuffix = ".kadenz";

// A file of the directory as read, before the messages' language is known.
struct Found {
  std::string file;
  std::optional<std::string> text;  // none: unreadable (`why`, said once the language is known)
  ReadFailure why;
  std::optional<Msg> not_policy;  // the text is not a policy: why
};

// The `*.kadenz` names of the directory, sorted; at most kMaxVersions + 1 (one more says "too
// many" without reading on). False with `why` if the directory cannot be listed.
bool list_versions(const std::string& directory, std::vector<std::string>& names, std::string& why) {
  std::error_code ec;
  fs::directory_iterator it(directory, ec);
  if (ec) {
    why = ec.message();
    return false;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      why = ec.message();
      return false;
    }
    const std::string name = it->path().filename().string();
    if (name.size() <= kSuffix.size() || name.front() == '.' ||
        name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
      continue;
    names.push_back(name);
    if (names.size() > kMaxVersions) break;
  }
  std::sort(names.begin(), names.end());
  return true;
}

// A day as the messages show it.
std::string day(std::int32_t d) { return iso_date(d); }

class Periods {
 public:
  explicit Periods(VersionSet& set) : set_(set) {}

  // Orders the versions, works out each one's last day in force and reports what is wrong.
  void run() {
    auto& v = set_.versions;
    std::stable_sort(v.begin(), v.end(), [](const PolicyVersion& a, const PolicyVersion& b) {
      if (a.valid_from.has_value() != b.valid_from.has_value()) return a.valid_from.has_value();
      if (a.valid_from && *a.valid_from != *b.valid_from) return *a.valid_from < *b.valid_from;
      return a.file < b.file;
    });
    std::size_t dated = 0;
    while (dated < v.size() && v[dated].valid_from) ++dated;
    for (std::size_t i = dated; i < v.size(); ++i) {
      set_.diagnostics.push_back(diagnostic(voice(v[i]), Msg::version_no_start, Severity::error, v[i].at, {v[i].file}));
    }
    for (std::size_t i = 0; i < dated; ++i) {
      if (v[i].valid_until) {
        v[i].in_force_until = v[i].valid_until;
        continue;
      }
      for (std::size_t j = i + 1; j < dated; ++j) {
        if (v[j].valid_until && *v[j].valid_until < *v[j].valid_from) continue;  // in force on no day
        if (*v[j].valid_from > *v[i].valid_from) {
          v[i].in_force_until = *v[j].valid_from - 1;
          break;
        }
      }
    }
    for (std::size_t j = 1; j < dated; ++j) same_start_or_overlap(j);
    holes(dated);
  }

 private:
  VersionSet& set_;

  Voice voice(const PolicyVersion& v) const { return Voice{set_.voice.text, v.keywords}; }

  // Version j against each earlier one: the same `valid from`, or an earlier one's `valid until`
  // reaching into j's period.
  void same_start_or_overlap(std::size_t j) {
    const auto& v = set_.versions;
    const PolicyVersion& b = v[j];
    for (std::size_t i = 0; i < j; ++i) {
      const PolicyVersion& a = v[i];
      if (*a.valid_from == *b.valid_from) {
        Diagnostic d = diagnostic(voice(b), Msg::version_same_start, Severity::error, b.at,
                                  {b.file, a.file, day(*b.valid_from)});
        d.secondary.push_back(Label{a.at, period_label(a)});
        set_.diagnostics.push_back(std::move(d));
        continue;
      }
      if (!a.valid_until || *a.valid_until < *b.valid_from) continue;
      std::int32_t last = *a.valid_until;
      if (b.in_force_until) last = std::min(last, *b.in_force_until);
      if (last < *b.valid_from) continue;  // b's own period is empty (`valid until` before `valid from`)
      Diagnostic d = diagnostic(voice(b), Msg::version_overlap, Severity::error, b.at,
                                {b.file, a.file, day(*b.valid_from), day(last), day(*b.valid_from - 1)});
      d.secondary.push_back(Label{a.at, period_label(a)});
      set_.diagnostics.push_back(std::move(d));
    }
  }

  // Days between the end of everything before version j and j's `valid from`. Only an explicit
  // `valid until` can leave one: without it a version is in force until the next one starts.
  void holes(std::size_t dated) {
    const auto& v = set_.versions;
    // A version whose `valid until` is before its `valid from` is in force on no day: it has its
    // own error (the checker's), and it neither covers nor leaves a hole.
    const auto empty = [&](std::size_t i) { return v[i].in_force_until && *v[i].in_force_until < *v[i].valid_from; };
    std::size_t first = 0;
    while (first < dated && empty(first)) ++first;
    if (first == dated) return;
    std::optional<std::int32_t> covered = v[first].in_force_until;  // none: open-ended, nothing after is a hole
    std::size_t last = first;                                       // the version in force until `covered`
    for (std::size_t j = first + 1; j < dated; ++j) {
      if (!covered) return;
      if (empty(j)) continue;
      if (*covered < *v[j].valid_from - 1) {
        Diagnostic d = diagnostic(voice(v[j]), Msg::version_hole, Severity::error, v[j].at,
                                  {v[j].file, v[last].file, day(*covered + 1), day(*v[j].valid_from - 1)});
        d.secondary.push_back(Label{v[last].at, period_label(v[last])});
        set_.diagnostics.push_back(std::move(d));
      }
      if (!v[j].in_force_until || *v[j].in_force_until > *covered) {
        covered = v[j].in_force_until;
        last = j;
      }
    }
  }

  std::string period_label(const PolicyVersion& a) const {
    return a.in_force_until ? say(set_.voice, Msg::label_other_version, {a.file, day(*a.valid_from), day(*a.in_force_until)})
                            : say(set_.voice, Msg::label_other_version_open, {a.file, day(*a.valid_from)});
  }
};

// The day number of a header date as the parser keeps it (its text is the day number).
std::optional<std::int32_t> header_day(const std::optional<Ident>& id) {
  if (!id) return std::nullopt;
  return static_cast<std::int32_t>(std::stoll(id->text));
}

}  // namespace

bool is_version_directory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

VersionSet scan_versions(const std::string& directory, const CompileOptions& options) {
  VersionSet set;
  set.directory = directory;
  set.source = std::make_shared<SourceFile>(SourceFile{directory, "", {}});
  std::vector<std::string> names;
  std::string why;
  const bool listed = list_versions(directory, names, why);
  // Everything is read first: the messages speak the first version's language.
  std::vector<Found> found;
  if (listed && names.size() <= kMaxVersions) {
    for (const auto& name : names) {
      Found f;
      f.file = (fs::path(directory) / name).string();
      f.text = read_policy_file(f.file, f.why);
      if (f.text) f.not_policy = not_a_policy(*f.text);
      found.push_back(std::move(f));
    }
  }
  std::optional<Lang> first;
  for (const auto& f : found)
    if (f.text && !f.not_policy && !first) first = keyword_language(*f.text);
  const Lang lang = options.lang.value_or(first.value_or(options.default_lang));
  set.voice = Voice{lang, first.value_or(lang)};
  const auto error = [&](Msg id, std::initializer_list<std::string_view> args) {
    set.diagnostics.push_back(diagnostic(set.voice, id, Severity::error, Span{0, 0}, args));
    ++set.unusable;
  };
  if (!listed) {
    error(Msg::version_unreadable, {directory, why});
    return set;
  }
  if (names.size() > kMaxVersions) {
    error(Msg::versions_limit, {directory, std::to_string(kMaxVersions)});
    return set;
  }
  if (names.empty()) {
    error(Msg::versions_none, {directory});
    return set;
  }
  for (auto& f : found) {
    if (!f.text) {
      error(Msg::version_unreadable, {f.file, read_failure_text(set.voice, f.why)});
      continue;
    }
    if (f.not_policy) {
      error(Msg::version_not_a_policy, {f.file, say(set.voice, *f.not_policy)});
      continue;
    }
    std::size_t end = set.source->text.size() + 1;
    for (const auto& inc : set.source->included) end = std::max(end, inc.base + inc.text.size() + 1);
    const auto base = static_cast<std::uint32_t>(end);
    set.source->included.push_back(SourceFile::Included{f.file, std::move(*f.text), base});
    // Its own header only; the syntax errors are the compile's to report (`kadenz check`).
    std::vector<Diagnostic> ignored;
    const PolicyAst ast = parse_policy_text(set.source->included.back().text, f.file, base, ignored, lang);
    PolicyVersion v;
    v.file = f.file;
    v.keywords = ast.lang;
    v.at = Span{base, base};
    if (ast.header) {
      v.valid_from = header_day(ast.header->valid_from);
      v.valid_until = header_day(ast.header->valid_until);
      v.at = ast.header->valid_from ? ast.header->valid_from->span : ast.header->span;
    }
    set.versions.push_back(std::move(v));
  }
  Periods(set).run();
  return set;
}

std::optional<std::size_t> version_in_force(const VersionSet& set, std::int32_t on) {
  for (std::size_t i = 0; i < set.versions.size(); ++i) {
    const PolicyVersion& v = set.versions[i];
    if (v.valid_from && *v.valid_from <= on && (!v.in_force_until || on <= *v.in_force_until)) return i;
  }
  return std::nullopt;
}

Diagnostic no_version_in_force(const VersionSet& set, std::int32_t on) {
  // At the last version that started before the day (it ended before it), else at the first.
  std::size_t at = 0;
  for (std::size_t i = 0; i < set.versions.size(); ++i)
    if (set.versions[i].valid_from && *set.versions[i].valid_from <= on) at = i;
  const auto label = [&](const PolicyVersion& v) {
    if (!v.valid_from) return say(set.voice, Msg::version_no_period);
    return v.in_force_until ? say(set.voice, Msg::label_version_period, {day(*v.valid_from), day(*v.in_force_until)})
                            : say(set.voice, Msg::label_version_period_open, {day(*v.valid_from)});
  };
  const Span where = set.versions.empty() ? Span{0, 0} : set.versions[at].at;
  Diagnostic d = diagnostic(set.voice, Msg::no_version_in_force, Severity::error, where, {set.directory, day(on)});
  for (std::size_t i = 0; i < set.versions.size(); ++i) {
    if (i == at) d.label = label(set.versions[i]);
    else d.secondary.push_back(Label{set.versions[i].at, label(set.versions[i])});
  }
  return d;
}

Diagnostic version_does_not_compile(const VersionSet& set, std::size_t index, std::size_t errors) {
  const PolicyVersion& v = set.versions[index];
  const Voice voice{set.voice.text, v.keywords};
  return diagnostic(voice, Msg::version_not_compiled, Severity::error, v.at,
                    {v.file, say(voice, errors == 1 ? Msg::count_error_one : Msg::count_error_many,
                                 {std::to_string(errors)})});
}

VersionNote version_note(const VersionSet& set, std::size_t index, std::int32_t on) {
  const PolicyVersion& v = set.versions[index];
  return VersionNote{set.directory, v.valid_from.value_or(0), v.in_force_until, on};
}

std::string version_period(const Voice& voice, const PolicyVersion& v) {
  if (!v.valid_from) return say(voice, Msg::version_no_period);
  return v.in_force_until ? say(voice, Msg::version_period, {day(*v.valid_from), day(*v.in_force_until)})
                          : say(voice, Msg::version_period_open, {day(*v.valid_from)});
}

PolicyArgument parse_policy_argument(std::string_view argument) {
  PolicyArgument a;
  a.path = std::string(argument);
  const std::size_t at = argument.rfind('@');
  std::error_code ec;
  if (at == std::string_view::npos || fs::exists(a.path, ec)) return a;
  a.after_at = std::string(argument.substr(at + 1));
  if (at == 0) {
    a.error = Msg::at_date_no_path;
    return a;
  }
  a.date = parse_date(a.after_at);
  if (!a.date) {
    a.error = Msg::at_date_not_a_date;
    return a;
  }
  a.path = std::string(argument.substr(0, at));
  return a;
}

}  // namespace kadenz::detail
