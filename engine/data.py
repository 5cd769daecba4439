"""Students data: reading anyone's CSV, scaling the features, the seeded stratified split.

Reading (``load_dataset``) accepts what spreadsheets export:

- a header row (required), then one row per student; blank rows (also ``;;;;``) are skipped;
- delimiter comma, semicolon or tab, detected from the header (the most fields wins);
- UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"); anything else that
  is not UTF-8 is read as Windows-1252 (Excel's "CSV") and the user is told so in ``notes``;
- CRLF, LF or CR line ends; quoted fields (also with the delimiter or a newline inside);
- numbers like ``85``, ``85.5``, ``85%``; in semicolon and tab files also ``85,5`` (decimal
  comma) and ``1.234,5`` (thousands dot).

The target (default ``passed``) takes, case-insensitively, 1/0 in any numeric spelling,
true/false, yes/no, pass/fail or passed/failed; ``labels`` keeps the spelling of the first
negative and the first positive cell (``("0", "1")`` for numbers). Every error is a
``DataError`` whose one-line message names the file, the line, the column and what was
expected.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import io
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

SCALE_METHODS = ("minmax", "standard", "none")
"""Feature scaling methods; ``minmax`` (to [0, 1] on the training split) is the default."""

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""Delimiter -> its name, in the order ties are broken."""

LABEL_WORDS: dict[str, float] = {
    "true": 1.0,
    "false": 0.0,
    "yes": 1.0,
    "no": 0.0,
    "pass": 1.0,
    "fail": 0.0,
    "passed": 1.0,
    "failed": 0.0,
}
"""Target spellings (lower case) -> 0/1, besides 1/0 in any numeric spelling."""

_PARTNER = {
    "true": "false",
    "yes": "no",
    "pass": "fail",
    "passed": "failed",
}
_PARTNER.update({v: k for k, v in list(_PARTNER.items())})

_EXPECTED_LABEL = "a label: 1/0, true/false, yes/no, pass/fail or passed/failed"

MAX_FIELD = 1 << 20
"""Longest field the reader accepts, in characters."""


class DataError(ValueError):
    """Bad input data or a bad model file: the one error type the readers raise.

    ``str(err)`` is one line naming the file, the line (the header is line 1), the column
    and what was expected, e.g.
    ``students.csv, line 7, column "oral_tests": expected a number, got "abc"``.
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
        self.reason = message
        parts = []
        if path is not None:
            parts.append(str(path))
        if line is not None:
            parts.append(f"line {line}")
        if column is not None:
            parts.append(f'column "{column}"')
        super().__init__(", ".join(parts) + (": " if parts else "") + message)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A table of students: raw (unscaled) features, optional 0/1 target, names.

    ``X``: (n_samples, n_features) raw values as read. ``y``: (n_samples, 1) of 0.0/1.0,
    or None when the file has no target (this year's students). ``labels`` is
    (negative, positive) as spelled in the file, e.g. ("0", "1") or ("fail", "pass").
    ``names``: one per row, from the first text column, else "student 1", "student 2", ...
    ``notes``: things the user should be told (e.g. "read as Windows-1252").
    ``delimiter`` and ``encoding``: how the file was read.
    ``header`` and ``rows``: every column and cell as read (text), for writing the input rows
    back out with predictions beside them.
    """

    path: str
    feature_names: tuple[str, ...]
    X: Array
    names: tuple[str, ...]
    target_name: str | None = None
    y: Array | None = None
    labels: tuple[str, str] = ("0", "1")
    notes: tuple[str, ...] = ()
    delimiter: str = ","
    encoding: str = "utf-8"
    header: tuple[str, ...] = ()
    rows: tuple[Sequence[str], ...] = ()

    @property
    def n_samples(self) -> int:
        """Number of rows (students)."""
        return int(self.X.shape[0])

    @property
    def n_features(self) -> int:
        """Number of feature columns."""
        return int(self.X.shape[1])


def bundled_path(name: str = "students.csv") -> Path:
    """Path of a file shipped in ``sample_data/`` (students.csv or current_year.csv)."""
    found = resources.files("sample_data").joinpath(name)
    if not found.is_file():
        raise DataError("no such bundled file in sample_data/", name)
    return Path(str(found))


