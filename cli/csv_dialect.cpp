// The CSV dialects of the kadenz command and the streaming conversion (see csv_dialect.hpp).
#include "cli/csv_dialect.hpp"

namespace kadenz::cli {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether a cell needs quotes in the excel-de dialect: its separator, a quote or a line break.
bool needs_quotes_de(std::string_view cell) {
  return cell.find_first_of(";\"\r\n") != std::string_view::npos;
}

}  // namespace

CsvDialect csv_dialect(const std::string& name) {
  return name == "excel-de" ? CsvDialect::excel_de : CsvDialect::standard;
}

bool plain_number(std::string_view cell, std::string_view& number) {
  // the guard is only ever put before a negative number; a guarded "+1" stays text
  if (cell.size() > 1 && cell[0] == '\'' && cell[1] == '-') cell.remove_prefix(1);
  std::size_t i = cell.empty() || cell[0] != '-' ? 0 : 1;
  const std::size_t digits = i;
  while (i < cell.size() && is_digit(cell[i])) ++i;
  if (i == digits || (cell[digits] == '0' && i - digits > 1)) return false;
  if (i < cell.size()) {
    if (cell[i] != '.') return false;
    const std::size_t fraction = ++i;
    while (i < cell.size() && is_digit(cell[i])) ++i;
    if (i == fraction || i != cell.size()) return false;
  }
  number = cell;
  return true;
}

bool CsvRowSplitter::step(char c) {
  if (pending_cr_) {
    pending_cr_ = false;
    if (c == '\n') {
      end_cell();
      return true;
    }
    cell_ += '\r';  // a lone CR is data
    state_ = State::plain;
  }
  switch (state_) {
    case State::quoted:
      if (c == '"') state_ = State::quote_in_quoted;
      else cell_ += c;
      return false;
    case State::quote_in_quoted:
      if (c == '"') {  // a doubled quote
        cell_ += '"';
        state_ = State::quoted;
        return false;
      }
      state_ = State::plain;  // the closing quote; what follows is read as unquoted
      break;
    case State::cell_start:
      if (c == '"') {
        state_ = State::quoted;
        return false;
      }
      break;
    case State::plain:
      break;
  }
  if (c == ',') {
    end_cell();
    return false;
  }
  if (c == '\n') {
    end_cell();
    return true;
  }
  if (c == '\r') {
    pending_cr_ = true;
    return false;
  }
  cell_ += c;
  state_ = State::plain;
  return false;
}

void CsvRowSplitter::end_cell() {
  if (pending_cr_) cell_ += '\r';
  pending_cr_ = false;
  cells_.push_back(std::move(cell_));
  cell_.clear();
  state_ = State::cell_start;
}

void CsvRowSplitter::clear_row() {
  cells_.clear();
  state_ = State::cell_start;
}

void CsvWriter::bom(std::string& out) {
  if (started_) return;
  started_ = true;
  if (dialect_ == CsvDialect::excel_de) out += "\xEF\xBB\xBF";
}

void CsvWriter::convert(std::string_view text, std::string& out) {
  if (dialect_ == CsvDialect::standard) {
    out.append(text);
    return;
  }
  bom(out);
  rows_.feed(text, [&](const std::vector<std::string>& cells) { write_row(cells, out); });
}

void CsvWriter::finish(std::string& out) {
  if (dialect_ == CsvDialect::standard) return;
  bom(out);
  rows_.finish([&](const std::vector<std::string>& cells) { write_row(cells, out); });
}

std::string CsvWriter::whole(CsvDialect dialect, std::string_view text) {
  CsvWriter w(dialect);
  std::string out;
  w.convert(text, out);
  w.finish(out);
  return out;
}

void CsvWriter::write_row(const std::vector<std::string>& cells, std::string& out) const {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ';';
    const std::string& cell = cells[i];
    std::string_view number;
    if (plain_number(cell, number)) {
      for (const char c : number) out += c == '.' ? ',' : c;
    } else if (needs_quotes_de(cell)) {
      out += '"';
      for (const char c : cell) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    } else {
      out += cell;
    }
  }
  out += "\r\n";
}

}  // namespace kadenz::cli
