"""The Python package `kadenz` against the command it wraps: every decision, workload and what-if
figure is compared with what `kadenz eval|workload|whatif` prints for the same data, so nothing
here is a hard-coded result. Run by ctest (python_kadenz) with PYTHONPATH at the built package,
KADENZ_SOURCE_DIR at the repository and KADENZ_CLI at the built `kadenz`."""

import datetime as dt
import io
import json
import os
import subprocess
import unittest

import numpy as np
import pandas as pd

import kadenz

SOURCE = os.environ.get("KADENZ_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("KADENZ_CLI", os.path.join(SOURCE, "build", "kadenz"))
POLICY = os.path.join(SOURCE, "policies", "coburg-land-2017.kadenz")
VARIANT = os.path.join(SOURCE, "examples", "whatif", "marktnah-monatlich.kadenz")
CASELOAD = os.path.join(SOURCE, "examples", "caseload.csv")
AS_OF = "2017-03-01"


# A policy with one mistake, on line 7: `agee` for `age`.
BROKEN = """policy "broken"
  valid from 2017-01-01
facts
  id: text, key
  age: int
end
output x = agee + 1
"""


def cli(*args):
    """Standard output of `kadenz ARGS` (exit 0 or 1: 1 means some rows are errors)."""
    run = subprocess.run([CLI, *args], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise AssertionError(f"kadenz {' '.join(args)} failed ({run.returncode}): {run.stderr}")
    return run.stdout


def as_text(value):
    """A typed result cell as `kadenz eval` prints it ('' for a missing value)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def eval_csv(path=CASELOAD, as_of=AS_OF, policy=POLICY):
    """`kadenz eval` of a caseload file, every cell as text."""
    return pd.read_csv(io.StringIO(cli("eval", policy, path, "--as-of", as_of)), dtype=str, keep_default_na=False)


def first_row(**changes):
    """A one-row DataFrame: the caseload's first customer, with some cells replaced."""
    df = pd.read_csv(CASELOAD, dtype=str, keep_default_na=False).iloc[[0]].reset_index(drop=True)
    for k, v in changes.items():
        df[k] = pd.Series([v], dtype=object)
    return df


class CompileTest(unittest.TestCase):
    def test_introspection_names_what_the_policy_reads_and_gives(self):
        policy = kadenz.compile(POLICY)
        header = pd.read_csv(CASELOAD, dtype=str, nrows=0).columns.tolist()
        # every column of the shipped caseload is a fact's column, and every fact is read from one
        self.assertEqual(sorted(f.column for f in policy.facts), sorted(header))
        keys = [f.name for f in policy.facts if f.is_key]
        self.assertEqual(len(keys), 1)
        # the enumeration values are those the policy text declares
        with open(POLICY, encoding="utf-8") as f:
            text = f.read()
        for fact in policy.facts:
            if fact.kind == "enumeration":
                self.assertTrue(fact.values)
                for v in fact.values:
                    self.assertIn(v, text)
        # outputs are the columns `kadenz eval` prints between the key and rule
        printed = eval_csv().columns.tolist()
        self.assertEqual([o.name for o in policy.outputs], printed[1:printed.index("rule")])
        # the header: `gültig ab 01.01.2017` in the policy text
        self.assertEqual(policy.header["valid_from"], dt.date(2017, 1, 1))
        # describe_json() is the same description, as the dict of its JSON document
        described = policy.describe_json()
        self.assertEqual([f["name"] for f in described["facts"]], [f.name for f in policy.facts])

    def test_parameters_report_their_value_after_set(self):
        usual = {p.name: p.value for p in kadenz.compile(POLICY).parameters}
        changed = {p.name: p.value for p in kadenz.compile(POLICY, set={"prep_minutes": "25 minutes"}).parameters}
        self.assertIn("10", usual["prep_minutes"])
        self.assertIn("25", changed["prep_minutes"])
        self.assertEqual({k: v for k, v in usual.items() if k != "prep_minutes"},
                         {k: v for k, v in changed.items() if k != "prep_minutes"})

    def test_an_empty_dataframe_gives_an_empty_result_with_the_columns(self):
        policy = kadenz.compile(POLICY)
        empty = pd.read_csv(CASELOAD, dtype=str, keep_default_na=False).iloc[0:0]
        result = policy.evaluate(empty, as_of=AS_OF)
        self.assertEqual(len(result), 0)
        for name in [o.name for o in policy.outputs] + ["rule", "source", "warnings", "error"]:
            self.assertIn(name, result.columns)

    def test_file_and_text_compile_to_the_same_policy(self):
        from_file = kadenz.compile(POLICY)
        with open(POLICY, encoding="utf-8") as f:
            from_text = kadenz.compile(f.read())
        self.assertEqual(from_file.name, from_text.name)
        self.assertEqual([o.name for o in from_file.outputs], [o.name for o in from_text.outputs])
        self.assertIn("Coburg", from_file.name)

    def test_errors_raise_compile_error_with_diagnostics(self):
        text = BROKEN
        with self.assertRaises(kadenz.CompileError) as caught:
            kadenz.compile(text, name="broken.kadenz")
        e = caught.exception
        self.assertTrue(e.diagnostics)
        d = e.diagnostics[0]
        self.assertEqual(set(d) >= {"file", "line", "column", "code", "message", "help"}, True)
        self.assertEqual(d["file"], "broken.kadenz")
        self.assertEqual(len(e.diagnostics), 1, e.diagnostics)
        self.assertEqual((d["line"], d["column"], d["code"]), (7, 12, "unknown-name"))
        self.assertEqual(d["severity"], "error")
        self.assertIn("agee", d["message"])
        self.assertIn("broken.kadenz:7:12", str(e))  # the rendered text, as kadenz check prints it

    def test_missing_file_is_a_compile_error(self):
        with self.assertRaises(kadenz.CompileError) as caught:
            kadenz.compile(os.path.join(SOURCE, "no-such-policy.kadenz"))
        self.assertTrue(caught.exception.diagnostics)

    def test_messages_in_the_language_asked_for(self):
        text = BROKEN
        messages = {}
        for lang in ("en", "de"):
            with self.assertRaises(kadenz.CompileError) as caught:
                kadenz.compile(text, lang=lang)
            messages[lang] = caught.exception.diagnostics[0]["message"]
        self.assertNotEqual(messages["en"], messages["de"])
        with self.assertRaises(ValueError):
            kadenz.compile(POLICY, lang="fr")


class EvaluateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.policy = kadenz.compile(POLICY)
        cls.want = eval_csv()

    def assert_same_as_cli(self, got, want):
        self.assertEqual(len(got), len(want))
        columns = [o.name for o in self.policy.outputs] + ["rule", "source", "warnings", "error"]
        self.assertEqual(list(got.columns), columns)
        self.assertEqual(list(want.columns[1:]), columns)  # kadenz eval leads with the key
        for i in range(len(want)):
            for c in columns:
                self.assertEqual(as_text(got[c].iloc[i]), want[c].iloc[i], f"row {i} ({want.iloc[i, 0]}), {c}")

    def test_every_row_of_the_example_as_kadenz_eval(self):
        df = pd.read_csv(CASELOAD)  # pandas' own types: bool, float with NaN, object
        got = self.policy.evaluate(df, as_of=AS_OF)
        self.assert_same_as_cli(got, self.want)
        self.assertGreater(got["error"].notna().sum(), 0)  # the example has bad rows: they are compared too
        self.assertGreater(got["warnings"].notna().sum(), 0)

    def test_text_cells_decide_the_same(self):
        df = pd.read_csv(CASELOAD, dtype=str, keep_default_na=False)
        self.assert_same_as_cli(self.policy.evaluate(df, as_of=AS_OF), self.want)

    def test_typed_outputs(self):
        got = self.policy.evaluate(pd.read_csv(CASELOAD), as_of=AS_OF)
        kinds = {o.name: o.kind for o in self.policy.outputs}
        for name, kind in kinds.items():
            if kind == "date":
                self.assertTrue(pd.api.types.is_datetime64_dtype(got[name]), name)
            elif kind == "integer":
                self.assertEqual(str(got[name].dtype), "Int64", name)
            elif kind == "boolean":
                self.assertEqual(str(got[name].dtype), "boolean", name)
        self.assertIn("date", kinds.values())  # the Coburg policy has each of these kinds
        self.assertIn("integer", kinds.values())
        self.assertIn("boolean", kinds.values())

    def test_rows_keep_input_order_and_index(self):
        df = pd.read_csv(CASELOAD)
        shuffled = df.sample(frac=1, random_state=7)
        shuffled.index = [f"r{i}" for i in shuffled.index]
        got = self.policy.evaluate(shuffled, as_of=AS_OF)
        self.assertEqual(list(got.index), list(shuffled.index))
        want = self.want.iloc[[int(i[1:]) for i in shuffled.index]].reset_index(drop=True)
        self.assert_same_as_cli(got.reset_index(drop=True), want)

    def test_threads_do_not_change_the_result(self):
        big = pd.concat([pd.read_csv(CASELOAD)] * 700, ignore_index=True)  # 95,900 rows: several chunks
        one = self.policy.evaluate(big, as_of=AS_OF, jobs=1)
        two = self.policy.evaluate(big, as_of=AS_OF, jobs=2)
        pd.testing.assert_frame_equal(one, two)
        pd.testing.assert_frame_equal(one.iloc[137:274].reset_index(drop=True), one.iloc[:137])

    def test_dates_in_several_forms(self):
        iso = first_row()
        want = self.policy.evaluate(iso, as_of=AS_OF)
        self.assertTrue(want["error"].isna().all())
        birth, last = "1980-05-14", "2017-01-10"
        forms = {
            "German text": ("14.05.1980", "10.01.2017"),
            "date objects": (dt.date(1980, 5, 14), dt.date(2017, 1, 10)),
            "datetime objects": (dt.datetime(1980, 5, 14, 8, 30), dt.datetime(2017, 1, 10)),
            "Timestamps": (pd.Timestamp(birth), pd.Timestamp(last)),
        }
        self.assertEqual((iso["birth_date"][0], iso["last_contact"][0]), (birth, last))
        for form, (b, l) in forms.items():
            got = self.policy.evaluate(first_row(birth_date=b, last_contact=l), as_of=AS_OF)
            pd.testing.assert_frame_equal(got, want, obj=form)
        as_datetime64 = iso.copy()
        as_datetime64["birth_date"] = pd.to_datetime(as_datetime64["birth_date"])
        as_datetime64["last_contact"] = pd.to_datetime(as_datetime64["last_contact"]).dt.tz_localize("Europe/Berlin")
        self.assertTrue(pd.api.types.is_datetime64_any_dtype(as_datetime64["birth_date"]))
        pd.testing.assert_frame_equal(self.policy.evaluate(as_datetime64, as_of=AS_OF), want)

    def test_as_of_in_several_forms(self):
        df = pd.read_csv(CASELOAD)
        want = self.policy.evaluate(df, as_of=AS_OF)
        for as_of in ("01.03.2017", dt.date(2017, 3, 1), dt.datetime(2017, 3, 1, 12), pd.Timestamp(AS_OF),
                      np.datetime64(AS_OF)):
            pd.testing.assert_frame_equal(self.policy.evaluate(df, as_of=as_of), want, obj=repr(as_of))
        later = self.policy.evaluate(df, as_of="2017-06-01")
        self.assertFalse(later["overdue"].equals(want["overdue"]))  # as_of is really used
        with self.assertRaises(ValueError):
            self.policy.evaluate(df, as_of="1. März")

    def test_empty_cells_in_every_spelling(self):
        # last_contact is `datum oder leer`: empty means no first interview yet
        want = self.policy.evaluate(first_row(last_contact=""), as_of=AS_OF)
        self.assertTrue(want["error"].isna().all())
        self.assertEqual(want["next_due"][0], pd.Timestamp(AS_OF))
        for empty in (None, np.nan, pd.NaT, pd.NA):
            got = self.policy.evaluate(first_row(last_contact=empty), as_of=AS_OF)
            pd.testing.assert_frame_equal(got, want, obj=repr(empty))
        dates = first_row()
        dates["last_contact"] = pd.Series([pd.NaT], dtype="datetime64[ns]")
        pd.testing.assert_frame_equal(self.policy.evaluate(dates, as_of=AS_OF), want)
        # extension_months has a default (0 months): NaN in a float column takes it
        numbers = first_row()
        numbers["extension_months"] = pd.Series([np.nan], dtype=float)
        self.assertTrue(self.policy.evaluate(numbers, as_of=AS_OF)["error"].isna().all())
        # birth_date is required: empty is the row's error
        missing = self.policy.evaluate(first_row(birth_date=None), as_of=AS_OF)
        self.assertIn("birth_date", missing["error"][0])

    def test_a_bad_value_is_the_rows_error(self):
        df = pd.concat([first_row(), first_row(birth_date="kein Datum"), first_row(bfm="vielleicht"),
                        first_row(status=12)], ignore_index=True)
        got = self.policy.evaluate(df, as_of=AS_OF)
        self.assertTrue(pd.isna(got["error"][0]))
        for i, fact in ((1, "birth_date"), (2, "bfm"), (3, "status")):
            self.assertIn(fact, got["error"][i])
            self.assertTrue(got.iloc[i][[o.name for o in self.policy.outputs]].isna().all())
        self.assertTrue(got.iloc[0][[o.name for o in self.policy.outputs]].notna().all())

    def test_bool_columns(self):
        want = self.policy.evaluate(first_row(), as_of=AS_OF)
        df = first_row()
        for c in ("bfm", "massnahme", "arbeitsunfaehig", "para10", "german_ok"):
            df[c] = df[c] == "true"
        self.assertEqual(df["german_ok"].dtype, bool)
        pd.testing.assert_frame_equal(self.policy.evaluate(df, as_of=AS_OF), want)
        yes_no = first_row(bfm="nein", german_ok="ja")
        pd.testing.assert_frame_equal(self.policy.evaluate(yes_no, as_of=AS_OF), want)
        nullable = df.astype({"german_ok": "boolean"})
        nullable.loc[0, "german_ok"] = pd.NA
        self.assertIn("german_ok", self.policy.evaluate(nullable, as_of=AS_OF)["error"][0])

    def test_a_missing_required_column_is_refused(self):
        with self.assertRaises(KeyError):
            self.policy.evaluate(pd.read_csv(CASELOAD).drop(columns=["birth_date"]), as_of=AS_OF)

    def test_as_of_outside_the_validity(self):
        df = pd.read_csv(CASELOAD)
        with self.assertRaises(ValueError):
            self.policy.evaluate(df, as_of="2016-03-01")
        got = self.policy.evaluate(df, as_of="2016-03-01", force=True)
        self.assertEqual(len(got), len(df))


def without_files(report):
    """A report's JSON without the file names (the package reads no file; the CLI names its inputs)."""
    report = json.loads(json.dumps(report))
    for side in ("policy", "base", "variant", "caseload"):
        if isinstance(report.get(side), dict):
            report[side].pop("file", None)
    if isinstance(report.get("run"), dict):
        report["run"].pop("generated_at", None)  # the time of the run: two runs may differ
    return report


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.policy = kadenz.compile(POLICY)
        cls.variant = kadenz.compile(VARIANT)
        cls.df = pd.read_csv(CASELOAD)

    def test_workload_figures_equal_the_clis(self):
        want = json.loads(cli("workload", POLICY, CASELOAD, "--as-of", AS_OF, "--format", "json"))
        got = self.policy.workload(self.df, as_of=AS_OF)
        self.assertEqual(without_files(got), without_files(want))
        self.assertGreater(got["workload"]["customers"], 0)
        cats = got.categories
        self.assertEqual(list(cats.index), [c["name"] for c in want["workload"]["categories"]])
        self.assertEqual(int(cats["customers"].sum()), want["workload"]["customers"])
        self.assertEqual(len(got.forecast), len(want["workload"]["forecast"]))
        self.assertTrue(got.text)
        self.assertIn("<html", got.html.lower())

    def test_workload_with_a_parameter_set(self):
        cheap = kadenz.compile(POLICY, set={"prep_minutes": "0 minutes"}).workload(self.df, as_of=AS_OF)
        usual = self.policy.workload(self.df, as_of=AS_OF)
        self.assertEqual(cheap["workload"]["preparation_hours_per_month"], 0)
        self.assertGreater(usual["workload"]["preparation_hours_per_month"], 0)

    def test_repeated_ids_are_refused_like_the_cli(self):
        with self.assertRaises(ValueError) as caught:
            self.policy.workload(pd.concat([self.df, self.df.iloc[:1]]), as_of=AS_OF)
        self.assertIn(self.df["id"][0], str(caught.exception))

    def test_whatif_figures_equal_the_clis(self):
        want = json.loads(cli("whatif", POLICY, VARIANT, CASELOAD, "--as-of", AS_OF, "--format", "json"))
        got = kadenz.whatif(self.policy, self.variant, self.df, as_of=AS_OF)
        self.assertEqual(without_files(got), without_files(want))
        self.assertGreater(got["moved"], 0)
        m = got.matrix
        self.assertEqual(int(m.to_numpy().sum()), len(self.df))
        self.assertEqual(list(m.index), want["matrix"]["categories"])
        self.assertEqual(int(got.moves["count"].sum()), sum(mv["count"] for mv in want["moves"]))


if __name__ == "__main__":
    unittest.main()