# ----- reading -------------------------------------------------------------------------


def _quote(text: str, limit: int = 40) -> str:
    """``text`` in double quotes for a message, shortened and on one line."""
    text = text.replace("\r", " ").replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f'"{text}"'


def _read_text(path: str | Path) -> tuple[str, str, list[str]]:
    """The file's text, the encoding used and notes for the user; raises DataError."""
    p = Path(path)
    if not p.exists():
        raise DataError("no such file", path)
    if p.is_dir():
        raise DataError("is a folder, not a CSV file", path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror or exc})", path) from None
    notes: list[str] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DataError("not a text file (broken UTF-16)", path) from None
        notes.append("read as UTF-16 (Excel's Unicode text)")
    else:
        if raw.startswith(b"PK\x03\x04"):
            raise DataError(
                "not a text file: this looks like a spreadsheet (.xlsx/.ods); save it as CSV first",
                path,
            )
        if b"\x00" in raw:
            raise DataError("not a text file (it contains NUL bytes): expected a CSV", path)
        try:
            text, encoding = raw.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                raise DataError(
                    "not a text file (neither UTF-8 nor Windows-1252): expected a CSV", path
                ) from None
            notes.append("read as Windows-1252 (not UTF-8)")
    text = text.removeprefix("\ufeff")
    bad = _CONTROL.search(text)
    if bad is not None:
        raise DataError(
            f"not a text file (it contains the control character {ord(bad.group()):#04x}): "
            "expected a CSV",
            path,
        )
    return text, encoding, notes


def _detect_delimiter(text: str, sample_rows: int = 20) -> str:
    """Comma, semicolon or tab, judged on the header and the first rows.

    The delimiter that splits every sampled row into as many fields as the header wins
    over one that does not; then the most header fields; then the order of DELIMITERS.
    """
    chunk = text[: 1 << 16]
    best, best_key = ",", (False, 1)
    for delim in DELIMITERS:
        counts: list[int] = []
        try:
            for row in csv.reader(io.StringIO(chunk, newline=""), delimiter=delim):
                if not _blank(row):
                    counts.append(len(row))
                if len(counts) > sample_rows:
                    break
        except csv.Error:
            continue
        if not counts:
            continue
        if len(chunk) < len(text) and len(counts) > 2:
            counts.pop()  # maybe cut short by the chunk
        key = (counts[0] > 1 and all(c == counts[0] for c in counts), counts[0])
        if key > best_key:
            best, best_key = delim, key
    return best


def _blank(row: Sequence[str]) -> bool:
    return all(not cell.strip() for cell in row)


_NUMBER_LIKE = re.compile(
    r"(?:^|\x00)\s*[-+]?(?:\d+(?:[.,]\d*)*|[.,]\d+)(?:[eE][-+]?\d+)?\s*%?\s*(?=\x00|$)"
)
"""A cell that may be a number, found in a column joined by NUL (cells never hold NUL)."""

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
"""Characters no text file holds (tab, newlines, form feed and vertical tab are fine)."""


def _parse_number(cell: str, decimal_comma: bool) -> float | None:
    """A cell as a number (``85``, ``85.5``, ``85%``, ``85,5``), or None if it is not one."""
    s = cell.strip()
    if s.endswith("%"):
        s = s[:-1].rstrip()
    if decimal_comma and "," in s:
        s = s.replace(".", "").replace(",", ".") if "." in s else s.replace(",", ".")
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        return None


def _is_number(cell: str, decimal_comma: bool) -> bool:
    """Whether a cell reads as a finite number (so a student called "Nan" stays a name)."""
    value = _parse_number(cell, decimal_comma)
    return value is not None and math.isfinite(value)


def _holds_a_number(cells: Sequence[str], decimal_comma: bool) -> bool:
    """Whether any cell is a finite number (one regex scan, then a check of the candidates)."""
    if any(_is_number(cell, decimal_comma) for cell in cells[:20]):
        return True
    joined = "\x00".join(cells)
    for match in _NUMBER_LIKE.finditer(joined):
        if _is_number(match.group().strip("\x00"), decimal_comma):
            return True
    return False


