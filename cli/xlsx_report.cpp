// Workbooks from a report's JSON document and from whatif's changes (see xlsx_report.hpp).
#include "cli/xlsx_report.hpp"

#include <xlsxwriter.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <vector>

namespace kadenz::cli {
namespace {

using Json = nlohmann::ordered_json;  // the document's order of keys is the sheets' order of columns

// Excel's limits on a sheet name: 31 characters, none of []:*?/\ .
constexpr std::size_t kMaxSheetName = 31;
// Column widths in characters: wide enough for a header, narrow enough to see several columns.
constexpr double kMinWidth = 8, kMaxWidth = 60;

// One table of the workbook: a sheet.
struct Table {
  std::string path;                  // where in the JSON it comes from, e.g. groups[].workload.forecast
  std::vector<std::string> columns;  // flattened field names, in the order first seen
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<const Json*>> rows;  // a null pointer: no value (an empty cell)

  std::size_t column(const std::string& name) {
    const auto [it, added] = index.emplace(name, columns.size());
    if (added) columns.push_back(name);
    return it->second;
  }
  void set(std::vector<const Json*>& row, const std::string& name, const Json* value) {
    const std::size_t c = column(name);
    if (row.size() <= c) row.resize(c + 1, nullptr);
    row[c] = value;
  }
};

// A column of an enclosing list, repeated on every row of a list inside one of its elements.
struct ContextCell {
  std::string name;
  const Json* value;
};

bool is_scalar(const Json& v) { return !v.is_object() && !v.is_array(); }

bool all_of_kind(const Json& array, bool (Json::*kind)() const noexcept) {
  return !array.empty() && std::all_of(array.begin(), array.end(), [kind](const Json& e) { return (e.*kind)(); });
}

// What the tables are collected into; the strings the joined lists make are kept here so that
// cells can point at them.
struct Collector {
  Table overview{"", {}, {}, {}};
  std::vector<Table> tables;
  std::vector<std::unique_ptr<Json>> owned;
  const Json* categories = nullptr;  // the what-if matrix's categories, for group matrices

  Table& table(const std::string& path) {
    for (auto& t : tables)
      if (t.path == path) return t;
    tables.push_back(Table{path, {}, {}, {}});
    return tables.back();
  }
  // A list of plain values as one text cell ("2017-03, 2017-04").
  const Json* joined(const Json& array) {
    std::string text;
    for (const auto& e : array) {
      if (!text.empty()) text += ", ";
      text += e.is_string() ? e.get<std::string>() : e.dump();
    }
    owned.push_back(std::make_unique<Json>(text));
    return owned.back().get();
  }
  const Json* number(std::size_t n) {
    owned.push_back(std::make_unique<Json>(n));
    return owned.back().get();
  }

