/* The C API of the kadenz library: compile a policy, ask it what it needs, decide records.
 *
 * C11 and C++ (any standard) can include it; it declares only C types and functions. Every
 * richer result (diagnostics, introspection, decisions, summaries) is a JSON document in a
 * string, so a binding for another language needs nothing but strings and two handles.
 *
 * Conventions, for every function below:
 * - Status. A function that can fail returns a kadenz_status. KADENZ_OK is 0. On any other
 *   status kadenz_last_error() says what went wrong (in English for a misuse of the API, in the
 *   policy's message language for what the policy or a record says), and every out-parameter
 *   that would hand over ownership is set to NULL unless the function says otherwise.
 * - Errors. kadenz_last_error() is per thread: each function of this header (except
 *   kadenz_last_error, kadenz_version and the *_free functions) first clears it, then sets it
 *   when it fails. The returned text stays valid until the next call of a kadenz function on the
 *   same thread.
 * - Arguments. A NULL where a pointer is required gives KADENZ_ERROR_INVALID_ARGUMENT; the
 *   parameters that may be NULL say so. Text is UTF-8 and NUL-terminated unless a length is
 *   given.
 * - Ownership. A `char*` returned through an out-parameter is the caller's: free it with
 *   kadenz_free_string (not free(): the library may use another allocator than the host). A
 *   handle is the caller's until its *_free function; free functions accept NULL.
 * - Exceptions. No function throws or aborts: running out of memory is
 *   KADENZ_ERROR_NO_MEMORY, anything unexpected KADENZ_ERROR_INTERNAL.
 * - Threads. A kadenz_policy is immutable: any number of threads may use one at once (compile
 *   it once, share it). A kadenz_evaluator holds one record's state and belongs to one thread
 *   at a time. Each function states its own rule.
 */
#ifndef KADENZ_KADENZ_H
#define KADENZ_KADENZ_H

#include <stddef.h>

/* Marks the exported functions (the library is built with hidden visibility). The same
 * definition as in kadenz/export.hpp, for hosts that include only this header. */
#ifndef KADENZ_API
#if defined(__GNUC__)
#define KADENZ_API __attribute__((visibility("default")))
#else
#define KADENZ_API
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* What a function reports. New codes may be added at the end; treat an unknown one as an
 * error. */
typedef enum kadenz_status {
  KADENZ_OK = 0,
  KADENZ_ERROR_INVALID_ARGUMENT = 1, /* a NULL, an unknown option value, text that is not the JSON asked for */
  KADENZ_ERROR_COMPILE = 2,          /* the policy has errors: see the diagnostics */
  KADENZ_ERROR_IO = 3,               /* a file could not be read */
  KADENZ_ERROR_RECORD = 4,           /* the record was not decided (or a value was refused): see the decision's "error" */
  KADENZ_ERROR_NO_MEMORY = 5,        /* out of memory */
  KADENZ_ERROR_CASELOAD = 6,         /* the CSV text is not a caseload of this policy (no header, a missing column) */
  KADENZ_ERROR_INTERNAL = 7          /* a bug in kadenz: please report it with the message */
} kadenz_status;

/* A compiled policy: immutable, shareable between threads. Made by kadenz_compile_file or
 * kadenz_compile_text, freed by kadenz_policy_free. */
typedef struct kadenz_policy kadenz_policy;

/* Decides records of one policy one after another, reusing its memory: for a host that decides
 * many records one at a time. Made by kadenz_evaluator_new, freed by kadenz_evaluator_free. One
 * thread at a time. */
typedef struct kadenz_evaluator kadenz_evaluator;

/* What a compile may change beyond the policy text: the message language, `--set` values and
 * how `extends` reads files. Made by kadenz_compile_options_new, freed by
 * kadenz_compile_options_free; one thread at a time while it is changed, any number while it is
 * only read by compiles. */
typedef struct kadenz_compile_options kadenz_compile_options;

/* How a compile reads the base policy an `extends "NAME"` names. */
typedef enum kadenz_file_access {
  /* NAME is a file relative to the directory of the policy that names it (`..` allowed, absolute
   * paths refused). The default, as for `kadenz` itself. */
  KADENZ_FILES_RELATIVE = 0,
  /* No file is read: every `extends` is an error. For policy text from elsewhere. */
  KADENZ_FILES_NONE = 1,
  /* Like KADENZ_FILES_RELATIVE, but only files inside one directory (after `..` and symbolic
   * links are resolved) can be read. */
  KADENZ_FILES_UNDER = 2,
  /* Not a value to pass: it makes the type hold any int, so that a value that is none of the
   * above is refused with KADENZ_ERROR_INVALID_ARGUMENT instead of being undefined in C++. */
  KADENZ_FILES_FORCE_INT_ = 0x7fffffff
} kadenz_file_access;