def _fast_floats(cells: Sequence[str]) -> Array | None:
    """The happy path: every cell is a plain number (one C-level loop), else None."""
    try:
        return np.fromiter(map(float, cells), dtype=np.float64, count=len(cells))
    except ValueError:
        return None


LineOf = Callable[[int], int]
"""Data row index (0-based) -> its line in the file (1-based), worked out only for errors."""


def _column_to_floats(
    cells: Sequence[str], decimal_comma: bool, path: str | Path, line_of: LineOf, column: str
) -> Array:
    """Every cell of a numeric column as float64; the first bad cell raises DataError."""
    values = _fast_floats(cells)
    if values is None and decimal_comma:
        values = _fast_floats(list(map(methodcaller("replace", ",", "."), cells)))
    if values is None:
        values = np.empty(len(cells), dtype=np.float64)
        for i, cell in enumerate(cells):
            value = _parse_number(cell, decimal_comma)
            if value is None:
                if not cell.strip():
                    raise DataError("missing value: expected a number", path, line_of(i), column)
                raise DataError(f"expected a number, got {_quote(cell)}", path, line_of(i), column)
            values[i] = value
    finite = np.isfinite(values)
    if not finite.all():
        i = int(np.argmin(finite))
        kind = "an infinite value" if np.isinf(values[i]) else "not a number"
        raise DataError(
            f"expected a finite number, got {_quote(cells[i])} ({kind})", path, line_of(i), column
        )
    return values


def _label_value(cell: str) -> tuple[float, bool] | None:
    """(0.0 or 1.0, spelled as a word?) for one target cell, or None if it is no label."""
    s = cell.strip()
    word = LABEL_WORDS.get(s.lower())
    if word is not None:
        return word, True
    number = _parse_number(s, decimal_comma=True) if "%" not in s else None
    if number == 0.0 or number == 1.0:
        return number, False
    return None


def _read_labels(
    cells: Sequence[str], path: str | Path, line_of: LineOf, column: str
) -> tuple[Array, tuple[str, str]]:
    """The target column as (n, 1) of 0/1 and the (negative, positive) spellings.

    Labels are read once per distinct spelling, then mapped over the column in C.
    """
    values: dict[str, float] = {}
    worded = False
    bad: list[str] = []
    for cell in set(cells):
        read = _label_value(cell)
        if read is None:
            bad.append(cell)
        else:
            values[cell] = read[0]
            worded = worded or read[1]
    if bad:
        i = min(cells.index(cell) for cell in bad)
        if not cells[i].strip():
            raise DataError(f"missing value: expected {_EXPECTED_LABEL}", path, line_of(i), column)
        raise DataError(
            f"expected {_EXPECTED_LABEL}, got {_quote(cells[i])}", path, line_of(i), column
        )
    y = np.fromiter(map(values.__getitem__, cells), dtype=np.float64, count=len(cells))
    y = y.reshape(-1, 1)
    if not worded:
        return y, ("0", "1")
    first: dict[float, str] = {}
    for cls in (0.0, 1.0):
        spellings = [cell for cell, v in values.items() if v == cls]
        if spellings:
            first[cls] = min(spellings, key=cells.index).strip()
    negative = first.get(0.0)
    positive = first.get(1.0)
    if negative is None or positive is None:
        known = negative if positive is None else positive
        assert known is not None
        other = _PARTNER.get(known.lower(), "1" if negative is not None else "0")
        if known.isupper():
            other = other.upper()
        elif known[:1].isupper():
            other = other.capitalize()
        negative, positive = (negative, other) if negative is not None else (other, positive)
    assert negative is not None and positive is not None
    if LABEL_WORDS.get(negative.lower()) is None:
        negative = "0"
    if LABEL_WORDS.get(positive.lower()) is None:
        positive = "1"
    return y, (negative, positive)


