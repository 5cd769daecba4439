"""Reading students' CSVs as spreadsheets export them, every error, scaling and the split."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.data import (
    DataError,
    Dataset,
    Scaler,
    bundled_path,
    load_dataset,
    split_indices,
)

HEADER = "student,class_assignments,written_tests,oral_tests,passed"
FEATURES = ("class_assignments", "written_tests", "oral_tests")


def write(tmp_path: Path, content: str | bytes, name: str = "grades.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def load_text(tmp_path: Path, content: str | bytes, **kwargs: object) -> Dataset:
    return load_dataset(write(tmp_path, content), **kwargs)  # type: ignore[arg-type]


def expect_error(tmp_path: Path, content: str | bytes, line: int | None, **kwargs: object) -> str:
    """Load ``content``; assert a DataError naming the file (and ``line``); its message."""
    path = write(tmp_path, content)
    with pytest.raises(DataError) as err:
        load_dataset(path, **kwargs)  # type: ignore[arg-type]
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert err.value.line == line
    if line is not None:
        assert f"line {line}" in message
    return message


# ----- dialects -----------------------------------------------------------------------


PLAIN = f"{HEADER}\nAna M.,85,70.5,60,1\nBen K.,40,35,50.25,0\n"


def check_plain(data: Dataset) -> None:
    assert data.feature_names == FEATURES
    np.testing.assert_array_equal(data.X, [[85, 70.5, 60], [40, 35, 50.25]])
    assert data.y is not None
    np.testing.assert_array_equal(data.y, [[1.0], [0.0]])
    assert data.names == ("Ana M.", "Ben K.")
    assert data.target_name == "passed"
    assert data.labels == ("0", "1")


def test_plain_comma_file(tmp_path: Path) -> None:
    data = load_text(tmp_path, PLAIN)
    check_plain(data)
    assert data.notes == ()
    assert data.delimiter == "," and data.encoding == "utf-8"
    assert data.n_samples == 2 and data.n_features == 3


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab(tmp_path: Path, delimiter: str) -> None:
    data = load_text(tmp_path, PLAIN.replace(",", delimiter))
    check_plain(data)
    assert data.delimiter == delimiter


def test_bom_and_crlf(tmp_path: Path) -> None:
    data = load_text(tmp_path, b"\xef\xbb\xbf" + PLAIN.replace("\n", "\r\n").encode())
    check_plain(data)
    assert data.feature_names[0] == "class_assignments"  # no BOM glued to a name
    assert data.notes == ()


def test_old_mac_line_ends(tmp_path: Path) -> None:
    check_plain(load_text(tmp_path, PLAIN.replace("\n", "\r")))


def test_quoted_fields_with_delimiters_quotes_and_newlines(tmp_path: Path) -> None:
    text = (
        '"student","class_assignments","written_tests","oral_tests","passed"\n'
        '"Ana M., the elder",85,"70.5",60,1\n'
        '"Ben ""Benji""\nK.",40,35,50.25,"0"\n'
        "Cleo,1,2,3,x\n"
    )
    path = write(tmp_path, text)
    data = load_dataset(path, features=list(FEATURES), target=None)
    assert data.names == ("Ana M., the elder", 'Ben "Benji"\nK.', "Cleo")
    with pytest.raises(DataError, match="line 5") as err:  # the quoted newline counts
        load_dataset(path)
    assert err.value.column == "passed"


def test_decimal_comma_in_semicolon_file(tmp_path: Path) -> None:
    text = "Name;Hausaufgaben;Klausur;Passed\nJörg;85,5;1.234,5;1\nAnne;70;60,25;0\n"
    data = load_text(tmp_path, text)
    np.testing.assert_array_equal(data.X, [[85.5, 1234.5], [70.0, 60.25]])
    assert data.names == ("Jörg", "Anne")


def test_percent_signs(tmp_path: Path) -> None:
    data = load_text(tmp_path, f"{HEADER}\nAna,85%,70.5 %,60%,1\nBen,40%,35%,50%,0\n")
    np.testing.assert_array_equal(data.X, [[85, 70.5, 60], [40, 35, 50]])


def test_windows_1252_fallback_is_noted(tmp_path: Path) -> None:
    text = "student;written;passed\nJosé Müller;85,5;1\nFrançoise Œuvre;40;0\n"
    data = load_text(tmp_path, text.encode("cp1252"))
    assert data.names == ("José Müller", "Françoise Œuvre")
    assert data.encoding == "cp1252"
    assert any("Windows-1252" in note for note in data.notes)


def test_utf16_unicode_text_from_excel(tmp_path: Path) -> None:
    data = load_text(tmp_path, PLAIN.replace(",", "\t").encode("utf-16"))
    check_plain(data)
    assert any("UTF-16" in note for note in data.notes)


def test_blank_and_padding_rows_and_columns_are_skipped(tmp_path: Path) -> None:
    text = "\n" + HEADER + ",,\nAna M.,85,70.5,60,1,,\n,,,,,,\n\nBen K.,40,35,50.25,0\n\n"
    data = load_text(tmp_path, text)
    check_plain(data)
    assert "the header is on line 2" in data.notes


def test_gpa_and_sat_scales_are_read_as_they_are(tmp_path: Path) -> None:
    text = "id,gpa,sat,admitted\nA1,3.61,640,yes\nB2,2.05,380,no\n"
    data = load_text(tmp_path, text, target="admitted")
    np.testing.assert_array_equal(data.X, [[3.61, 640], [2.05, 380]])
    assert data.labels == ("no", "yes")
    assert data.names == ("A1", "B2")


# ----- target, labels, features, names ------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "expected", "labels"),
    [
        (["1", "0", "1.0", "0.0"], [1, 0, 1, 0], ("0", "1")),
        (["Pass", "FAIL", "pass", "fail"], [1, 0, 1, 0], ("FAIL", "Pass")),
        (["yes", "no", "YES", "No"], [1, 0, 1, 0], ("no", "yes")),
        (["true", "false", "True", "FALSE"], [1, 0, 1, 0], ("false", "true")),
        (["passed", "failed", " Passed ", "failed"], [1, 0, 1, 0], ("failed", "passed")),
        (["Passed", "Passed", "Passed", "Passed"], [1, 1, 1, 1], ("Failed", "Passed")),
        (["NO", "NO", "NO", "NO"], [0, 0, 0, 0], ("NO", "YES")),
        (["0", "0", "0", "0"], [0, 0, 0, 0], ("0", "1")),
    ],
)
def test_label_spellings(
    tmp_path: Path, cells: list[str], expected: list[int], labels: tuple[str, str]
) -> None:
    rows = "".join(f"s{i},{i},{c}\n" for i, c in enumerate(cells))
    data = load_text(tmp_path, "name,grade,passed\n" + rows)
    assert data.y is not None
    assert data.y[:, 0].tolist() == expected
    assert data.labels == labels


def test_target_by_name_anywhere_and_case_insensitive(tmp_path: Path) -> None:
    data = load_text(tmp_path, "Result,a,b\npass,1,2\nfail,3,4\n", target="result")
    assert data.target_name == "Result"
    assert data.feature_names == ("a", "b")
    assert data.names == ("student 1", "student 2")


def test_explicit_features_in_the_order_asked(tmp_path: Path) -> None:
    text = f"{HEADER},comment\nAna,85,70,60,1,good\nBen,40,35,50,0,\n"
    data = load_text(tmp_path, text, features=("oral_tests", "class_assignments"))
    assert data.feature_names == ("oral_tests", "class_assignments")
    np.testing.assert_array_equal(data.X, [[60, 85], [50, 40]])
    assert data.names == ("Ana", "Ben")
    assert any('"written_tests" is not used' in n for n in data.notes)
    assert any('"comment" is not used' in n for n in data.notes)


def test_this_years_students_have_no_target(tmp_path: Path) -> None:
    text = "student,class_assignments,written_tests,oral_tests\nAna,85,70,60\n"
    data = load_text(tmp_path, text, target=None, features=FEATURES)
    assert data.y is None and data.target_name is None
    # a stray 'passed' column is simply not a feature when features are given
    data = load_text(tmp_path, PLAIN, target=None, features=FEATURES)
    assert data.feature_names == FEATURES and data.y is None


def test_a_student_called_nan_is_a_name(tmp_path: Path) -> None:
    data = load_text(tmp_path, "student,grade,passed\nNan,50,1\nInf,40,0\n")
    assert data.names == ("Nan", "Inf")
    assert data.feature_names == ("grade",)


def test_default_features_are_columns_holding_any_number(tmp_path: Path) -> None:
    message = expect_error(tmp_path, "name,grade,passed\nA,50,1\nB,sick,0\n", 3)
    assert 'column "grade"' in message and '"sick"' in message


def test_arrays_are_read_only(tmp_path: Path) -> None:
    data = load_text(tmp_path, PLAIN)
    with pytest.raises(ValueError):
        data.X[0, 0] = 1.0


def test_bundled_files() -> None:
    data = load_dataset(bundled_path("students.csv"))
    assert data.n_samples >= 500
    assert data.feature_names == FEATURES
    assert len(set(data.names)) == data.n_samples
    assert data.X.min() >= 0 and data.X.max() <= 100
    current = load_dataset(bundled_path("current_year.csv"), target=None, features=FEATURES)
    assert 40 <= current.n_samples <= 60
    assert not set(current.names) & set(data.names)
    with pytest.raises(DataError, match="no such bundled file"):
        bundled_path("nope.csv")


# ----- every error names the file and the line ------------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("", None, "empty"),
        ("\n \r\n\n", None, "empty"),
        (HEADER + "\n", 2, "no rows"),
        (HEADER + "\n,,,,\n", 2, "no rows"),
        ("student,grade,grade,passed\nA,1,2,1\n", 1, "duplicate column"),
        ("student,,passed\nA,1,1\n", 1, "column 2 has no name"),
        ("student,grade\nA,1\n", 1, 'no target column: expected a column named "passed"'),
        (f"{HEADER}\nA,1,2,3,1\nB,1,2,abc,0\n", 3, 'expected a number, got "abc"'),
        (f"{HEADER}\nA,1,2,3,1\nB,1,,3,0\n", 3, "missing value: expected a number"),
        (f"{HEADER}\nB,1,2,3,0\nA,1,2,inf,1\n", 3, "infinite value"),
        (f"{HEADER}\nB,1,2,3,0\nA,1,2,-Infinity,1\n", 3, "infinite value"),
        (f"{HEADER}\nB,1,2,3,0\nA,1,2,nan,1\n", 3, "not a number"),
        (f"{HEADER}\nA,1,2,1\n", 2, "expected 5 fields (as in the header), got 4"),
        (f"{HEADER}\nA,1,2,3,1\nB,1,2,3,4,5\n", 3, "expected 5 fields"),
        (f"{HEADER}\nA,1,2,3,1\nB,1,2,3,maybe\n", 3, 'got "maybe"'),
        (f"{HEADER}\nA,1,2,3,0.5\n", 2, "expected a label"),
        (f"{HEADER}\nA,1,2,3,\n", 2, "missing value: expected a label"),
        ("student,passed\nA,1\n", 1, "no feature columns"),
        (b"PK\x03\x04\x14\x00\x06\x00", None, "save it as CSV"),
        (b"\x00\x01\x02binary\xff", None, "not a text file"),
        (b"a,b\n1,\x81\x8d\x8f\n", None, "not a text file"),
        ("a,b\n1,\x07\n", None, "not a text file"),
    ],
)
def test_errors(tmp_path: Path, content: str | bytes, line: int | None, words: str) -> None:
    message = expect_error(tmp_path, content, line)
    assert words in message


def test_error_names_the_column(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\nA,1,2,3,1\nB,1,2,abc,0\n")
    with pytest.raises(DataError) as err:
        load_dataset(path)
    assert err.value.column == "oral_tests"
    assert str(err.value) == f'{path}, line 3, column "oral_tests": expected a number, got "abc"'


def test_missing_feature_column_is_named(tmp_path: Path) -> None:
    text = "student,class_assignments,written_tests\nA,1,2\n"
    message = expect_error(tmp_path, text, 1, target=None, features=FEATURES)
    assert 'column "oral_tests"' in message and "missing feature column" in message


def test_feature_that_is_the_target_or_twice(tmp_path: Path) -> None:
    assert "target" in expect_error(tmp_path, PLAIN, 1, features=("passed",))
    message = expect_error(tmp_path, PLAIN, 1, features=("oral_tests", "oral_tests"))
    assert "twice" in message


def test_missing_path_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file") as err:
        load_dataset(tmp_path / "nope.csv")
    assert str(tmp_path / "nope.csv") in str(err.value)
    with pytest.raises(DataError, match="is a folder") as err:
        load_dataset(tmp_path)
    assert str(tmp_path) in str(err.value)


# ----- scaling --------------------------------------------------------------------------


X = np.array([[3.5, 200.0, 7.0], [2.0, 800.0, 7.0], [4.0, 500.0, 7.0]])


def test_minmax_maps_training_rows_to_0_1_and_constant_columns_to_0() -> None:
    scaler = Scaler.fit(X)
    assert scaler.method == "minmax"
    out = scaler.transform(X)
    assert np.isfinite(out).all()
    np.testing.assert_allclose(out.min(axis=0), [0, 0, 0])
    np.testing.assert_allclose(out.max(axis=0), [1, 1, 0])
    np.testing.assert_allclose(scaler.inverse_transform(out), X)


def test_standard_and_none() -> None:
    out = Scaler.fit(X, "standard").transform(X)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), [1, 1, 0], atol=1e-12)
    np.testing.assert_array_equal(Scaler.fit(X, "none").transform(X), X)
    with pytest.raises(ValueError, match="unknown scaling"):
        Scaler.fit(X, "log")


def test_scaler_dict_round_trip_and_validation() -> None:
    scaler = Scaler.fit(X, "standard")
    again = Scaler.from_dict(scaler.to_dict())
    assert again.method == "standard"
    np.testing.assert_array_equal(again.offset, scaler.offset)
    np.testing.assert_array_equal(again.scale, scaler.scale)
    bad = [
        {"method": "log", "offset": [0], "scale": [1]},
        {"method": "minmax", "offset": [0, 1], "scale": [1]},
        {"method": "minmax", "offset": [0], "scale": [0]},
        {"method": "minmax", "offset": ["0"], "scale": [1]},
        {"method": "minmax", "offset": [True], "scale": [1]},
        {"method": "minmax", "offset": [float("nan")], "scale": [1]},
        {"method": "minmax", "offset": [10**400], "scale": [1]},
        {"method": "minmax", "scale": [1]},
        [],
    ]
    for data in bad:
        with pytest.raises(DataError):
            Scaler.from_dict(data)  # type: ignore[arg-type]


def test_scaler_rejects_the_wrong_width() -> None:
    with pytest.raises(ValueError, match="shape"):
        Scaler.fit(X).transform(X[:, :2])


# ----- the split ------------------------------------------------------------------------


def test_split_is_seeded_stratified_sorted_and_complete() -> None:
    y = np.array([[1.0]] * 70 + [[0.0]] * 30)
    split = split_indices(y, 0.2, seed=3)
    assert split.test.size == 20
    assert np.sum(y[split.test] == 1.0) == 14
    assert np.all(np.diff(split.train) > 0) and np.all(np.diff(split.test) > 0)
    assert sorted([*split.train, *split.test]) == list(range(100))
    again = split_indices(y, 0.2, seed=3)
    np.testing.assert_array_equal(again.test, split.test)
    other = split_indices(y, 0.2, seed=4)
    assert not np.array_equal(other.test, split.test)


def test_split_edge_cases() -> None:
    y = np.array([[1.0], [0.0], [1.0]])
    split = split_indices(y, 0.0)
    assert split.test.size == 0 and split.train.tolist() == [0, 1, 2]
    split = split_indices(y, 0.9)  # each class keeps one student in training
    assert set(y[split.train, 0]) == {0.0, 1.0}
    assert split_indices(np.zeros((0, 1)), 0.2).train.size == 0
    for bad in (-0.1, 1.0, float("nan")):
        with pytest.raises(ValueError, match="test fraction"):
            split_indices(y, bad)
