/* The C API (kadenz/kadenz.h) tested from C11: compiling with and without errors, introspection,
 * one record as JSON and as pairs, the evaluator handle, a caseload as CSV text, NULL arguments,
 * and two threads sharing one policy. Run by ctest from the build directory; KADENZ_SOURCE_DIR
 * is the repository. The decisions checked here are worked out from the Coburg directive
 * (policies/coburg-land-2017.kadenz), the batch against the reviewed golden file of `kadenz eval`.
 */
#include <kadenz/kadenz.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

/* Counts a check; prints the failing line and the condition. Never stops the run. */
#define CHECK(cond)                                                    \
  do {                                                                 \
    ++checks;                                                          \
    if (!(cond)) {                                                     \
      ++failures;                                                      \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                  \
  } while (0)

/* Whether `text` (may be NULL) contains `part`. */
static int has(const char* text, const char* part) { return text != NULL && strstr(text, part) != NULL; }

/* Checks that `text` contains `part`, and shows the text when it does not. */
#define CHECK_HAS(text, part)                                                                    \
  do {                                                                                           \
    ++checks;                                                                                    \
    if (!has((text), (part))) {                                                                  \
      ++failures;                                                                                \
      fprintf(stderr, "%s:%d: `%s` not in: %s\n", __FILE__, __LINE__, (part), (text) ? (text) : "(null)"); \
    }                                                                                            \
  } while (0)

/* The path of a file of the repository (a static buffer: use it before the next call). */
static const char* source_path(const char* relative) {
  static char path[4096];
  snprintf(path, sizeof path, "%s/%s", KADENZ_SOURCE_DIR, relative);
  return path;
}

/* Reads a whole file into a malloc'd, NUL-terminated buffer; NULL if it cannot be read. */
static char* read_file(const char* path, size_t* length) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 1 << 16, n = 0;
  char* text = malloc(cap);
  size_t got;
  while (text != NULL && (got = fread(text + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n - 1 == 0) {
      char* bigger = realloc(text, cap * 2);
      if (bigger == NULL) {
        free(text);
        text = NULL;
        break;
      }
      text = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (text != NULL) text[n] = '\0';
  if (length != NULL) *length = n;
  return text;
}

/* The number of lines (LF-terminated) of a text. */
static size_t count_lines(const char* text) {
  size_t n = 0;
  for (; text != NULL && *text; ++text) n += *text == '\n';
  return n;
}

static kadenz_policy* coburg(const char* lang) {
  kadenz_compile_options* options = NULL;
  CHECK(kadenz_compile_options_new(&options) == KADENZ_OK);
  if (lang != NULL) CHECK(kadenz_compile_options_set_lang(options, lang) == KADENZ_OK);
  kadenz_policy* policy = NULL;
  CHECK(kadenz_compile_file(source_path("policies/coburg-land-2017.kadenz"), options, &policy, NULL, NULL) == KADENZ_OK);
  kadenz_compile_options_free(options);
  return policy;
}

/* K0001 of examples/caseload.csv: 36 years old on 2017-03-01, unemployed, close to the labour
 * market (§2.2.2: every 2 months), last seen 2017-01-10, German sufficient. */
static const char* const kRecord =
    "{\"id\":\"K0001\",\"birth_date\":\"1980-05-14\",\"status\":\"arbeitslos\",\"profile\":\"marktnah\","
    "\"bfm\":false,\"massnahme\":false,\"arbeitsunfaehig\":false,\"foerderung\":\"keine\",\"para10\":false,"
    "\"german_ok\":true,\"last_contact\":\"2017-01-10\",\"profiling_date\":\"02.11.2016\",\"extension_months\":null,"
    "\"extension_reason\":null,\"closer_months\":null}";

/* What K0001 decides as of 2017-03-01: code 2MM, due two months after the last contact. */
static void check_k0001(const char* decision) {
  CHECK_HAS(decision, "\"decided\":true");
  CHECK_HAS(decision, "\"code\":\"2MM\"");
  CHECK_HAS(decision, "\"interval_months\":2,");
  CHECK_HAS(decision, "\"next_due\":\"2017-03-10\"");
  CHECK_HAS(decision, "\"overdue\":false");
  CHECK_HAS(decision, "\"appointment_minutes\":30}");
  CHECK_HAS(decision, "\"rule\":\"marktnah\"");
  CHECK_HAS(decision, "\"source\":\"§2.2.2\"");
  CHECK_HAS(decision, "\"sections\":[\"§2.2.2\"]");
  CHECK_HAS(decision, "\"warnings\":[]");
  CHECK_HAS(decision, "\"error\":null");
}

static void test_version(void) {
  int major = -1, minor = -1, patch = -1;
  CHECK(sscanf(kadenz_version(), "%d.%d.%d", &major, &minor, &patch) == 3);
  CHECK(major >= 0 && minor >= 0 && patch >= 0);
  CHECK(strcmp(kadenz_last_error(), "") == 0);
}

static void test_compile(void) {
  kadenz_policy* policy = NULL;
  char* json = NULL;
  char* text = NULL;
  CHECK(kadenz_compile_file(source_path("policies/coburg-land-2017.kadenz"), NULL, &policy, &json, &text) == KADENZ_OK);
  CHECK(policy != NULL);
  CHECK_HAS(json, "\"errors\":0");
  CHECK(text != NULL && strcmp(text, "") == 0);
  CHECK(strcmp(kadenz_last_error(), "") == 0);
  kadenz_free_string(json);
  kadenz_free_string(text);
  kadenz_policy_free(policy);

  /* an unknown name on line 8 (the header is lines 1-2): the diagnostics point there, in JSON and in text */
  const char* bad =
      "policy \"Tiny\"\n"
      "  valid from 01.01.2017\n"
      "facts\n"
      "  id: text, key\n"
      "  age: int\n"
      "end\n"
      "\n"
      "output adult = agee >= 18\n";
  policy = (kadenz_policy*)1;
  CHECK(kadenz_compile_text("tiny.kadenz", bad, NULL, &policy, &json, &text) == KADENZ_ERROR_COMPILE);
  CHECK(policy == NULL);
  CHECK_HAS(json, "\"file\":\"tiny.kadenz\"");
  CHECK_HAS(json, "\"code\":\"unknown-name\"");
  CHECK_HAS(json, "\"line\":8,");
  CHECK_HAS(json, "\"errors\":1");
  CHECK_HAS(text, "tiny.kadenz:8:");
  CHECK_HAS(kadenz_last_error(), "agee");
  kadenz_free_string(json);
  kadenz_free_string(text);

  /* the same text fixed compiles, without asking for the diagnostics */
  const char* good =
      "policy \"Tiny\"\n"
      "  valid from 01.01.2017\n"
      "facts\n"
      "  id: text, key\n"
      "  age: int\n"
      "end\n"
      "\n"
      "output adult = age >= 18\n";
  CHECK(kadenz_compile_text("tiny.kadenz", good, NULL, &policy, NULL, NULL) == KADENZ_OK);
  char* decision = NULL;
  CHECK(kadenz_evaluate_json(policy, "{\"id\":\"a\",\"age\":17}", "2017-03-01", &decision) == KADENZ_OK);
  CHECK_HAS(decision, "\"adult\":false");
  kadenz_free_string(decision);
  kadenz_policy_free(policy);

  /* an unreadable file is I/O */
  CHECK(kadenz_compile_file(source_path("policies/no-such-file.kadenz"), NULL, &policy, &json, NULL) == KADENZ_ERROR_IO);
  CHECK(policy == NULL);
  CHECK_HAS(json, "\"code\":\"io\"");
  CHECK(strcmp(kadenz_last_error(), "") != 0);
  kadenz_free_string(json);
}

static void test_options(void) {
  kadenz_compile_options* options = NULL;
  CHECK(kadenz_compile_options_new(&options) == KADENZ_OK);
  CHECK(kadenz_compile_options_set_lang(options, "fr") == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_options_set_lang(options, "en") == KADENZ_OK);
  /* --set: a follow-up talk of 45 minutes in place of 30 (§2.1) */
  CHECK(kadenz_compile_options_add_set(options, "follow_up", "40 minutes") == KADENZ_OK);
  CHECK(kadenz_compile_options_add_set(options, "follow_up", "45 minutes") == KADENZ_OK); /* the last wins */
  kadenz_policy* policy = NULL;
  CHECK(kadenz_compile_file(source_path("policies/coburg-land-2017.kadenz"), options, &policy, NULL, NULL) == KADENZ_OK);
  char* decision = NULL;
  CHECK(kadenz_evaluate_json(policy, kRecord, "2017-03-01", &decision) == KADENZ_OK);
  CHECK_HAS(decision, "\"appointment_minutes\":45}");
  kadenz_free_string(decision);
  /* messages in English: a bad date's row error */
  CHECK(kadenz_evaluate_json(policy, "{\"birth_date\":\"14.13.1980\"}", "2017-03-01", &decision) == KADENZ_ERROR_RECORD);
  CHECK_HAS(decision, "birth_date: not a valid date");
  kadenz_free_string(decision);
  kadenz_policy_free(policy);

  /* a --set of a name the policy lacks is a compile error */
  CHECK(kadenz_compile_options_add_set(options, "nope", "1") == KADENZ_OK);
  char* json = NULL;
  CHECK(kadenz_compile_file(source_path("policies/coburg-land-2017.kadenz"), options, &policy, &json, NULL) ==
        KADENZ_ERROR_COMPILE);
  CHECK(policy == NULL);
  CHECK_HAS(json, "nope");
  kadenz_free_string(json);
  kadenz_compile_options_free(options);

  /* no file access: `extends` cannot read its base, whatever the path */
  CHECK(kadenz_compile_options_new(&options) == KADENZ_OK);
  CHECK(kadenz_compile_options_set_file_access(options, KADENZ_FILES_UNDER, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_options_set_file_access(options, KADENZ_FILES_NONE, NULL) == KADENZ_OK);
  const char* variant = "extends \"policies/coburg-land-2017.kadenz\"\n";
  CHECK(kadenz_compile_text(source_path("variant.kadenz"), variant, options, &policy, &json, NULL) == KADENZ_ERROR_IO);
  CHECK(policy == NULL);
  CHECK_HAS(json, "\"code\":\"io\"");
  kadenz_free_string(json);
  /* the same variant with relative access finds its base beside it */
  CHECK(kadenz_compile_options_set_file_access(options, KADENZ_FILES_RELATIVE, NULL) == KADENZ_OK);
  CHECK(kadenz_compile_text(source_path("variant.kadenz"), variant, options, &policy, NULL, NULL) == KADENZ_OK);
  CHECK(policy != NULL);
  kadenz_policy_free(policy);
  kadenz_compile_options_free(options);
}

static void test_describe(kadenz_policy* policy) {
  char* json = NULL;
  CHECK(kadenz_policy_describe_json(policy, &json) == KADENZ_OK);
  CHECK_HAS(json, "\"name\":\"Jobcenter Coburg Land: Kontaktdichte\"");
  CHECK_HAS(json, "\"valid_from\":\"2017-01-01\"");
  CHECK_HAS(json, "\"keyword_lang\":\"de\"");
  /* every fact of K0001's record, by name */
  const char* facts[] = {"id", "birth_date", "status", "profile", "bfm", "massnahme", "arbeitsunfaehig", "foerderung",
                         "para10", "german_ok", "last_contact", "profiling_date", "extension_months",
                         "extension_reason", "closer_months"};
  char quoted[64];
  for (size_t i = 0; i < sizeof facts / sizeof facts[0]; ++i) {
    snprintf(quoted, sizeof quoted, "{\"name\":\"%s\"", facts[i]);
    CHECK_HAS(json, quoted);
  }
  /* an enumeration with its values, a parameter with its value, an output */
  CHECK_HAS(json, "\"values\":[\"arbeitslos\",\"arbeitsuchend\",\"ohne_status\"]");
  CHECK_HAS(json, "{\"name\":\"follow_up\"");
  CHECK_HAS(json, "{\"name\":\"next_due\"");
  kadenz_free_string(json);
}

static void test_evaluate(kadenz_policy* policy) {
  char* decision = NULL;
  CHECK(kadenz_evaluate_json(policy, kRecord, "2017-03-01", &decision) == KADENZ_OK);
  check_k0001(decision);
  kadenz_free_string(decision);

  /* the German date of the decision day reads the same */
  CHECK(kadenz_evaluate_json(policy, kRecord, "01.03.2017", &decision) == KADENZ_OK);
  check_k0001(decision);
  kadenz_free_string(decision);

  /* a month later the same customer is overdue */
  CHECK(kadenz_evaluate_json(policy, kRecord, "2017-04-01", &decision) == KADENZ_OK);
  CHECK_HAS(decision, "\"overdue\":true");
  kadenz_free_string(decision);

  /* as pairs; NULL is an empty cell, as are facts not given */
  const char* names[] = {"id", "birth_date", "status", "profile", "bfm", "massnahme", "arbeitsunfaehig",
                         "foerderung", "para10", "german_ok", "last_contact", "profiling_date", "closer_months"};
  const char* values[] = {"K0001", "14.05.1980", "arbeitslos", "marktnah", "nein", "false", "0",
                          "keine", "false", "ja", "2017-01-10", "2016-11-02", NULL};
  const size_t count = sizeof names / sizeof names[0];
  CHECK(kadenz_evaluate_pairs(policy, names, values, count, "2017-03-01", &decision) == KADENZ_OK);
  check_k0001(decision);
  kadenz_free_string(decision);

  /* a bad value: not decided, the error names the fact (never the value) */
  values[1] = "1980-02-30";
  CHECK(kadenz_evaluate_pairs(policy, names, values, count, "2017-03-01", &decision) == KADENZ_ERROR_RECORD);
  CHECK_HAS(decision, "\"decided\":false");
  CHECK_HAS(decision, "\"error\":\"birth_date: ");
  CHECK_HAS(decision, "\"code\":null");
  CHECK_HAS(decision, "\"rule\":null");
  CHECK_HAS(kadenz_last_error(), "birth_date");
  CHECK(!has(decision, "1980-02-30"));
  kadenz_free_string(decision);
  values[1] = "14.05.1980";

  /* a name that is no fact, an array as a value: not decided */
  CHECK(kadenz_evaluate_json(policy, "{\"id\":\"x\",\"nope\":1}", "2017-03-01", &decision) == KADENZ_ERROR_RECORD);
  CHECK_HAS(decision, "\"decided\":false");
  CHECK_HAS(decision, "`nope`");
  kadenz_free_string(decision);
  CHECK(kadenz_evaluate_json(policy, "{\"id\":[1,2]}", "2017-03-01", &decision) == KADENZ_ERROR_RECORD);
  CHECK_HAS(decision, "\"error\":\"id: ");
  kadenz_free_string(decision);

  /* a missing fact: not decided */
  CHECK(kadenz_evaluate_json(policy, "{}", "2017-03-01", &decision) == KADENZ_ERROR_RECORD);
  CHECK_HAS(decision, "\"decided\":false");
  kadenz_free_string(decision);

  /* not a record, not a day: invalid arguments, no decision */
  decision = (char*)1;
  CHECK(kadenz_evaluate_json(policy, "[1]", "2017-03-01", &decision) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(decision == NULL);
  CHECK(kadenz_evaluate_json(policy, "{\"id\":", "2017-03-01", &decision) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_json(policy, kRecord, "2017-02-30", &decision) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK_HAS(kadenz_last_error(), "as_of");
  CHECK(decision == NULL);
}

static void test_evaluator(kadenz_policy* policy) {
  kadenz_evaluator* ev = NULL;
  CHECK(kadenz_evaluator_new(policy, &ev) == KADENZ_OK);
  char* decision = NULL;
  for (int round = 0; round < 3; ++round) {
    CHECK(kadenz_evaluator_set_json(ev, kRecord) == KADENZ_OK);
    CHECK(kadenz_evaluator_evaluate(ev, "2017-03-01", &decision) == KADENZ_OK);
    check_k0001(decision);
    kadenz_free_string(decision);
  }
  /* a record ends with its evaluate: nothing of K0001 is left */
  CHECK(kadenz_evaluator_evaluate(ev, "2017-03-01", &decision) == KADENZ_ERROR_RECORD);
  CHECK_HAS(decision, "\"decided\":false");
  kadenz_free_string(decision);

  /* set by name: the last value of a fact counts; a refused one fails the record */
  CHECK(kadenz_evaluator_set_json(ev, kRecord) == KADENZ_OK);
  CHECK(kadenz_evaluator_set(ev, "last_contact", "2016-12-01") == KADENZ_OK);
  CHECK(kadenz_evaluator_set(ev, "last_contact", "2017-02-01") == KADENZ_OK);
  CHECK(kadenz_evaluator_evaluate(ev, "2017-03-01", &decision) == KADENZ_OK);
  CHECK_HAS(decision, "\"next_due\":\"2017-04-01\"");
  kadenz_free_string(decision);

  CHECK(kadenz_evaluator_set_json(ev, kRecord) == KADENZ_OK);
  CHECK(kadenz_evaluator_set(ev, "status", "verschollen") == KADENZ_ERROR_RECORD);
  CHECK_HAS(kadenz_last_error(), "status");
  CHECK(kadenz_evaluator_set(ev, "nope", "1") == KADENZ_ERROR_RECORD);
  CHECK(kadenz_evaluator_evaluate(ev, "2017-03-01", &decision) == KADENZ_ERROR_RECORD);
  CHECK_HAS(decision, "\"error\":\"status: "); /* the first error is the one reported */
  kadenz_free_string(decision);

  /* the name first this time: its error is the record's */
  CHECK(kadenz_evaluator_set(ev, "nope", "1") == KADENZ_ERROR_RECORD);
  CHECK(kadenz_evaluator_set(ev, "status", "verschollen") == KADENZ_ERROR_RECORD);
  CHECK(kadenz_evaluator_evaluate(ev, "2017-03-01", &decision) == KADENZ_ERROR_RECORD);
  CHECK_HAS(decision, "`nope`");
  kadenz_free_string(decision);

  /* reset drops a failed record */
  CHECK(kadenz_evaluator_set(ev, "nope", "1") == KADENZ_ERROR_RECORD);
  kadenz_evaluator_reset(ev);
  CHECK(kadenz_evaluator_set_json(ev, kRecord) == KADENZ_OK);
  CHECK(kadenz_evaluator_evaluate(ev, "2017-03-01", &decision) == KADENZ_OK);
  check_k0001(decision);
  kadenz_free_string(decision);

  /* an evaluator outlives its policy handle */
  kadenz_policy* own = coburg(NULL);
  kadenz_evaluator* orphan = NULL;
  CHECK(kadenz_evaluator_new(own, &orphan) == KADENZ_OK);
  kadenz_policy_free(own);
  CHECK(kadenz_evaluator_set_json(orphan, kRecord) == KADENZ_OK);
  CHECK(kadenz_evaluator_evaluate(orphan, "2017-03-01", &decision) == KADENZ_OK);
  check_k0001(decision);
  kadenz_free_string(decision);
  kadenz_evaluator_free(orphan);
  kadenz_evaluator_free(ev);
}

static void test_batch(kadenz_policy* policy) {
  size_t length = 0;
  char* csv = read_file(source_path("examples/caseload.csv"), &length);
  char* golden = read_file(source_path("tests/golden/caseload.out.csv"), NULL);
  CHECK(csv != NULL && golden != NULL);
  if (csv == NULL || golden == NULL) return;
  const size_t records = count_lines(csv) - 1;
  char* rows = NULL;
  char* summary = NULL;
  CHECK(kadenz_evaluate_csv(policy, csv, length, "2017-03-01", KADENZ_ROWS_CSV, 1, &rows, &summary) == KADENZ_OK);
  /* one row per record, the same bytes as `kadenz eval` */
  CHECK(count_lines(rows) == records + 1);
  CHECK(rows != NULL && strcmp(rows, golden) == 0);
  /* the hand-worked counts of the example caseload (tests/test_coburg.cpp) */
  CHECK_HAS(summary, "\"rows\":137,\"decided\":112,\"errors\":25,");
  CHECK_HAS(summary, "\"error_kinds\":[{\"kind\":");
  kadenz_free_string(rows);
  kadenz_free_string(summary);

  /* a thousand jobs run on the machine's cores, with the same rows */
  CHECK(kadenz_evaluate_csv(policy, csv, length, "2017-03-01", KADENZ_ROWS_CSV, 1000, &rows, NULL) == KADENZ_OK);
  CHECK(rows != NULL && strcmp(rows, golden) == 0);
  kadenz_free_string(rows);

  /* JSON Lines on two threads: one object a record, in input order */
  CHECK(kadenz_evaluate_csv(policy, csv, length, "2017-03-01", KADENZ_ROWS_JSONL, 2, &rows, NULL) == KADENZ_OK);
  CHECK(count_lines(rows) == records);
  CHECK(rows != NULL && strncmp(rows, "{\"id\":\"K0001\",\"code\":\"2MM\"", 26) == 0);
  kadenz_free_string(rows);

  /* a caseload without a required column is refused, saying which */
  CHECK(kadenz_evaluate_csv(policy, "id,status\nK1,arbeitslos\n", 24, "2017-03-01", KADENZ_ROWS_CSV, 1, &rows, &summary) ==
        KADENZ_ERROR_CASELOAD);
  CHECK(rows == NULL && summary == NULL);
  CHECK_HAS(kadenz_last_error(), "birth_date");
  CHECK(kadenz_evaluate_csv(policy, csv, length, "2017-03-01", (kadenz_row_format)7, 1, &rows, NULL) ==
        KADENZ_ERROR_INVALID_ARGUMENT);
  free(csv);
  free(golden);
}

static void test_null_arguments(kadenz_policy* policy) {
  char* out = NULL;
  kadenz_policy* p = NULL;
  kadenz_evaluator* ev = NULL;
  kadenz_compile_options* options = NULL;
  const char* name = "id";
  const char* value = "x";
  CHECK(kadenz_compile_options_new(NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(strcmp(kadenz_last_error(), "") != 0);
  CHECK(kadenz_compile_options_set_lang(NULL, "en") == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_options_add_set(NULL, "a", "1") == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_options_set_file_access(NULL, KADENZ_FILES_NONE, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_options_new(&options) == KADENZ_OK);
  CHECK(strcmp(kadenz_last_error(), "") == 0); /* a success clears the last error */
  CHECK(kadenz_compile_options_add_set(options, NULL, "1") == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_options_add_set(options, "a", NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_options_set_file_access(options, (kadenz_file_access)9, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  kadenz_compile_options_free(options);
  CHECK(kadenz_compile_file(NULL, NULL, &p, &out, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(p == NULL && out == NULL);
  CHECK(kadenz_compile_file("x.kadenz", NULL, NULL, NULL, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_text(NULL, "", NULL, &p, NULL, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_text("x", NULL, NULL, &p, NULL, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_compile_text("x", "", NULL, NULL, NULL, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_policy_describe_json(NULL, &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_policy_describe_json(policy, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_json(NULL, "{}", "2017-03-01", &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_json(policy, NULL, "2017-03-01", &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_json(policy, "{}", NULL, &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_json(policy, "{}", "2017-03-01", NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK(kadenz_evaluate_pairs(NULL, &name, &value, 1, "2017-03-01", &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_pairs(policy, NULL, &value, 1, "2017-03-01", &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_pairs(policy, &name, NULL, 1, "2017-03-01", &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  const char* no_name = NULL;
  CHECK(kadenz_evaluate_pairs(policy, &no_name, &value, 1, "2017-03-01", &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_pairs(policy, &name, &value, 1, NULL, &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_pairs(policy, &name, &value, 1, "2017-03-01", NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL);
  /* no pairs at all is a record with every fact unset: not an argument error */
  CHECK(kadenz_evaluate_pairs(policy, NULL, NULL, 0, "2017-03-01", &out) == KADENZ_ERROR_RECORD);
  kadenz_free_string(out);
  out = NULL;
  CHECK(kadenz_evaluator_new(NULL, &ev) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(ev == NULL);
  CHECK(kadenz_evaluator_new(policy, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluator_set(NULL, "id", "x") == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluator_set_json(NULL, "{}") == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluator_evaluate(NULL, "2017-03-01", &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluator_new(policy, &ev) == KADENZ_OK);
  CHECK(kadenz_evaluator_set(ev, NULL, "x") == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluator_set_json(ev, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluator_set_json(ev, "\"id\"") == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluator_evaluate(ev, NULL, &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluator_evaluate(ev, "2017-03-01", NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL);
  kadenz_evaluator_free(ev);
  CHECK(kadenz_evaluate_csv(NULL, "id\n", 3, "2017-03-01", KADENZ_ROWS_CSV, 1, &out, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_csv(policy, NULL, 3, "2017-03-01", KADENZ_ROWS_CSV, 1, &out, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(kadenz_evaluate_csv(policy, "id\n", 3, NULL, KADENZ_ROWS_CSV, 1, &out, NULL) == KADENZ_ERROR_INVALID_ARGUMENT);
  out = (char*)1;
  CHECK(kadenz_evaluate_csv(policy, "id\n", 3, "2017-03-01", KADENZ_ROWS_CSV, 1, NULL, &out) == KADENZ_ERROR_INVALID_ARGUMENT);
  CHECK(out == NULL); /* every out-parameter is NULL after a failure */
  /* the free functions take NULL */
  kadenz_free_string(NULL);
  kadenz_policy_free(NULL);
  kadenz_evaluator_free(NULL);
  kadenz_compile_options_free(NULL);
  kadenz_evaluator_reset(NULL);
}

/* ---- two threads, two evaluators, one policy ---- */

struct worker {
  kadenz_policy* policy;
  const char* record; /* decided again and again */
  const char* as_of;
  int rounds;
  int wrong; /* decisions that differed from the first */
};

static void* work(void* arg) {
  struct worker* w = arg;
  kadenz_evaluator* ev = NULL;
  char* first = NULL;
  if (kadenz_evaluator_new(w->policy, &ev) != KADENZ_OK) {
    w->wrong = -1;
    return NULL;
  }
  for (int i = 0; i < w->rounds; ++i) {
    char* decision = NULL;
    if (kadenz_evaluator_set_json(ev, w->record) != KADENZ_OK ||
        kadenz_evaluator_evaluate(ev, w->as_of, &decision) != KADENZ_OK) {
      ++w->wrong;
    } else if (first == NULL) {
      first = decision;
      continue;
    } else if (strcmp(first, decision) != 0) {
      ++w->wrong;
    }
    kadenz_free_string(decision);
  }
  kadenz_free_string(first);
  kadenz_evaluator_free(ev);
  return NULL;
}

static void test_threads(kadenz_policy* policy) {
  struct worker a = {policy, kRecord, "2017-03-01", 2000, 0};
  struct worker b = {policy, kRecord, "2017-04-01", 2000, 0}; /* another day: overdue */
  pthread_t ta, tb;
  CHECK(pthread_create(&ta, NULL, work, &a) == 0);
  CHECK(pthread_create(&tb, NULL, work, &b) == 0);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  CHECK(a.wrong == 0);
  CHECK(b.wrong == 0);
  /* and their decisions are those of one thread */
  char* decision = NULL;
  CHECK(kadenz_evaluate_json(policy, kRecord, "2017-04-01", &decision) == KADENZ_OK);
  CHECK_HAS(decision, "\"overdue\":true");
  kadenz_free_string(decision);
}

int main(void) {
  test_version();
  test_compile();
  test_options();
  kadenz_policy* policy = coburg(NULL);
  CHECK(policy != NULL);
  if (policy != NULL) {
    test_describe(policy);
    test_evaluate(policy);
    test_evaluator(policy);
    test_batch(policy);
    test_null_arguments(policy);
    test_threads(policy);
  }
  kadenz_policy_free(policy);
  printf("%d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
