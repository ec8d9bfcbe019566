// Language server, features: the answers to the requests about one analysed document, as the
// protocol's JSON (nlohmann::json; the JSON stays inside interpreter/lsp/). Each takes the
// request's `params` and returns its `result`; a document is analysed before it is asked.
#pragma once

#include "interpreter/lsp/document.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace kadenz::detail::lsp {

using Json = nlohmann::json;

// `textDocument/publishDiagnostics` params: the checker's and the analyzer's findings, each with
// its help, § section and example customer in the message, its other places as related
// information, and its fixes as `data` (what codeAction offers).
Json diagnostics_params(Document& doc);

Json hover(Document& doc, const Json& params);
Json definition(Document& doc, const Json& params);
Json references(Document& doc, const Json& params);
Json document_symbols(Document& doc);
Json formatting(Document& doc);
Json code_actions(Document& doc, const Json& params);
Json completion(Document& doc, const Json& params);  // complete.cpp

// Shared by the features: the protocol's range of a place, the byte offset of a request's
// `position` (a missing or malformed one is a json exception the server answers as bad params),
// and the voice of the document's messages.
Json range_json(const Place& p);
std::uint32_t offset_of(const Document& doc, const Json& position);
// A request's `position` (line, character): each a JSON integer from 0 (a larger one than 32 bits
// is clamped); anything else throws BadParams naming the field.
Position position_of(const Json& position);
struct BadParams : std::runtime_error {
  using std::runtime_error::runtime_error;  // what(): the field (`line`, `character`)
};
Voice voice_of(const Document& doc);

}  // namespace kadenz::detail::lsp
