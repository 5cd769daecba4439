"""Reading a CSV and training on it cost a small multiple of the file's size, whatever its
shape: no Python tuple per student, at most MAX_STUDENTS students (engine.limits)."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import records
from engine.data import DataError, load_dataset
from engine.trainer import Trainer, TrainingConfig
from tests.at_once import one_line_refusal

T = TypeVar("T")


def held_and_peak(make: Callable[[], T]) -> tuple[T, int, int]:
    """What ``make()`` returns, the bytes it still holds after and the most it held at once."""
    tracemalloc.start()
    try:
        made = make()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return made, held, peak


def tiny_rows(path: Path, n: int) -> Path:
    """The tester's file: ``a,passed`` then ``1,1`` / ``0,0``, four bytes a student."""
    path.write_text("a,passed\n" + "1,1\n0,0\n" * (n // 2))
    return path


@pytest.mark.slow  # 200,000 rows under tracemalloc: 2 s
def test_reading_tiny_rows_costs_at_most_ten_times_the_file(tmp_path: Path) -> None:
    path = tiny_rows(tmp_path / "tiny.csv", 200_000)
    data, held, peak = held_and_peak(lambda: load_dataset(path))
    size = path.stat().st_size
    assert data.n_samples == 200_000
    assert data.names[199_999] == "student 200000"
    assert peak <= 10 * size, f"peak {peak / size:.1f}x the file"
    assert held <= 6 * size, f"held {held / size:.1f}x the file"


@pytest.mark.slow  # 50,000 rows under tracemalloc: 1.5 s
def test_reading_the_bundled_shape_costs_at_most_ten_times_the_file(tmp_path: Path) -> None:
    path = tmp_path / "students.csv"
    rows = (f"Student {i},{i % 97}.{i % 10},{i % 89}.5,{i % 83},{i % 2}\n" for i in range(50_000))
    path.write_text("student,class_assignments,written_tests,oral_tests,passed\n" + "".join(rows))
    data, _, peak = held_and_peak(lambda: load_dataset(path))
    assert data.n_samples == 50_000
    assert peak <= 10 * path.stat().st_size, f"peak {peak / path.stat().st_size:.1f}x the file"


def test_reading_a_wide_file_of_digits_costs_at_most_ten_times_the_file(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    header = ",".join(f"g{j}" for j in range(300)) + ",passed\n"
    rows = (",".join(str((i * j) % 10) for j in range(300)) + f",{i % 2}\n" for i in range(1200))
    path.write_text(header + "".join(rows))
    data, _, peak = held_and_peak(lambda: load_dataset(path))
    assert data.X.shape == (1200, 300)
    assert peak <= 10 * path.stat().st_size, f"peak {peak / path.stat().st_size:.1f}x the file"


def test_the_trainer_holds_no_python_object_per_student(tmp_path: Path) -> None:
    data = load_dataset(tiny_rows(tmp_path / "tiny.csv", 100_000))
    trainer, held, _ = held_and_peak(lambda: Trainer(data, TrainingConfig(epochs=1)))
    assert held <= 60 * data.n_samples  # numpy copies of X and y: ~40 bytes a student
    before = trainer.network
    trainer.run_epoch()
    assert trainer.network is not before


def test_more_than_max_students_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "MAX_STUDENTS", 10)
    monkeypatch.setattr(records, "CHUNK_CELLS", 8)  # 4 rows
    path = tiny_rows(tmp_path / "many.csv", 12)
    with pytest.raises(DataError) as err:
        load_dataset(path)
    one_line_refusal(err.value, path, "more than 10 students: at most 10 rows are read")
    path.write_text("a,passed\n" + "1,1\n\n0,0\n" * 5)  # blank lines are no students
    assert load_dataset(path).n_samples == 10


def test_rows_across_chunks_keep_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "CHUNK_CELLS", 9)  # 3 rows
    path = tmp_path / "gaps.csv"
    path.write_text("a,b,passed\n1,2,1\n3,4,0\n5,6,1\n\n7,8,0\n,,\n9,10,1\n11,12,0,,\n13,x,1\n")
    with pytest.raises(DataError) as err:
        load_dataset(path, missing="keep")
    assert str(err.value) == f'{path}, line 10, column "b": expected a number, got "x"'
    path.write_text(path.read_text().replace("13,x,1\n", "13,14,1\n") + "1,2\n")
    with pytest.raises(DataError) as err:
        load_dataset(path)
    assert str(err.value) == f"{path}, line 11: expected 3 fields (as in the header), got 2"
    path.write_text(path.read_text().replace("1,2\n", ""))
    data = load_dataset(path)
    assert data.X[:, 0].tolist() == [1, 3, 5, 7, 9, 11, 13]
    assert data.source is not None
    assert list(data.source.records) == [1, 2, 3, 5, 7, 8, 9]


@given(st.text(alphabet='a,"\r\n ', max_size=40), st.integers(1, 8))
def test_text_lines_split_as_the_csv_reader_was_fed(text: str, block: int) -> None:
    records.TEXT_BLOCK, before = block, records.TEXT_BLOCK  # blocks of a few characters
    try:
        assert list(records.text_lines(text)) == list(io.StringIO(text, newline=""))
    finally:
        records.TEXT_BLOCK = before