def _find_column(header: Sequence[str], name: str) -> int | None:
    """Index of ``name`` in the header: an exact match, else the only case-insensitive one."""
    if name in header:
        return header.index(name)
    folded = [j for j, h in enumerate(header) if h.casefold() == name.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


def _listing(header: Sequence[str]) -> str:
    shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
    return f"the header has {shown}"


def _record_starts(text: str, delimiter: str) -> list[int]:
    """The first line (1-based) of every CSV record in ``text``, blank records included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    starts: list[int] = []
    last = 0
    with contextlib.suppress(csv.Error):
        for _ in reader:
            starts.append(last + 1)
            last = reader.line_num
    return starts


def _read_records(text: str, delimiter: str, path: str | Path) -> list[list[str]]:
    """Every CSV record of ``text`` (blank lines are empty lists); raises DataError."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    old_limit = csv.field_size_limit(MAX_FIELD)
    try:
        return list(reader)
    except csv.Error as exc:
        raise DataError(f"cannot read this row as CSV ({exc})", path, reader.line_num) from None
    finally:
        csv.field_size_limit(old_limit)


def load_dataset(
    path: str | Path,
    target: str | None = "passed",
    features: tuple[str, ...] | list[str] | None = None,
) -> Dataset:
    """Read a CSV of students. ``target=None``: no target column (this year's students).

    ``features=None`` picks every non-target column in which any cell is a number (in file
    order); ``features`` given explicitly picks those columns, in that order (a column
    name matches case-insensitively when there is no exact match). The first column that
    is neither target nor feature and holds no number names the students. Raises DataError.
    """
    with _gc_paused():
        return _load(path, target, features)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a million small row lists would trigger it over
    and over (it triples the reading time) though none of them can form a cycle."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(
    path: str | Path, target: str | None, features: tuple[str, ...] | list[str] | None
) -> Dataset:
    text, encoding, notes = _read_text(path)
    if not text.strip():
        raise DataError("the file is empty: expected a header row, then one row per student", path)
    delimiter = _detect_delimiter(text)
    decimal_comma = delimiter != ","
    records = _read_records(text, delimiter, path)
    h = next((k for k, r in enumerate(records) if not _blank(r)), None)
    if h is None:
        raise DataError("the file is empty: expected a header row, then one row per student", path)

    starts: list[int] = []

    def record_line(k: int) -> int:
        if not starts:
            starts.extend(_record_starts(text, delimiter))
        return starts[k] if k < len(starts) else k + 1

    header = [cell.strip() for cell in records[h]]
    n = len(header)
    while n > 1 and not header[n - 1]:
        n -= 1  # trailing empty header cells (spreadsheet padding)
    header = header[:n]
    header_line = 1 if h == 0 else record_line(h)
    body = records[h + 1 :]
    kept: list[int] | None = None  # record index of each data row when rows were dropped
    if set(map(len, body)) <= {n} and all(map(str.strip, map(itemgetter(0), body))):
        rows = body  # the happy path: nothing to skip, nothing to trim
    else:
        rows, kept = [], []
        for k, row in enumerate(body, start=h + 1):
            if _blank(row):
                continue  # blank rows, also ";;;;" from a spreadsheet
            if len(row) != n:
                if len(row) > n and _blank(row[n:]):
                    row = row[:n]
                else:
                    raise DataError(
                        f"expected {n} fields (as in the header), got {len(row)}",
                        path,
                        record_line(k),
                    )
            rows.append(row)
            kept.append(k)

    def line_of(i: int) -> int:
        return record_line(h + 1 + i if kept is None else kept[i])

    if header_line != 1:
        notes.append(f"the header is on line {header_line}")
    seen: dict[str, int] = {}
    for j, name in enumerate(header):
        if not name:
            raise DataError(f"column {j + 1} has no name in the header", path, header_line)
        if name in seen:
            raise DataError(
                f"duplicate column name (columns {seen[name] + 1} and {j + 1}): "
                "expected every column name once",
                path,
                header_line,
                name,
            )
        seen[name] = j
    if not rows:
        raise DataError(
            "no rows: expected one row per student after the header", path, header_line + 1
        )

    target_j: int | None = None
    if target is not None:
        target_j = _find_column(header, target)
        if target_j is None:
            raise DataError(
                f"no target column: expected a column named {_quote(target)}; {_listing(header)}",
                path,
                header_line,
                target,
            )
    columns = list(zip(*rows))
    numeric: dict[int, bool] = {}

    def holds_numbers(j: int) -> bool:
        if j not in numeric:
            numeric[j] = _holds_a_number(columns[j], decimal_comma)
        return numeric[j]

    if features is None:
        feature_js = [j for j in range(n) if j != target_j and holds_numbers(j)]
        if not feature_js:
            raise DataError(
                "no feature columns: expected at least one column of numbers besides the target",
                path,
                header_line,
            )
    else:
        feature_js = []
        for name in features:
            found = _find_column(header, name)
            if found is None:
                raise DataError(
                    f"missing feature column: expected a column named {_quote(name)}; "
                    f"{_listing(header)}",
                    path,
                    header_line,
                    name,
                )
            j = found
            if j == target_j:
                raise DataError(
                    "this column is the target, so it cannot also be a feature",
                    path,
                    header_line,
                    header[j],
                )
            if j in feature_js:
                raise DataError("this feature is asked for twice", path, header_line, header[j])
            feature_js.append(j)
        if not feature_js:
            raise DataError("no feature columns were asked for", path, header_line)

    X = np.empty((len(rows), len(feature_js)), dtype=np.float64)
    for k, j in enumerate(feature_js):
        X[:, k] = _column_to_floats(columns[j], decimal_comma, path, line_of, header[j])

    y: Array | None = None
    labels = ("0", "1")
    if target_j is not None:
        y, labels = _read_labels(columns[target_j], path, line_of, header[target_j])

    names: tuple[str, ...] | None = None
    for j in range(n):
        if j == target_j or j in feature_js:
            continue
        if names is None and not holds_numbers(j):
            names = tuple(map(str.strip, columns[j]))
            if "" in names:
                names = tuple(s or f"student {i + 1}" for i, s in enumerate(names))
            continue
        notes.append(f'column "{header[j]}" is not used')
    if names is None:
        names = tuple(f"student {i + 1}" for i in range(len(rows)))

    X.setflags(write=False)
    if y is not None:
        y.setflags(write=False)
    return Dataset(
        path=str(path),
        feature_names=tuple(header[j] for j in feature_js),
        X=X,
        names=names,
        target_name=None if target_j is None else header[target_j],
        y=y,
        labels=labels,
        notes=tuple(notes),
        delimiter=delimiter,
        encoding=encoding,
        header=tuple(header),
        rows=tuple(rows),
    )