/* The rows kadenz_evaluate_csv writes: the CSV of `kadenz eval`, or one JSON object a line. */
typedef enum kadenz_row_format {
  KADENZ_ROWS_CSV = 0,
  KADENZ_ROWS_JSONL = 1,
  KADENZ_ROWS_FORCE_INT_ = 0x7fffffff /* not a value to pass: as KADENZ_FILES_FORCE_INT_ */
} kadenz_row_format;

/* ---- the library ---- */

/* The library's version, "MAJOR.MINOR.PATCH". A static string: never free it. Any thread. */
KADENZ_API const char* kadenz_version(void);

/* Why the last failing kadenz function of this thread failed; "" if the last call succeeded.
 * Owned by the library, valid until the next kadenz call on this thread: copy it to keep it.
 * Never NULL. Any thread (each sees its own). */
KADENZ_API const char* kadenz_last_error(void);

/* Frees a string a kadenz function returned. NULL is allowed (does nothing). Any thread. */
KADENZ_API void kadenz_free_string(char* text);

/* ---- compile options ---- */

/* Makes options with the defaults: messages in the policy's keyword language, no `--set`,
 * KADENZ_FILES_RELATIVE. *options receives the new object (the caller's; free it with
 * kadenz_compile_options_free). Errors: INVALID_ARGUMENT (options NULL), NO_MEMORY. Any thread. */
KADENZ_API kadenz_status kadenz_compile_options_new(kadenz_compile_options** options);

/* Frees options; NULL is allowed. A policy compiled with them does not need them any more. */
KADENZ_API void kadenz_compile_options_free(kadenz_compile_options* options);

/* The language of the messages: "en" or "de" (diagnostics, row errors, summaries). NULL or ""
 * goes back to the default, the policy's keyword language. Errors: INVALID_ARGUMENT (options
 * NULL, another text). One thread at a time per options object. */
KADENZ_API kadenz_status kadenz_compile_options_set_lang(kadenz_compile_options* options, const char* lang);

/* Adds a `--set NAME=VALUE`: a parameter value that replaces the policy's, written as in a
 * policy file ("15 minutes", "60 %"; a bare number takes the parameter's unit). A wrong name or
 * type is a compile error, reported by the compile. Setting a name twice keeps the last value.
 * Both texts are copied. Errors: INVALID_ARGUMENT (a NULL), NO_MEMORY. One thread at a time per
 * options object. */
KADENZ_API kadenz_status kadenz_compile_options_add_set(kadenz_compile_options* options, const char* name,
                                                        const char* value);

/* How `extends` reads base policies. `directory` is used (and required) only with
 * KADENZ_FILES_UNDER and is copied. Errors: INVALID_ARGUMENT (options NULL, an unknown access,
 * KADENZ_FILES_UNDER without a directory), NO_MEMORY. One thread at a time per options object. */
KADENZ_API kadenz_status kadenz_compile_options_set_file_access(kadenz_compile_options* options,
                                                                kadenz_file_access access, const char* directory);

/* ---- compiling ---- */

/* Reads and compiles the policy file at `path`. `options` may be NULL (the defaults).
 * On KADENZ_OK, *policy is the compiled policy (the caller's: kadenz_policy_free); there may be
 * warnings in the diagnostics. On KADENZ_ERROR_COMPILE (errors in the policy) or
 * KADENZ_ERROR_IO (the file or a base file cannot be read), *policy is NULL and the diagnostics
 * say why; kadenz_last_error() holds the first error's message.
 * `diagnostics_json` and `diagnostics_text` may each be NULL (not wanted); otherwise each
 * receives a new string (the caller's: kadenz_free_string), also when there is no diagnostic:
 * the JSON is {"file":…, "diagnostics":[{"severity", "code", "message", "span":{"file", "line",
 * "column", …}, "label", "secondary", "help", "section"}…], "errors":N, "warnings":N}
 * (docs/api.md), the text what `kadenz check` prints (empty if there are no diagnostics). They are NULL only on INVALID_ARGUMENT, NO_MEMORY or INTERNAL.
 * Errors besides: INVALID_ARGUMENT (path or policy NULL). Any thread; compiles may run at once. */
