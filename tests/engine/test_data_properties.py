"""Hypothesis: generated tables survive write-then-read; any bytes raise only DataError."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.data import DataError, load_dataset

LABEL_PAIRS = [("0", "1"), ("0.0", "1.0"), ("fail", "pass"), ("No", "Yes"), ("FALSE", "TRUE")]

# Printable text: no control characters (the reader takes those as "not a text file").
safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"),
    max_size=12,
)
column_name = st.builds(lambda s: ("c" + s).strip(), safe_text)
student_name = st.builds(lambda s: ("x" + s).strip(), safe_text | st.just('a, b; c\n"d"'))
number = st.floats(allow_nan=False, allow_infinity=False, width=64)


@st.composite
def tables(draw: st.DrawFn) -> dict[str, object]:
    n_features = draw(st.integers(1, 4))
    names = draw(
        st.lists(column_name, min_size=n_features, max_size=n_features, unique=True).filter(
            lambda ns: not {"student", "passed"} & set(ns)
        )
    )
    n_rows = draw(st.integers(1, 12))
    X = draw(
        st.lists(
            st.lists(number, min_size=n_features, max_size=n_features),
            min_size=n_rows,
            max_size=n_rows,
        )
    )
    students = draw(st.lists(student_name, min_size=n_rows, max_size=n_rows))
    y = draw(st.lists(st.integers(0, 1), min_size=n_rows, max_size=n_rows))
    return {
        "names": names,
        "X": X,
        "students": students,
        "y": y,
        "labels": draw(st.sampled_from(LABEL_PAIRS)),
        "delimiter": draw(st.sampled_from([",", ";", "\t"])),
        "decimal_comma": draw(st.booleans()),
        "percent": draw(st.booleans()),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])),
        "newline": draw(st.sampled_from(["\n", "\r\n"])),
        "target_first": draw(st.booleans()),
    }


def render(table: dict[str, object]) -> bytes:
    """The table as a spreadsheet would export it, with the csv module."""
    delimiter = str(table["delimiter"])
    comma = bool(table["decimal_comma"]) and delimiter != ","
    suffix = "%" if table["percent"] else ""

    def cell(v: float) -> str:
        text = repr(v) + suffix
        return text.replace(".", ",") if comma else text

    labels = table["labels"]
    assert isinstance(labels, tuple)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=str(table["newline"]))
    names = list(table["names"])  # type: ignore[call-overload]
    head = ["passed", "student", *names] if table["target_first"] else ["student", *names, "passed"]
    writer.writerow(head)
    for s, row, t in zip(table["students"], table["X"], table["y"]):  # type: ignore[call-overload]
        cells = [cell(v) for v in row]
        label = labels[t]
        writer.writerow([label, s, *cells] if table["target_first"] else [s, *cells, label])
    text = out.getvalue()
    try:
        return text.encode(str(table["encoding"]))
    except UnicodeEncodeError:
        return text.encode("utf-8")


@pytest.mark.slow
@given(tables())
def test_generated_tables_round_trip(table: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(render(table))
        data = load_dataset(path)
    assert data.feature_names == tuple(table["names"])  # type: ignore[arg-type]
    np.testing.assert_array_equal(data.X, np.array(table["X"], dtype=np.float64))
    assert data.y is not None
    assert data.y[:, 0].tolist() == table["y"]
    assert data.names == tuple(table["students"])  # type: ignore[arg-type]
    labels = table["labels"]
    assert isinstance(labels, tuple)
    if labels[0] in ("0", "0.0"):
        assert data.labels == ("0", "1")
    else:
        assert data.labels == labels


def load_bytes(raw: bytes, **kwargs: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.csv"
        path.write_bytes(raw)
        try:
            load_dataset(path, **kwargs)  # type: ignore[arg-type]
        except DataError as err:
            assert "\n" not in str(err)
            assert str(path) in str(err)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_data_error(raw: bytes) -> None:
    load_bytes(raw)
    load_bytes(raw, target=None)


@given(st.text(alphabet=st.sampled_from(list('ab1.0,;\t"\r\n%-e x')), max_size=200))
def test_csv_like_text_raises_only_data_error(text: str) -> None:
    load_bytes(text.encode())
    load_bytes(text.encode(), target=None, features=("a", "b"))


@given(st.integers(0, 200), st.binary(min_size=1, max_size=8))
def test_damaged_valid_files_raise_only_data_error(at: int, junk: bytes) -> None:
    good = b"student,a,b,passed\nAna,1,2,1\nBen,3,4,0\n"
    at = min(at, len(good))
    load_bytes(good[:at] + junk + good[at:])
