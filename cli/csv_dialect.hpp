// The CSV dialects the kadenz command writes (`--csv standard|excel-de`) and the one streaming
// reader of kadenz's own CSV that turns it into either of them, or into the cells of a workbook
// (cli/xlsx_report.cpp). The library always writes the standard dialect (RFC 4180: `,`, LF,
// quotes only where needed); the command converts it here, in one place, as it is written, so
// every CSV output (eval's rows, whatif --changes, check --witnesses) gets the same treatment.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::cli {

enum class CsvDialect {
  standard,  // as the library writes it
  // what German Excel opens by double click: `;` between fields, a UTF-8 byte order mark (else
  // Excel reads Windows-1252 and garbles umlauts), CRLF line ends, decimal comma in numbers
  excel_de,
};

// The dialect named by a --csv value ("standard" or "excel-de"; CLI11 allows only these).
CsvDialect csv_dialect(const std::string& name);

// The `number` of a cell if it is a plain decimal number as kadenz writes one: an optional `-`,
// digits without a leading zero (but "0"), an optional `.` and digits; optionally behind the
// formula guard `'` (rows.cpp) for a negative number, which is no formula. Other cells (dates,
// ids like 007, "1.2.3") are not numbers and stay text.
bool plain_number(std::string_view cell, std::string_view& number);

// Splits kadenz's CSV, given in pieces of any size, into rows of cells. A row is handed on only
// when its line break has arrived (finish() hands on a last row without one); memory is the
// current row only.
class CsvRowSplitter {
 public:
  // Feeds `text`; calls `row(const std::vector<std::string>&)` for every completed row.
  template <class OnRow>
  void feed(std::string_view text, OnRow&& row) {
    for (const char c : text) {
      if (step(c)) {
        row(cells_);
        clear_row();
      }
    }
  }
  // The last row if the text did not end with a line break.
  template <class OnRow>
  void finish(OnRow&& row) {
    if (!pending()) return;
    end_cell();
    row(cells_);
    clear_row();
  }

 private:
  enum class State : unsigned char { cell_start, plain, quoted, quote_in_quoted };
  // One byte; true when it completed a row (in cells_).
  bool step(char c);
  bool pending() const { return !cells_.empty() || !cell_.empty() || state_ != State::cell_start; }
  void end_cell();
  void clear_row();

  State state_ = State::cell_start;
  std::string cell_;
  std::vector<std::string> cells_;
  bool pending_cr_ = false;  // a CR outside quotes, dropped if a LF follows
};

// Converts kadenz's CSV, given in pieces, into a dialect: for `standard` the text as it is; for
// `excel_de` the byte order mark first, then every row re-written (cells quoted where `;`, a
// quote or a line break needs it, numbers with a decimal comma, CRLF after each row).
class CsvWriter {
 public:
  explicit CsvWriter(CsvDialect dialect) : dialect_(dialect) {}
  // Appends to `out` what `text` becomes; a row split between calls comes out whole with the
  // call that completes it.
  void convert(std::string_view text, std::string& out);
  // Appends the rest (the byte order mark of an empty output, a last row without a line break).
  void finish(std::string& out);
  // A whole text at once: convert() and finish().
  static std::string whole(CsvDialect dialect, std::string_view text);

 private:
  void bom(std::string& out);
  void write_row(const std::vector<std::string>& cells, std::string& out) const;

  CsvDialect dialect_;
  bool started_ = false;  // the byte order mark is out
  CsvRowSplitter rows_;
};

}  // namespace kadenz::cli