KADENZ_API kadenz_status kadenz_compile_file(const char* path, const kadenz_compile_options* options,
                                             kadenz_policy** policy, char** diagnostics_json, char** diagnostics_text);

/* Compiles policy text. `name` names it in the diagnostics (and, with KADENZ_FILES_RELATIVE,
 * its directory is where `extends` looks); `text` is the policy (UTF-8, NUL-terminated). For text
 * that came from elsewhere, give options with KADENZ_FILES_NONE or KADENZ_FILES_UNDER.
 * Everything else as kadenz_compile_file (IO only for an unreadable base policy). Errors:
 * INVALID_ARGUMENT (name, text or policy NULL). Any thread. */
KADENZ_API kadenz_status kadenz_compile_text(const char* name, const char* text, const kadenz_compile_options* options,
                                             kadenz_policy** policy, char** diagnostics_json, char** diagnostics_text);

/* Frees a policy; NULL is allowed. Evaluators made from it keep what they need: they may be used
 * and freed afterwards. Must not run while another thread uses this same handle. */
KADENZ_API void kadenz_policy_free(kadenz_policy* policy);

/* ---- asking a policy what it needs ---- */

/* Describes the policy as one JSON document: its header (name, document, issued, valid from and
 * until, keyword language), its facts (name, caseload column, type with unit, enumeration
 * values and whether it may be empty, default, key), its outputs (name, type) and its
 * parameters (name, type, value after `--set`). The schema is in docs/api.md. *json receives a
 * new string (the caller's: kadenz_free_string). Errors: INVALID_ARGUMENT (a NULL), NO_MEMORY.
 * Any thread, at once. */
KADENZ_API kadenz_status kadenz_policy_describe_json(const kadenz_policy* policy, char** json);

/* ---- deciding one record ---- */

/* The decision JSON every evaluate function returns:
 *   {"decided": true|false,
 *    "outputs": {"NAME": value, …},   every output in the policy's order; a boolean output is
 *                                      true/false, a number (integer, months, minutes, …) a
 *                                      JSON number in the output's unit, a date "YYYY-MM-DD",
 *                                      text and enumeration values strings; null for an output
 *                                      without a value and for every output when not decided
 *    "rule": "…", "source": "…",       the deciding rule and its sections, as `kadenz eval`'s
 *                                      columns (null when not decided)
 *    "sections": ["§2.2.2", …],         the same sections as a list
 *    "warnings": ["…", …],              the messages of the `warn` checks that fired
 *    "error": null | "…"}               why the record was not decided
 *
 * A record value in JSON is read exactly like a caseload cell of the fact's column: a string as
 * it stands ("2017-03-01", "01.03.2017", "ja", "marktnah", "3"); a number as its decimal text
 * (so 3 for a months fact, 1.5 only where a caseload cell could say 1.5); true/false for yes/no
 * facts; null as an empty cell (the fact is empty if it may be, takes its default if it has one,
 * and is missing otherwise). A fact not given is treated like null. A name that is not a fact of
 * the policy, or a value that is an array or object, fails the record (decided false, the error
 * names it): a record is never decided without a value it was given. `as_of` is the day of the
 * decision, "YYYY-MM-DD" or "DD.MM.YYYY". */

/* Decides one record given as a JSON object of fact name -> value (see above) as of `as_of`.
 * *decision_json receives a new string (the caller's: kadenz_free_string) on KADENZ_OK (decided)
 * and on KADENZ_ERROR_RECORD (not decided: its "error" says why, and so does
 * kadenz_last_error()). Errors besides: INVALID_ARGUMENT (a NULL, `record_json` not a JSON
 * object, `as_of` not a date), NO_MEMORY. Any thread, at once (it uses its own evaluator; for
 * many records, a kadenz_evaluator saves the set-up). */
KADENZ_API kadenz_status kadenz_evaluate_json(const kadenz_policy* policy, const char* record_json, const char* as_of,
                                              char** decision_json);

/* Decides one record given as `count` pairs: names[i] is a fact, values[i] its value read like a
 * caseload cell (NULL: an empty cell). `names` and `values` may be NULL only if count is 0.
 * Results and errors as kadenz_evaluate_json (a NULL names[i] is INVALID_ARGUMENT). Any thread,
 * at once. */
KADENZ_API kadenz_status kadenz_evaluate_pairs(const kadenz_policy* policy, const char* const* names,
                                               const char* const* values, size_t count, const char* as_of,
                                               char** decision_json);

