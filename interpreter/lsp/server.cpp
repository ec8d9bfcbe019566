// Language server: the JSON-RPC dispatch, the lifecycle (initialize … shutdown, exit), the open
// documents and the read-answer loop.
#include "interpreter/lsp/server.hpp"

#include "grammar/limits.hpp"
#include "interpreter/lsp/features.hpp"
#include "interpreter/lsp/transport.hpp"
#include "stdlib/catalogue.hpp"
#include "stdlib/vocabulary.hpp"

#include <map>

namespace kadenz::detail::lsp {
namespace {

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700, kInvalidRequest = -32600, kMethodNotFound = -32601, kInvalidParams = -32602,
              kServerNotInitialized = -32002, kInternalError = -32603;
constexpr int kFullSync = 1;

}  // namespace

struct Server::State {
  ServerOptions options;
  DocumentOptions document_options;
  std::map<std::string, Document, std::less<>> documents;
  bool initialized = false, shut_down = false, exited = false;

  // Protocol errors speak the server's `--lang`, else English (they are about no one policy).
  std::string text(Msg id, std::initializer_list<std::string_view> args = {}) const {
    const Lang l = options.lang.value_or(Lang::en);
    return say(Voice{l, l}, id, args);
  }
  static std::string response(const Json& id, Json result) {
    return Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  static std::string error(const Json& id, int code, const std::string& message) {
    return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}}.dump(
        -1, ' ', false, Json::error_handler_t::replace);
  }
  static std::string notification(const char* method, Json params) {
    return Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}}.dump(
        -1, ' ', false, Json::error_handler_t::replace);
  }

  Document* find(const Json& params) {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    auto it = documents.find(uri);
    if (it == documents.end()) throw std::out_of_range(text(Msg::lsp_not_open, {uri}));
    return &it->second;
  }
  // The document of a request, analysed (its diagnostics published first if it changed).
  Document& ready(const Json& params, std::vector<std::string>& out) {
    Document& doc = *find(params);
    if (doc.stale) publish(doc, out);
    return doc;
  }
  void publish(Document& doc, std::vector<std::string>& out) {
    if (doc.refused) {
      doc.stale = false;
      const Diagnostic& d = *doc.refused;
      Json item = {{"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
                   {"severity", 1},
                   {"code", d.code},
                   {"source", "kadenz"},
                   {"message", d.message + "\n" + say(voice(doc), Msg::render_help, {d.help})}};
      out.push_back(notification("textDocument/publishDiagnostics",
                                 {{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", Json::array({item})}}));
      return;
    }
    analyse(doc, document_options, options.today);
    out.push_back(notification("textDocument/publishDiagnostics", diagnostics_params(doc)));
  }
  // The voice of a refusal: `--lang`, else the keyword language of the text the server has.
  Voice voice(const Document& doc) const {
    const Lang l = options.lang.value_or(keyword_language(doc.text).value_or(Lang::en));
    return Voice{l, l};
  }

  void open(const Json& params, std::vector<std::string>& out) {
    const Json& item = params.at("textDocument");
    Document doc;
    doc.uri = item.at("uri").get<std::string>();
    doc.path = path_of_uri(doc.uri);
    doc.version = item.value("version", std::int64_t{0});
    const Json& text = item.at("text");
    if (!documents.contains(doc.uri) && documents.size() >= kMaxOpenDocuments) {
      // not kept: its text is not read (it may be up to a message's size)
      doc.refused = diagnostic(voice(doc), Msg::limit_lsp_open_documents, Severity::error, Span{0, 0},
                               {std::to_string(kMaxOpenDocuments)});
      publish(doc, out);
      return;
    }
    doc.text = text.get<std::string>();
    if (doc.text.size() > kMaxPolicyBytes) {  // kept empty: a larger text is not held in memory
      doc.refused = diagnostic(voice(doc), Msg::limit_lsp_document_bytes, Severity::error, Span{0, 0},
                               {std::to_string(kMaxPolicyBytes)});
      doc.text.clear();
    }
    documents.insert_or_assign(doc.uri, std::move(doc));
  }
  // The changes apply to a copy, all or none: one that would make the text larger than
  // kMaxPolicyBytes (or a ranged one after a refusal) keeps the text the server has.
  void change(const Json& params) {
    Document& doc = *find(params);
    std::string text = doc.text;
    bool too_large = false, in_sync = !doc.refused;
    for (const Json& c : params.at("contentChanges")) {
      const Json& replacement = c.at("text");
      const std::size_t added = replacement.get_ref<const std::string&>().size();
      if (c.contains("range")) {  // a ranged change (we ask for full ones, but accept these)
        if (!in_sync) return;  // about a text the server does not have: wait for a full one
        const LineIndex lines(text);
        const Json& r = c["range"];
        const std::uint32_t b = lines.offset(position_of(r.at("start")));
        const std::uint32_t e = std::max(b, lines.offset(position_of(r.at("end"))));
        if (text.size() - (e - b) + added > kMaxPolicyBytes) {
          too_large = true;
          break;
        }
        text.replace(b, e - b, replacement.get_ref<const std::string&>());
      } else {
        if (added > kMaxPolicyBytes) {
          too_large = true;
          break;
        }
        text = replacement.get<std::string>();
        in_sync = true;
      }
    }
    doc.version = params.at("textDocument").value("version", doc.version);
    doc.stale = true;
    if (too_large) {
      doc.refused = diagnostic(voice(doc), Msg::limit_lsp_document_bytes, Severity::error, Span{0, 0},
                               {std::to_string(kMaxPolicyBytes)});
      return;
    }
    doc.text = std::move(text);
    doc.refused.reset();
  }

  Json capabilities() const {
    return {{"capabilities",
             {{"textDocumentSync", {{"openClose", true}, {"change", kFullSync}}},
              {"hoverProvider", true},
              {"definitionProvider", true},
              {"referencesProvider", true},
              {"completionProvider", {{"triggerCharacters", Json::array({"=", "{", ":"})}}},
              {"documentSymbolProvider", true},
              {"documentFormattingProvider", true},
              {"codeActionProvider", {{"codeActionKinds", Json::array({"quickfix"})}}}}},
            {"serverInfo", {{"name", "kadenz"}}}};
  }

  // A request's result; throws json errors (bad params) and out_of_range (document not open).
  Json answer(const std::string& method, const Json& params, std::vector<std::string>& out) {
    if (method == "textDocument/hover") return hover(ready(params, out), params);
    if (method == "textDocument/definition") return definition(ready(params, out), params);
    if (method == "textDocument/references") return references(ready(params, out), params);
    if (method == "textDocument/completion") return completion(ready(params, out), params);
    if (method == "textDocument/documentSymbol") return document_symbols(ready(params, out));
    if (method == "textDocument/formatting") return formatting(ready(params, out));
    if (method == "textDocument/codeAction") return code_actions(ready(params, out), params);
    throw std::invalid_argument(method);
  }

  void request(const Json& id, const std::string& method, const Json& params, std::vector<std::string>& out) {
    if (method == "initialize") {
      initialized = true;
      out.push_back(response(id, capabilities()));
      return;
    }
    if (!initialized) return out.push_back(error(id, kServerNotInitialized, text(Msg::lsp_not_initialized)));
    if (method == "shutdown") {
      shut_down = true;
      return out.push_back(response(id, nullptr));
    }
    if (shut_down) return out.push_back(error(id, kInvalidRequest, text(Msg::lsp_shut_down)));
    try {
      Json result = answer(method, params, out);
      out.push_back(response(id, std::move(result)));
    } catch (const std::invalid_argument&) {
      out.push_back(error(id, kMethodNotFound, text(Msg::lsp_unknown_method, {method})));
    } catch (const Json::exception& e) {
      out.push_back(error(id, kInvalidParams, text(Msg::lsp_bad_params, {e.what()})));
    } catch (const BadParams& e) {
      out.push_back(error(id, kInvalidParams, text(Msg::lsp_bad_params, {text(Msg::lsp_bad_position, {e.what()})})));
    } catch (const std::out_of_range& e) {
      out.push_back(error(id, kInvalidParams, e.what()));
    } catch (const std::exception& e) {  // a bug: answered, so that the editor's session goes on
      out.push_back(error(id, kInternalError, e.what()));
    }
  }

  void notify(const std::string& method, const Json& params, std::vector<std::string>& out) {
    if (method == "exit") {
      exited = true;
      return;
    }
    if (!initialized || shut_down) return;  // notifications before initialize are dropped (LSP)
    try {
      if (method == "textDocument/didOpen") {
        open(params, out);
      } else if (method == "textDocument/didChange") {
        change(params);
      } else if (method == "textDocument/didClose") {
        const std::string uri = params.at("textDocument").at("uri").get<std::string>();
        if (documents.erase(uri) > 0) {
          out.push_back(notification("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", Json::array()}}));
        }
      }
      // initialized, didSave, $/cancelRequest, $/setTrace and others: nothing to do
    } catch (const std::exception&) {
      // a notification has no response; a malformed one changes nothing
    }
  }
};

Server::Server(ServerOptions options) : state_(std::make_unique<State>()) { state_->options = options; state_->document_options.lang = options.lang; }
Server::~Server() = default;

void Server::handle(std::string_view body, std::vector<std::string>& out) {
  State& s = *state_;
  Json message;
  try {
    message = Json::parse(body);
  } catch (const Json::exception& e) {
    out.push_back(State::error(nullptr, kParseError, s.text(Msg::lsp_bad_json, {e.what()})));
    return;
  }
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    if (message.is_object() && message.contains("id") && !message.contains("method")) return;  // a response to us
    out.push_back(State::error(nullptr, kInvalidRequest, s.text(Msg::lsp_bad_params, {"method"})));
    return;
  }
  const std::string method = message["method"].get<std::string>();
  const Json params = message.value("params", Json::object());
  if (message.contains("id")) {
    s.request(message["id"], method, params, out);
  } else {
    s.notify(method, params, out);
  }
}

void Server::flush(std::vector<std::string>& out) {
  for (auto& [uri, doc] : state_->documents)
    if (doc.stale) state_->publish(doc, out);
}

void Server::refuse(std::string_view why, std::vector<std::string>& out) {
  out.push_back(State::error(nullptr, kInvalidRequest, std::string(why)));
}

bool Server::exited() const noexcept { return state_->exited; }
int Server::exit_code() const noexcept { return state_->shut_down ? 0 : 1; }

int serve(int in, int out, const ServerOptions& options) {
  Server server(options);
  Reader reader(in);
  const Lang l = options.lang.value_or(Lang::en);
  std::string body;
  std::vector<std::string> replies;
  const auto send = [&] {
    bool ok = true;
    for (const auto& r : replies) ok = ok && write_message(out, r);
    replies.clear();
    return ok;
  };
  for (;;) {
    std::size_t size = 0;
    const ReadStatus status = reader.read(body, size);
    if (status == ReadStatus::end) break;
    if (status == ReadStatus::bad_header) {
      server.refuse(say(Voice{l, l}, Msg::lsp_bad_header), replies);
      send();
      break;  // the stream cannot be resynchronised
    }
    if (status == ReadStatus::too_large) {
      server.refuse(say(Voice{l, l}, Msg::lsp_too_large, {std::to_string(size), std::to_string(kMaxMessageBytes)}), replies);
    } else {
      server.handle(body, replies);
    }
    if (server.exited()) {
      send();
      return server.exit_code();
    }
    if (!reader.pending()) server.flush(replies);
    if (!send()) return 1;
  }
  return 1;
}

}  // namespace kadenz::detail::lsp
