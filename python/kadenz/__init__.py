"""kadenz for analysts: compile a contact-density policy, decide a pandas DataFrame of customers
with it, and compare policies on a caseload.

    import kadenz, pandas as pd
    policy = kadenz.compile("policies/coburg-land-2017.kadenz")
    decisions = policy.evaluate(pd.read_csv("examples/caseload.csv"), as_of="2017-03-01")

The work is done by the C++ library through the extension module ``kadenz._kadenz``; see
docs/api.md for a walk-through.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import math as _math
import os as _os
import re as _re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as _np

from . import _kadenz

__all__ = ["compile", "Policy", "CompileError", "whatif", "Fact", "Output", "Parameter"]


class CompileError(Exception):
    """The policy did not compile. ``diagnostics`` lists every message as a dict (file, line,
    column, severity, code, message, label, help, section); ``text`` is the rendering that
    ``kadenz check`` prints; ``str(error)`` is that text."""

    def __init__(self, text: str, diagnostics: List[Dict[str, Any]]):
        super().__init__(text)
        self.text = text
        self.diagnostics = diagnostics


def _looks_like_path(s: str) -> bool:
    # Policy text has keywords on several lines; a path is one line naming an existing file or
    # ending in .kadenz.
    return "\n" not in s and (s.endswith(".kadenz") or _os.path.isfile(s))


def compile(path_or_text: Union[str, _os.PathLike], *, set: Optional[Mapping[str, str]] = None,
            lang: Optional[str] = None, name: Optional[str] = None) -> "Policy":
    """Compiles a policy from a file path (str or os.PathLike) or from policy text.

    ``set`` replaces parameter values like ``kadenz --set NAME=VALUE`` (``{"prep_minutes": "15
    minutes"}``); ``lang`` ("en" or "de") chooses the language of messages, by default the
    policy's keyword language. ``name`` names policy text in messages (default "<string>");
    ``extends`` in text resolves relative to the current directory.

    Raises CompileError (with the diagnostics) if the policy has errors; an unreadable file is
    a CompileError too. Warnings of a policy that compiles are in ``Policy.diagnostics``.
    """
    pairs = [(str(k), str(v)) for k, v in (set or {}).items()]
    if isinstance(path_or_text, _os.PathLike):
        path_or_text = _os.fspath(path_or_text)
    if not isinstance(path_or_text, str):
        raise TypeError("compile() takes a path or policy text (str)")
    is_file = _looks_like_path(path_or_text)
    label = path_or_text if is_file else (name or "<string>")
    policy, diagnostics, text = _kadenz.compile(label, path_or_text, is_file, pairs, lang)
    if policy is None:
        raise CompileError(text, diagnostics)
    result = Policy(policy, diagnostics, text, source=label)
    result._compiled_from = (path_or_text, dict(set or {}), name)
    return result


# ---- introspection -------------------------------------------------------------------------

class _Record:
    """A small read-only record; ``to_dict()`` gives its fields as a dict."""

    _fields: Sequence[str] = ()

    def __init__(self, **values: Any):
        for f in self._fields:
            object.__setattr__(self, f, values.get(f))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def to_dict(self) -> Dict[str, Any]:
        return {f: getattr(self, f) for f in self._fields}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_dict() == other.to_dict()  # type: ignore[union-attr]

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({inner})"


class Fact(_Record):
    """A fact the policy reads: ``name``; ``column`` (the caseload/DataFrame column); ``type``
    (as the policy writes it, e.g. "datum oder leer"); ``kind`` (boolean, integer, duration,
    date, text, enumeration); ``unit`` (integer kinds: "months", "minutes" ...); ``values``
    (enumeration values, in order); ``may_be_empty``; ``default`` (text as the policy writes
    it, or None); ``is_key``."""

    _fields = ("name", "column", "type", "kind", "unit", "values", "may_be_empty", "default", "is_key")


class Output(_Record):
    """An output of every decision: ``name``, ``type``, ``kind``, ``unit``, ``values``."""

    _fields = ("name", "type", "kind", "unit", "values")


class Parameter(_Record):
    """A parameter (after ``set=``): ``name``, ``type``, ``kind``, ``unit``, ``value`` (as a
    policy would write it)."""

    _fields = ("name", "type", "kind", "unit", "value")


def _cell_text(v: Any) -> Optional[str]:
    """A cell of an object column as the text a caseload CSV would hold; None is empty."""
    import pandas as pd

    if v is None or v is pd.NaT:
        return None
    if isinstance(v, (bool, _np.bool_)):
        return "true" if v else "false"
    if isinstance(v, (int, _np.integer)):
        return str(int(v))
    if isinstance(v, (float, _np.floating)):
        if _math.isnan(v):
            return None
        return str(int(v)) if float(v).is_integer() and abs(v) < 9e15 else repr(float(v))
    if isinstance(v, _np.datetime64):
        return None if _np.isnat(v) else str(v.astype("datetime64[D]"))
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode("utf-8")
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


_ISO = _re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_GERMAN = _re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def _as_of(value: Any) -> _dt.date:
    """as_of given as a date, datetime, pandas Timestamp, numpy datetime64 or text (ISO or
    German DD.MM.YYYY); None: today."""
    if value is None:
        return _dt.date.today()
    if isinstance(value, _np.datetime64):
        if _np.isnat(value):
            raise ValueError("as_of is NaT")
        value = value.astype("datetime64[D]").item()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        m = _ISO.match(value)
        if m:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _GERMAN.match(value)
        if m:
            return _dt.date(int(m[3]), int(m[2]), int(m[1]))
        raise ValueError(f"as_of: `{value}` is not a date (YYYY-MM-DD or DD.MM.YYYY)")
    raise TypeError(f"as_of must be a date or a date text, not {type(value).__name__}")


def _column_spec(series: Any) -> tuple:
    """(kind, numpy array) for one DataFrame column, read once by the extension module."""
    import pandas as pd
    from pandas.api import types as pt

    dtype = series.dtype
    if pt.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            series = series.dt.tz_localize(None)
        # straight to days, whatever the column's unit: a pandas 2 column in [s] or [ms] may hold
        # dates past 2262 (9999-12-31) that a detour through [ns] would wrap
        days = series.to_numpy().astype("datetime64[D]").view(_np.int64)
        return "days", _np.ascontiguousarray(days)
    if pt.is_bool_dtype(dtype):
        if isinstance(dtype, pd.BooleanDtype):
            arr = series.astype("Int8").to_numpy(dtype=_np.int8, na_value=-1)
        else:
            arr = series.to_numpy(dtype=_np.bool_).view(_np.int8)
        return "bool", _np.ascontiguousarray(arr)
    if pt.is_integer_dtype(dtype) and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return "int", _np.ascontiguousarray(series.to_numpy(dtype=_np.int64))
    if pt.is_float_dtype(dtype) and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return "real", _np.ascontiguousarray(series.to_numpy(dtype=_np.float64))
    # object, string, category, nullable integers ...: one Python object a cell
    arr = series.to_numpy(dtype=object, na_value=None) if isinstance(dtype, pd.api.extensions.ExtensionDtype) \
        else series.to_numpy(dtype=object)
    return "object", _np.ascontiguousarray(arr)


def _typed_column(column: tuple, values: Sequence[str]) -> Any:
    """An output column from the extension module: integer -> Int64, boolean -> boolean, date ->
    datetime64[ns], enumeration -> category (its declared values), else object (str, None)."""
    import pandas as pd

    mode, data, extra = column
    if mode == "integer":
        return pd.arrays.IntegerArray(data, extra)
    if mode == "boolean":
        return pd.arrays.BooleanArray(data.astype(_np.bool_), extra)
    if mode == "date":
        days = data.astype("datetime64[D]")
        days[extra] = _np.datetime64("NaT")
        # pandas holds nanoseconds: 1677-09-22 .. 2262-04-11; numpy would wrap around silently
        if ((data[~extra] < -106_740) | (data[~extra] > 106_740)).any():
            return _np.array([None if m else d.item() for d, m in zip(days, extra)], dtype=object)
        return days.astype("datetime64[ns]")
    if mode == "enumeration":
        codes = _np.where(extra, -1, data).astype(_np.int32)
        return pd.Categorical.from_codes(codes, categories=list(values))
    texts = extra
    table = _np.empty(len(texts) + 1, dtype=object)
    table[: len(texts)] = texts
    return table[data]  # code -1 takes the last entry: None


# ---- Policy ----------------------------------------------------------------------------------

class Policy:
    """A compiled policy: immutable, cheap to keep, usable from any thread. Made by compile().

    ``name``, ``header`` (dict: name, document, issued, valid_from, valid_until as dates or
    None, keyword_lang), ``facts`` (list of Fact), ``outputs`` (list of Output), ``parameters``
    (list of Parameter), ``diagnostics`` (warnings and notes of the compile, as dicts) and
    ``lang`` (the language of its messages)."""

    def __init__(self, raw: Any, diagnostics: List[Dict[str, Any]], diagnostics_text: str, source: str):
        self._raw = raw
        self.diagnostics = diagnostics
        self.diagnostics_text = diagnostics_text
        self.source = source
        d = raw.describe()
        self.header: Dict[str, Any] = d["header"]
        self.facts: List[Fact] = [Fact(**f) for f in d["facts"]]
        self.outputs: List[Output] = [Output(**o) for o in d["outputs"]]
        self.parameters: List[Parameter] = [Parameter(**p) for p in d["parameters"]]
        self._describe_json: str = d.get("json", "")
        self._compiled_from: Optional[tuple] = None  # compile()'s arguments, to compile again in another language

    @property
    def name(self) -> str:
        return self._raw.name

    @property
    def lang(self) -> str:
        return self._raw.lang

    def describe_json(self) -> Dict[str, Any]:
        """The policy's description as the library's JSON document (Policy::describe_json)."""
        return _json.loads(self._describe_json) if self._describe_json else {}

    def __repr__(self) -> str:
        return f"<kadenz.Policy {self.name!r}: {len(self.facts)} facts, {len(self.outputs)} outputs>"

    # -- evaluate --

    def _columns(self, df: Any) -> List[tuple]:
        """(fact name, kind, array) for every fact whose column the DataFrame has. Raises
        KeyError if a fact that is neither `or empty` nor has a default has no column (kadenz
        eval refuses such a caseload too)."""
        spec, missing = [], []
        for f in self.facts:
            if f.column in df.columns:
                kind, arr = _column_spec(df[f.column])
                spec.append((f.name, kind, arr))
            elif not f.may_be_empty and f.default is None:
                missing.append(f.column)
        if missing:
            raise KeyError(f"the DataFrame has no column for the fact(s) {', '.join(missing)} "
                           f"(columns: {', '.join(map(str, df.columns))})")
        return spec

    def _check_validity(self, as_of: _dt.date, force: bool) -> None:
        if force:
            return
        frm, until = self.header.get("valid_from"), self.header.get("valid_until")
        if (frm and as_of < frm) or (until and as_of > until):
            raise ValueError(f"as_of {as_of.isoformat()} is outside the validity of `{self.name}` "
                             f"({frm or '…'} to {until or '…'}); pass force=True to evaluate anyway")

    def evaluate(self, df: Any, as_of: Any = None, *, jobs: Optional[int] = None, force: bool = False) -> Any:
        """Decides every row of ``df`` (a pandas DataFrame) as of ``as_of`` (date, datetime,
        Timestamp, datetime64 or "YYYY-MM-DD"/"DD.MM.YYYY"; None: today).

        Columns are found by the facts' column names; other columns are ignored. Cells may be
        str (read like a caseload CSV cell), bool, int, float, dates (datetime64, date, datetime,
        Timestamp) or missing (None, NaN, NaT, "": empty, a default, or the row's error).

        Returns a DataFrame with ``df``'s index, rows in input order: one column per output
        (integers as Int64, booleans as boolean, dates as datetime64, enumerations as category,
        texts as str), then ``rule``, ``source`` (the directive's sections, "; "-joined),
        ``warnings`` ("; "-joined) and ``error``; missing values are None/<NA>/NaT. A row that
        cannot be decided (a bad value, a failed check) has its ``error`` and no outputs, never an
        exception. ``jobs`` threads decide (default: all cores); the result does not depend on it.
        Raises KeyError for a required fact without a column, ValueError for an as_of outside
        the policy's validity unless ``force``.
        """
        import pandas as pd

        day = _as_of(as_of)
        self._check_validity(day, force)
        spec = self._columns(df)
        jobs = jobs or _os.cpu_count() or 1
        decided, columns = _kadenz.evaluate(self._raw, spec, len(df), (day.year, day.month, day.day), int(jobs),
                                            _cell_text)
        data: Dict[str, Any] = {}
        for o, column in zip(self.outputs, columns):
            data[o.name] = _typed_column(column, o.values or ())
        for name, column in zip(("rule", "source", "warnings", "error"), columns[len(self.outputs):]):
            data[name] = _typed_column(column, ())
        return pd.DataFrame(data, index=df.index, copy=False)

    # -- workload and what-if --

    def _caseload_csv(self, df: Any, *others: "Policy") -> str:
        """The fact columns of ``df`` (of this policy and ``others``) as caseload CSV text, each
        cell written as evaluate() reads it."""
        import pandas as pd
        from pandas.api import types as pt

        columns: List[str] = []
        for p in (self, *others):
            p._columns(df)  # raises KeyError for a missing required column
            columns += [f.column for f in p.facts if f.column in df.columns and f.column not in columns]
        out = {}
        for column in columns:
            s = df[column]
            if pt.is_datetime64_any_dtype(s.dtype):
                out[column] = s.dt.strftime("%Y-%m-%d").fillna("")
            else:
                out[column] = [("" if t is None else t) for t in map(_cell_text, s.to_numpy(dtype=object))]
        return pd.DataFrame(out, index=range(len(df))).to_csv(index=False, lineterminator="\n")

    def workload(self, df: Any, as_of: Any = None, *, jobs: Optional[int] = None, force: bool = False) -> "Report":
        """The workload report of ``df`` (as ``kadenz workload --format json`` gives it for the
        same rows): a Report, i.e. the JSON as a dict, with ``.text``, ``.html`` and DataFrames
        (``.categories``, ``.forecast``, ``.error_kinds``). Raises ValueError if the policy has no
        workload block or the figures cannot be formed; KeyError for a missing required column."""
        day = _as_of(as_of)
        self._check_validity(day, force)
        r = _kadenz.workload(self._raw, self._caseload_csv(df), (day.year, day.month, day.day),
                             int(jobs or _os.cpu_count() or 1), self.source, "DataFrame")
        return Report(r)


class Report(dict):
    """A workload or what-if report: the dict is the report's JSON (docs/workload.md); ``text``
    and ``html`` are the renderings ``--format text|html`` prints; ``notes`` the library's notes.
    The tables of the JSON are also DataFrames: ``categories``, ``forecast`` and ``error_kinds``
    (workload) and ``matrix`` (base categories × variant categories), ``moves``,
    ``base_categories``, ``variant_categories`` (what-if)."""

    def __init__(self, raw: Dict[str, Any]):
        super().__init__(_json.loads(raw["json"]))
        self.text: str = raw["text"]
        self.html: str = raw["html"]
        self.notes: List[str] = list(raw.get("notes", []))

    def _frame(self, rows: Any, index: Optional[str] = None) -> Any:
        import pandas as pd

        df = pd.DataFrame(rows)
        return df.set_index(index) if index and index in df.columns else df

    @property
    def categories(self) -> Any:
        return self._frame(self["workload"]["categories"], "name")

    @property
    def forecast(self) -> Any:
        return self._frame(self["workload"]["forecast"], "month")

    @property
    def error_kinds(self) -> Any:
        return self._frame(self["caseload"].get("error_kinds", []), "kind")

    @property
    def matrix(self) -> Any:
        import pandas as pd

        m = self["matrix"]
        return pd.DataFrame(m["counts"], index=pd.Index(m["categories"], name="base"),
                            columns=pd.Index(m["categories"], name="variant"))

    @property
    def moves(self) -> Any:
        return self._frame(self["moves"])

    @property
    def base_categories(self) -> Any:
        return self._frame(self["workload"]["base"]["categories"], "name")

    @property
    def variant_categories(self) -> Any:
        return self._frame(self["workload"]["variant"]["categories"], "name")


def whatif(base: Policy, variant: Policy, df: Any, as_of: Any = None, *, jobs: Optional[int] = None,
           force: bool = False) -> Report:
    """Compares two policies on the rows of ``df`` (as ``kadenz whatif --format json`` does for
    the same rows): a Report with the transition matrix (``.matrix``), the moves by rule
    (``.moves``) and both workloads. The columns of both policies' facts are read. The variant
    is compiled again in the base's message language if it speaks another (as ``kadenz whatif``
    does), since a record whose error text differs counts as changed."""
    if base.lang != variant.lang:
        # A record whose error reads differently would count as changed: like `kadenz whatif`,
        # compile the variant in the base's message language.
        source, sets, name = variant._compiled_from  # type: ignore[misc]
        variant = compile(source, set=sets, lang=base.lang, name=name)
    day = _as_of(as_of)
    base._check_validity(day, force)
    variant._check_validity(day, force)
    r = _kadenz.whatif(base._raw, variant._raw, base._caseload_csv(df, variant), (day.year, day.month, day.day),
                       int(jobs or _os.cpu_count() or 1), base.source, variant.source, "DataFrame")
    return Report(r)