  void walk(const Json& object, const std::string& path);
  void list(const Json& array, const std::string& path, const std::vector<ContextCell>& context);
  void matrix(const Json& array, const Json* labels, const std::string& path, const std::vector<ContextCell>& context);
  void flatten(const Json& object, const std::string& prefix, const std::string& path, Table& table,
               std::vector<const Json*>& row, const std::vector<ContextCell>& context);
  void context_of(const Json& element, const std::string& list_name, std::size_t index,
                  std::vector<ContextCell>& context);
};

std::string join_path(const std::string& a, const std::string& b) { return a.empty() ? b : a + "." + b; }

// An object outside any list: its plain values go to the overview, its lists to tables.
void Collector::walk(const Json& object, const std::string& path) {
  for (const auto& [key, value] : object.items()) {
    const std::string p = join_path(path, key);
    if (is_scalar(value)) {
      std::vector<const Json*> row;
      overview.set(row, "Feld", owned.emplace_back(std::make_unique<Json>(p)).get());
      overview.set(row, "Wert", &value);
      overview.rows.push_back(std::move(row));
    } else if (value.is_object()) {
      walk(value, p);
    } else if (all_of_kind(value, &Json::is_object)) {
      list(value, p, {});
    } else if (all_of_kind(value, &Json::is_array)) {
      const auto labels = object.find("categories");
      matrix(value, labels != object.end() ? &*labels : categories, p, {});
    } else {
      std::vector<const Json*> row;
      overview.set(row, "Feld", owned.emplace_back(std::make_unique<Json>(p)).get());
      overview.set(row, "Wert", joined(value));
      overview.rows.push_back(std::move(row));
    }
  }
}

// The columns by which a list's element is known in the tables of the lists inside it: its
// group key, else its name or month, else its position.
void Collector::context_of(const Json& element, const std::string& list_name, std::size_t index,
                           std::vector<ContextCell>& context) {
  const auto key = element.find("key");
  if (key != element.end() && key->is_object()) {
    for (const auto& [k, v] : key->items()) context.push_back({list_name + ".key." + k, &v});
    return;
  }
  for (const char* field : {"name", "figure", "month"}) {
    const auto it = element.find(field);
    if (it != element.end() && is_scalar(*it)) {
      context.push_back({list_name + "." + field, &*it});
      return;
    }
  }
  context.push_back({list_name + ".#", number(index + 1)});
}

void Collector::list(const Json& array, const std::string& path, const std::vector<ContextCell>& context) {
  Table& t = table(path);
  const std::size_t at = static_cast<std::size_t>(&t - tables.data());
  const std::string name = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
  for (std::size_t i = 0; i < array.size(); ++i) {
    std::vector<const Json*> row;
    for (const auto& c : context) tables[at].set(row, c.name, c.value);
    std::vector<ContextCell> inner = context;
    context_of(array[i], name, i, inner);
    flatten(array[i], "", path, tables[at], row, inner);
    tables[at].rows.push_back(std::move(row));
  }
}

void Collector::flatten(const Json& object, const std::string& prefix, const std::string& path, Table& table,
                        std::vector<const Json*>& row, const std::vector<ContextCell>& context) {
  // `table` may move when a nested list adds a table: keep its position
  const std::size_t at = static_cast<std::size_t>(&table - tables.data());
  for (const auto& [key, value] : object.items()) {
    const std::string name = prefix + key;
    if (is_scalar(value)) {
      tables[at].set(row, name, &value);
    } else if (value.is_object()) {
      flatten(value, name + ".", path, tables[at], row, context);
    } else if (all_of_kind(value, &Json::is_object)) {
      list(value, path + "." + name, context);
    } else if (all_of_kind(value, &Json::is_array)) {
      const auto labels = object.find("categories");
      matrix(value, labels != object.end() ? &*labels : categories, path + "." + name, context);
    } else {
      tables[at].set(row, name, joined(value));
    }
  }
}

// A list of lists (the what-if matrix): a row per inner list, labelled with `labels` when they fit.
void Collector::matrix(const Json& array, const Json* labels, const std::string& path,
                       const std::vector<ContextCell>& context) {
  const bool labelled = labels != nullptr && labels->is_array() && labels->size() == array.size() &&
                        std::all_of(array.begin(), array.end(), [&](const Json& r) { return r.size() == labels->size(); });
  Table& t = table(path);
  for (std::size_t i = 0; i < array.size(); ++i) {
    std::vector<const Json*> row;
    for (const auto& c : context) t.set(row, c.name, c.value);
    t.set(row, labelled ? "from \\ to" : "#", labelled ? &(*labels)[i] : number(i + 1));
    for (std::size_t j = 0; j < array[i].size(); ++j) {
      const Json& cell = array[i][j];
      t.set(row, labelled ? (*labels)[j].get<std::string>() : std::to_string(j + 1), &cell);
    }
    t.rows.push_back(std::move(row));
  }
}

// German sheet titles for the parts of a path; a part not listed keeps its name.
std::string title_of(const std::string& path) {
  static const std::map<std::string, std::string> names{
      {"workload", ""},           {"report", ""},
      {"counts", ""},             {"categories", "Kategorien"},
      {"forecast", "Prognose"},   {"groups", "Gruppen"},
      {"moves", "Wechsel"},       {"error_kinds", "Fehlerarten"},
      {"decomposition", "Zerlegung"}, {"figures", "Kennzahlen"},
      {"error_reasons", "Fehlergründe"}, {"base", "Basis"},
      {"variant", "Variante"},    {"differences", "Unterschiede"},
      {"variants", "Varianten"},  {"caseload", "Fallbestand"},
      {"matrix", "Matrix"},       {"capacity", "Kapazität"}};
  std::string title;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('.', start), path.size());
    const std::string part = path.substr(start, end - start);
    const auto it = names.find(part);
    const std::string shown = it == names.end() ? part : it->second;
    if (!shown.empty()) {
      if (!title.empty()) title += ' ';
      title += shown;
    }
    start = end + 1;
  }
  if (title.empty()) title = "Tabelle";
  for (char& c : title)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '_';
  return title;
}

