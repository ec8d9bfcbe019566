// JSON string literals: the one escaper every JSON writer of the library uses (diagnostics,
// caseload rows, reports, explanations, introspection). Internal: hosts get finished documents.
#pragma once

#include <string>
#include <string_view>

namespace kadenz::detail {

// Appends `text` as a JSON string literal (quoted, escaped) to `out`. Bytes that are not
// well-formed UTF-8 become U+FFFD, so that the document is valid JSON whatever a name or message
// holds. Throws only std::bad_alloc.
void append_json_string(std::string& out, std::string_view text);

}  // namespace kadenz::detail