def _finite_json_number(value: Any) -> bool:
    """An int or float that fits float64 and is finite (not a bool)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool) and -1e308 < value < 1e308


# ----- scaling -------------------------------------------------------------------------


def _check_method(method: str) -> str:
    if method not in SCALE_METHODS:
        raise ValueError(f"unknown scaling {method!r}: expected one of {', '.join(SCALE_METHODS)}")
    return method


@dataclass(frozen=True, eq=False)
class Scaler:
    """Per-feature affine scaling ``(x - offset) / scale``, fitted on the training split.

    ``minmax``: offset = min, scale = max - min (to [0, 1] on the training split).
    ``standard``: offset = mean, scale = standard deviation. ``none``: offset 0, scale 1.
    A constant column (scale 0) gets scale 1, so it is only shifted, never NaN.
    """

    method: str
    offset: Array
    scale: Array

    @classmethod
    def fit(cls, X: Array, method: str = "minmax") -> Scaler:
        """Fit on X (n_samples, n_features); a constant column gets scale 1, never NaN."""
        _check_method(method)
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2:
            raise ValueError(f"X must have shape (n_samples, n_features), got {X.shape}")
        n_features = X.shape[1]
        if method == "none" or X.shape[0] == 0:
            offset, scale = np.zeros(n_features), np.ones(n_features)
        elif method == "minmax":
            offset = X.min(axis=0)
            with np.errstate(over="ignore", invalid="ignore"):
                scale = X.max(axis=0) - offset
        else:
            offset = X.mean(axis=0)
            with np.errstate(over="ignore", invalid="ignore"):
                scale = X.std(axis=0)
        scale = np.where(np.isfinite(scale) & (scale > 0.0), scale, 1.0)
        offset = np.where(np.isfinite(offset), offset, 0.0)
        return cls.from_arrays(method, offset, scale)

    @classmethod
    def from_arrays(cls, method: str, offset: Any, scale: Any) -> Scaler:
        """A scaler holding read-only float64 copies of ``offset`` and ``scale``."""
        off = np.array(offset, dtype=np.float64)
        sc = np.array(scale, dtype=np.float64)
        off.setflags(write=False)
        sc.setflags(write=False)
        return cls(method, off, sc)

    @property
    def n_features(self) -> int:
        """Number of features this scaler takes."""
        return int(self.offset.shape[0])

    def transform(self, X: Array) -> Array:
        """Scale X (n_samples, n_features) -> same shape."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"X must have shape (n_samples, {self.n_features}), got {X.shape}")
        out: Array = (X - self.offset) / self.scale
        return out

    def inverse_transform(self, X: Array) -> Array:
        """Undo ``transform``: scaled (n_samples, n_features) -> raw values."""
        out: Array = np.asarray(X, dtype=np.float64) * self.scale + self.offset
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "method": self.method,
            "offset": [float(v) for v in self.offset],
            "scale": [float(v) for v in self.scale],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scaler:
        """Inverse of to_dict; raises DataError on a malformed dict."""
        if not isinstance(data, dict):
            raise DataError(f"scaler: expected an object, got {type(data).__name__}")
        method = data.get("method")
        if method not in SCALE_METHODS:
            raise DataError(
                f"scaler method: expected one of {', '.join(SCALE_METHODS)}, got {method!r}"
            )
        arrays = []
        for key in ("offset", "scale"):
            values = data.get(key)
            if not isinstance(values, list) or not all(_finite_json_number(v) for v in values):
                raise DataError(f"scaler {key}: expected a list of finite numbers")
            arrays.append(values)
        offset, scale = arrays
        if len(offset) != len(scale):
            raise DataError(f"scaler: offset has {len(offset)} values but scale has {len(scale)}")
        if not all(s > 0 for s in scale):
            raise DataError("scaler scale: expected numbers > 0")
        return cls.from_arrays(str(method), offset, scale)


