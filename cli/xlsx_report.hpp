// The workbooks the kadenz command writes with libxlsxwriter: a workload or what-if report
// (`--format xlsx -o FILE.xlsx`), written from the report's JSON document so that it holds the
// same numbers, and whatif's changes (`--changes FILE.xlsx`), written row by row as the records
// are compared. Linked into the command only, not into the library.
#pragma once

#include "cli/csv_dialect.hpp"
#include "stdlib/catalogue.hpp"

#include <cstdint>
#include <string>
#include <string_view>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace kadenz::cli {

// The most rows a worksheet holds (Excel's limit, header row included); a table that does not
// fit is an error, never cut.
constexpr std::uint32_t kXlsxMaxRows = 1048576;

// True if `path` names a workbook (ends in .xlsx, any case): --changes writes one then.
bool is_xlsx_path(const std::string& path);

// Writes the report `json` (the JSON document of a workload, whatif or whatif_many report,
// docs/workload.md) as a workbook to `file` (a new file libxlsxwriter creates; the caller renames
// it over the target). One sheet per table, whatever the document holds:
//   - "Übersicht": every figure outside a list (its JSON path and value);
//   - a sheet per list of objects (categories, forecast, moves, groups, decomposition figures,
//     differences, …), its columns the objects' fields (nested objects as `a.b`); a list inside
//     the element of another list (a group's forecast) gets the outer element's key or name in
//     its first columns;
//   - a sheet per matrix (list of lists), labelled with the sibling `categories` when present;
//   - "Inhalt": every sheet with the JSON path it comes from and its number of rows.
// Numbers stay numbers at full precision, shown with German Excel's formats (the format codes in
// the file are Excel's locale-neutral ones, `#,##0.0`, which German Excel shows as 1.234,5);
// header rows frozen; column widths from the content. False with `error` (in `lang`) if the JSON
// does not parse, a sheet would exceed kXlsxMaxRows, or libxlsxwriter fails.
bool write_report_xlsx(std::string_view json, const std::string& file, const std::string& shown, Lang lang,
                       std::string& error);

// whatif --changes FILE.xlsx: the changes CSV as it streams from the library, one sheet
// "Änderungen"; numbers (plain_number) as numbers, the key column always text (ids like 007).
class XlsxChanges {
 public:
  XlsxChanges() = default;
  ~XlsxChanges();
  XlsxChanges(const XlsxChanges&) = delete;
  XlsxChanges& operator=(const XlsxChanges&) = delete;

  // Starts the workbook at `file` (see write_report_xlsx); false with `error`.
  bool open(const std::string& file, const std::string& shown, Lang lang, std::string& error);
  // Adds the rows completed by `csv`; false with error() once a row would exceed kXlsxMaxRows
  // or a cell cannot be written.
  bool add(std::string_view csv);
  // Writes the last row and the workbook; false with `error`.
  bool close(std::string& error);
  const std::string& error() const { return error_; }

 private:
  bool add_row(const std::vector<std::string>& cells);

  lxw_workbook* book_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* header_ = nullptr;
  CsvRowSplitter rows_;
  std::uint32_t row_ = 0;
  std::string shown_;
  Lang lang_ = Lang::en;
  std::string error_;
};

}  // namespace kadenz::cli