// Cuts a name to Excel's 31 characters without splitting a UTF-8 sequence.
std::string cut_name(std::string name, std::size_t most) {
  if (name.size() <= most) return name;
  std::size_t n = most;
  while (n > 0 && (static_cast<unsigned char>(name[n]) & 0xC0) == 0x80) --n;
  name.resize(n);
  return name;
}

// A name not yet used in the workbook ("Prognose", "Prognose 2", …).
std::string unique_name(const std::string& title, std::set<std::string>& used) {
  for (int n = 1;; ++n) {
    std::string suffix;
    if (n > 1) suffix = ' ' + std::to_string(n);
    const std::string name = cut_name(title, kMaxSheetName - suffix.size()) + suffix;
    if (used.insert(name).second) return name;
  }
}

// The number formats: whole numbers with a thousands separator; shares and utilisation in per
// cent; FTE with two decimals; other fractional figures (interviews, hours) with one.
enum class Shape { text, whole, one, two, percent };

Shape shape_of(const std::string& column, bool fractional) {
  if (column.find("utilisation") != std::string::npos || column.find("share") != std::string::npos)
    return Shape::percent;
  if (!fractional) return Shape::whole;
  if (column.find("fte") != std::string::npos) return Shape::two;
  return Shape::one;
}

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* whole = nullptr;
  lxw_format* one = nullptr;
  lxw_format* two = nullptr;
  lxw_format* percent = nullptr;

  explicit Formats(lxw_workbook* book) {
    header = workbook_add_format(book);
    format_set_bold(header);
    format_set_bottom(header, LXW_BORDER_THIN);
    whole = numbers(book, "#,##0");
    one = numbers(book, "#,##0.0");
    two = numbers(book, "#,##0.00");
    percent = numbers(book, "0.0%");
  }
  static lxw_format* numbers(lxw_workbook* book, const char* code) {
    lxw_format* f = workbook_add_format(book);
    format_set_num_format(f, code);
    return f;
  }
  lxw_format* of(Shape s) const {
    switch (s) {
      case Shape::whole: return whole;
      case Shape::one: return one;
      case Shape::two: return two;
      case Shape::percent: return percent;
      case Shape::text: break;
    }
    return nullptr;
  }
};

// The width a value takes when shown (characters, roughly: UTF-8 continuation bytes not counted).
double shown_width(const Json* v) {
  if (v == nullptr || v->is_null()) return 0;
  const std::string text = v->is_string() ? v->get<std::string>() : v->dump();
  double n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
  return v->is_number() ? n + n / 3 : n;  // room for the thousands separators
}

lxw_error write_cell(lxw_worksheet* ws, std::uint32_t row, std::uint16_t col, const Json& v, lxw_format* format) {
  if (v.is_null()) return LXW_NO_ERROR;
  if (v.is_boolean()) return worksheet_write_boolean(ws, row, col, v.get<bool>() ? 1 : 0, nullptr);
  if (v.is_number()) return worksheet_write_number(ws, row, col, v.get<double>(), format);
  const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  return worksheet_write_string(ws, row, col, text.c_str(), nullptr);
}

std::string sheet_error(Lang lang, const std::string& shown, const std::string& sheet) {
  return detail::say(detail::Voice{lang, lang}, detail::Msg::xlsx_too_many_rows,
                     {shown, sheet, std::to_string(kXlsxMaxRows - 1)});
}