# ----- the split -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Split:
    """Row indices of the training and held-out students (each sorted ascending)."""

    train: NDArray[np.intp]
    test: NDArray[np.intp]


def split_indices(y: Array, test_fraction: float = 0.2, seed: int = 0) -> Split:
    """Seeded split stratified by y (n_samples, 1); ``test_fraction=0`` -> empty test.

    ``round(test_fraction * n)`` students are held out, shared between the classes in
    proportion to their sizes (largest remainders first); each class keeps at least one
    student in training. Draws come from ``numpy.random.default_rng(seed)``, class 0 first.
    """
    f = float(test_fraction)
    if not (math.isfinite(f) and 0.0 <= f < 1.0):
        raise ValueError(f"test fraction must be in [0, 1), got {test_fraction}")
    labels = np.asarray(y, dtype=np.float64).reshape(-1)
    n = labels.size
    rng = np.random.default_rng(seed)
    classes = [np.flatnonzero(labels < 0.5), np.flatnonzero(labels >= 0.5)]
    quotas = [f * c.size for c in classes]
    counts = [math.floor(q) for q in quotas]
    left = math.floor(f * n + 0.5) - sum(counts)
    by_remainder = sorted(range(2), key=lambda k: (-(quotas[k] - counts[k]), k))
    for k in by_remainder[: max(left, 0)]:
        counts[k] += 1
    train_parts, test_parts = [], []
    for members, count in zip(classes, counts):
        count = min(count, max(members.size - 1, 0))
        shuffled = rng.permutation(members)
        test_parts.append(shuffled[:count])
        train_parts.append(shuffled[count:])
    train = np.sort(np.concatenate(train_parts)).astype(np.intp)
    test = np.sort(np.concatenate(test_parts)).astype(np.intp)
    return Split(train, test)
