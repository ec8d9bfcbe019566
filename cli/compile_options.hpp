// The command-line options every command shares that become kadenz::CompileOptions: `--set
// NAME=VALUE` (parameter overrides) and `--lang de|en` (the language of the messages).
#pragma once

#include <kadenz/kadenz.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace kadenz::cli {

// Adds `--set NAME=VALUE` (repeatable) to `cmd`, described by `what`, collected in `into`.
void add_set_option(CLI::App* cmd, std::vector<std::string>& into, const char* what);

// Adds `--lang de|en` to `cmd`: the language of the messages, stored in `into` ("" if not given).
void add_lang_option(CLI::App* cmd, std::string& into);

// Adds `--encoding auto|utf-8|cp1252` to `cmd`: how the caseload file named by `what` is encoded.
void add_encoding_option(CLI::App* cmd, std::string& into, const char* what = "the caseload");

// Adds `--csv standard|excel-de` to `cmd`: the dialect of the CSV it writes (cli/csv_dialect.hpp).
void add_csv_option(CLI::App* cmd, std::string& into);

// The compile options of `--set` values and a `--lang` value ("" if not given). Without
// `--lang`, the messages follow the policy's keyword language, and for a text without keywords
// the environment (LC_ALL, LC_MESSAGES, LANG), else English.
CompileOptions compile_options(const std::vector<std::string>& set, const std::string& lang);

// The message language the environment asks for (LC_ALL, LC_MESSAGES, LANG), else English.
Lang environment_lang();

}  // namespace kadenz::cli