/* ---- deciding many records ---- */

/* Makes an evaluator for `policy`: it keeps its own reference to the compiled policy, so the
 * policy handle may be freed first. *evaluator receives it (the caller's: kadenz_evaluator_free).
 * Errors: INVALID_ARGUMENT (a NULL), NO_MEMORY. Any thread; the evaluator then belongs to one
 * thread at a time (give each thread its own; they may share the policy). */
KADENZ_API kadenz_status kadenz_evaluator_new(const kadenz_policy* policy, kadenz_evaluator** evaluator);

/* Frees an evaluator; NULL is allowed. */
KADENZ_API void kadenz_evaluator_free(kadenz_evaluator* evaluator);

/* Sets one fact of the current record from text read like a caseload cell; `value` NULL is an
 * empty cell. A record is what was set since the last evaluate: the first set after an evaluate
 * starts a new record with every fact unset. Setting a fact twice keeps the last value.
 * KADENZ_ERROR_RECORD if the name is not a fact or the value is refused: then the record has
 * failed, and the next kadenz_evaluator_evaluate returns decided false with this (the first)
 * error; kadenz_last_error() has the message too. Errors besides: INVALID_ARGUMENT (evaluator
 * or name NULL). The evaluator's thread only. */
KADENZ_API kadenz_status kadenz_evaluator_set(kadenz_evaluator* evaluator, const char* name, const char* value);

/* Sets every fact a JSON object names (see "The decision JSON" above for how values are read),
 * as kadenz_evaluator_set would one by one, in the object's order. KADENZ_ERROR_RECORD if one
 * was refused (the record has failed; the rest are still set). Errors besides:
 * INVALID_ARGUMENT (a NULL, not a JSON object: nothing is set). The evaluator's thread only. */
KADENZ_API kadenz_status kadenz_evaluator_set_json(kadenz_evaluator* evaluator, const char* record_json);

/* Drops what was set: the next set starts from every fact unset. Never needed between records
 * (evaluate ends a record). NULL is allowed (does nothing). The evaluator's thread only. */
KADENZ_API void kadenz_evaluator_reset(kadenz_evaluator* evaluator);

/* Decides the current record as of `as_of` and ends it. *decision_json receives the decision
 * (the caller's: kadenz_free_string) on KADENZ_OK (decided) and KADENZ_ERROR_RECORD (not
 * decided; "error" and kadenz_last_error() say why). Errors besides: INVALID_ARGUMENT (a NULL,
 * `as_of` not a date: the record stays as it is), NO_MEMORY. The evaluator's thread only. */
KADENZ_API kadenz_status kadenz_evaluator_evaluate(kadenz_evaluator* evaluator, const char* as_of,
                                                   char** decision_json);

/* ---- a caseload at once ---- */

/* Decides every record of a caseload given as CSV text (`length` bytes; `kadenz eval`'s input:
 * a header row of fact columns, `;`, `,` or tab separated, UTF-8 or Windows-1252) as of `as_of`,
 * and writes one row per record, in input order, decided or with its error: the CSV of
 * `kadenz eval` (KADENZ_ROWS_CSV, with its header row) or JSON Lines (KADENZ_ROWS_JSONL).
 * On KADENZ_OK *rows receives the rows and, if `summary_json` is not NULL, *summary_json
 * {"rows":N, "decided":N, "errors":N, "warned":N, "error_kinds":[{"kind":"…","rows":N}…],
 * "notes":["…"]} (new strings, the caller's: kadenz_free_string). Rows that are not decided do
 * not make the call fail: count them in the summary. `jobs` is the number of threads (0 or 1:
 * the calling thread only; at most the machine's cores are used); the rows are the same. The dates of the policy's validity are not checked: a host decides
 * for the day it gives. KADENZ_ERROR_CASELOAD if the text has no usable header or lacks a
 * required column (kadenz_last_error() says which). Errors besides: INVALID_ARGUMENT (a NULL, an
 * unknown format, `as_of` not a date), NO_MEMORY. Any thread, at once. */
KADENZ_API kadenz_status kadenz_evaluate_csv(const kadenz_policy* policy, const char* csv_text, size_t length,
                                             const char* as_of, kadenz_row_format format, unsigned jobs, char** rows,
                                             char** summary_json);

#ifdef __cplusplus
}
#endif

#endif /* KADENZ_KADENZ_H */