std::string library_error(Lang lang, const std::string& shown, lxw_error e) {
  return detail::say(detail::Voice{lang, lang}, detail::Msg::xlsx_cannot_write, {shown, lxw_strerror(e)});
}

// One table as a sheet; false with `error`.
bool write_table(lxw_workbook* book, const Formats& formats, const std::string& name, const Table& t,
                 const std::string& shown, Lang lang, std::string& error) {
  if (t.rows.size() + 1 > kXlsxMaxRows) {
    error = sheet_error(lang, shown, name);
    return false;
  }
  lxw_worksheet* ws = workbook_add_worksheet(book, name.c_str());
  if (ws == nullptr) {
    error = library_error(lang, shown, LXW_ERROR_SHEETNAME_ALREADY_USED);
    return false;
  }
  // The format of each column, from whether any of its numbers has a fraction; the overview's
  // "Wert" column mixes figures, so each of its cells takes the format of its field.
  const bool overview = t.path.empty();
  std::vector<Shape> shapes(t.columns.size(), Shape::whole);
  std::vector<double> widths(t.columns.size());
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    bool fractional = false;
    double width = static_cast<double>(t.columns[c].size()) + 2;
    for (const auto& row : t.rows) {
      if (c >= row.size() || row[c] == nullptr) continue;
      fractional |= row[c]->is_number_float();
      width = std::max(width, shown_width(row[c]) + 1);
    }
    shapes[c] = shape_of(t.columns[c], fractional);
    widths[c] = std::clamp(width, kMinWidth, kMaxWidth);
  }
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    worksheet_set_column(ws, col, col, widths[c], nullptr);
  }
  worksheet_freeze_panes(ws, 1, 0);
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const lxw_error e = worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), t.columns[c].c_str(), formats.header);
    if (e != LXW_NO_ERROR) {
      error = library_error(lang, shown, e);
      return false;
    }
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (row[c] == nullptr) continue;
      Shape s = shapes[c];
      if (overview && c == 1 && row[0] != nullptr) s = shape_of(row[0]->get<std::string>(), row[c]->is_number_float());
      const lxw_error e =
          write_cell(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), *row[c], formats.of(s));
      if (e != LXW_NO_ERROR) {
        error = library_error(lang, shown, e);
        return false;
      }
    }
  }
  return true;
}

// Options shared by both workbooks: rows go to temporary files as they are written (bounded
// memory for a large changes sheet), ZIP64 for a workbook beyond 4 GB.
lxw_workbook* new_workbook(const std::string& file) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.use_zip64 = LXW_TRUE;
  return workbook_new_opt(file.c_str(), &options);
}

}  // namespace

bool is_xlsx_path(const std::string& path) {
  if (path.size() < 5) return false;
  std::string ext = path.substr(path.size() - 5);
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext == ".xlsx";
}

bool write_report_xlsx(std::string_view json, const std::string& file, const std::string& shown, Lang lang,
                       std::string& error) {
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = detail::say(detail::Voice{lang, lang}, detail::Msg::xlsx_cannot_write, {shown, "the report is not JSON"});
    return false;
  }
  Collector collect;
  const auto matrix = doc.find("matrix");
  if (matrix != doc.end() && matrix->is_object() && matrix->contains("categories"))
    collect.categories = &(*matrix)["categories"];
  collect.walk(doc, "");

  lxw_workbook* book = new_workbook(file);
  if (book == nullptr) {
    error = library_error(lang, shown, LXW_ERROR_CREATING_XLSX_FILE);
    return false;
  }
  const Formats formats(book);
  std::set<std::string> used{"Übersicht", "Inhalt"};
  Table contents{"", {}, {}, {}};
  const auto content = [&](const std::string& name, const std::string& path, std::size_t rows) {
    std::vector<const Json*> row;
    contents.set(row, "Blatt", collect.owned.emplace_back(std::make_unique<Json>(name)).get());
    contents.set(row, "JSON", collect.owned.emplace_back(std::make_unique<Json>(path)).get());
    contents.set(row, "Zeilen", collect.number(rows));
    contents.rows.push_back(std::move(row));
  };
  bool ok = write_table(book, formats, "Übersicht", collect.overview, shown, lang, error);
  content("Übersicht", "", collect.overview.rows.size());
  for (std::size_t i = 0; ok && i < collect.tables.size(); ++i) {
    const Table& t = collect.tables[i];
    const std::string name = unique_name(title_of(t.path), used);
    ok = write_table(book, formats, name, t, shown, lang, error);
    content(name, t.path, t.rows.size());
  }
  contents.path = "contents";
  if (ok) ok = write_table(book, formats, "Inhalt", contents, shown, lang, error);
  const lxw_error closed = workbook_close(book);
  if (ok && closed != LXW_NO_ERROR) {
    error = library_error(lang, shown, closed);
    ok = false;
  }
  return ok;
}

XlsxChanges::~XlsxChanges() {
  // an unfinished workbook is still closed (its temporary files freed); the caller discards the file
  if (book_ != nullptr) workbook_close(book_);
}

bool XlsxChanges::open(const std::string& file, const std::string& shown, Lang lang, std::string& error) {
  shown_ = shown;
  lang_ = lang;
  book_ = new_workbook(file);
  if (book_ != nullptr) sheet_ = workbook_add_worksheet(book_, "Änderungen");
  if (sheet_ == nullptr) {
    error = library_error(lang, shown, LXW_ERROR_CREATING_XLSX_FILE);
    return false;
  }
  header_ = workbook_add_format(book_);
  format_set_bold(header_);
  format_set_bottom(header_, LXW_BORDER_THIN);
  // widths fixed in advance: the rows stream, so their content is not known before
  worksheet_set_column(sheet_, 0, 0, 16, nullptr);
  worksheet_set_column(sheet_, 1, 200, 18, nullptr);
  worksheet_freeze_panes(sheet_, 1, 1);
  return true;
}

// Whether a plain number's digits survive as an Excel number (a double: 15 significant
// digits). Longer ones (a 20-digit case number an output copies, say) stay text, digit for digit.
static bool exact_in_a_double(std::string_view number) {
  std::size_t digits = 0;
  bool leading = true;
  for (const char ch : number) {
    if (ch < '0' || ch > '9') continue;
    if (leading && ch == '0') continue;
    leading = false;
    ++digits;
  }
  return digits <= 15;
}

bool XlsxChanges::add_row(const std::vector<std::string>& cells) {
  if (!error_.empty()) return false;
  if (row_ >= kXlsxMaxRows) {
    error_ = sheet_error(lang_, shown_, "Änderungen");
    return false;
  }
  for (std::size_t c = 0; c < cells.size() && c < static_cast<std::size_t>(LXW_COL_MAX); ++c) {
    std::string_view number;
    const auto col = static_cast<lxw_col_t>(c);
    lxw_error e;
    if (row_ > 0 && c > 0 && plain_number(cells[c], number) && exact_in_a_double(number)) {
      // General format: as many decimals as the number has, with German Excel's decimal comma
      e = worksheet_write_number(sheet_, row_, col, std::strtod(std::string(number).c_str(), nullptr), nullptr);
    } else if (cells[c].empty()) {
      continue;
    } else {
      e = worksheet_write_string(sheet_, row_, col, cells[c].c_str(), row_ == 0 ? header_ : nullptr);
    }
    if (e != LXW_NO_ERROR) {
      error_ = library_error(lang_, shown_, e);
      return false;
    }
  }
  ++row_;
  return true;
}

bool XlsxChanges::add(std::string_view csv) {
  rows_.feed(csv, [this](const std::vector<std::string>& cells) { add_row(cells); });
  return error_.empty();
}

bool XlsxChanges::close(std::string& error) {
  rows_.finish([this](const std::vector<std::string>& cells) { add_row(cells); });
  const lxw_error closed = workbook_close(book_);
  book_ = nullptr;
  if (error_.empty() && closed != LXW_NO_ERROR) error_ = library_error(lang_, shown_, closed);
  error = error_;
  return error_.empty();
}

}  // namespace kadenz::cli
