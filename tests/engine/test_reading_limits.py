"""The CSV reader takes only regular files of bounded size, named at once when they are not
(a FIFO never blocks it), and at most MAX_FEATURES features; networks obey engine.limits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.data import bundled_path, load_dataset
from engine.limits import MAX_FEATURES
from engine.trainer import Trainer, TrainingConfig
from tests.at_once import one_line_refusal, raised_at_once

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX FIFOs, devices and links")


def refused_at_once(path: Path | str, words: str, **kwargs: float) -> None:
    """load_dataset(path) raises a one-line DataError containing ``words``, without blocking."""
    err = raised_at_once(lambda: load_dataset(path, **kwargs), f"reading {path}")  # type: ignore[arg-type]
    one_line_refusal(err, path, words)


@posix_only
def test_a_fifo_is_named_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "students.csv"
    os.mkfifo(fifo)
    refused_at_once(fifo, "is a named pipe (FIFO), not a CSV file")


@posix_only
def test_devices_loops_and_folders_are_named(tmp_path: Path) -> None:
    refused_at_once("/dev/zero", "is a device, not a CSV file")
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    refused_at_once(tmp_path / "a.csv", "is a symbolic link that loops")
    refused_at_once(tmp_path, "is a folder, not a CSV file")
    refused_at_once(tmp_path / "missing.csv", "no such file")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w") as f:
        f.write("student,a,passed\n" + "Ann,50,1\nBo,40,0\n" * 70_000)  # 1.3 MB
    refused_at_once(big, "larger than --max-csv-mb 1", max_mb=1)
    assert load_dataset(big).n_samples == 140_000  # the default, 64 MB, reads it


def test_a_sparse_file_is_refused_by_its_size(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.csv"
    with sparse.open("wb") as f:
        f.truncate(100 << 30)  # 100 GB of nothing, no disk used
    refused_at_once(sparse, "larger than --max-csv-mb 64")


def test_at_most_max_features(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    n = MAX_FEATURES + 1
    wide.write_text(
        ",".join([*(f"g{i}" for i in range(n)), "passed"])
        + "\n"
        + "\n".join(",".join(["1"] * n + [str(k % 2)]) for k in range(4))
        + "\n"
    )
    refused_at_once(wide, f"at most {MAX_FEATURES:,} features")
    assert load_dataset(wide, features=[f"g{i}" for i in range(10)]).n_features == 10


def test_networks_obey_the_limits() -> None:
    data = load_dataset(bundled_path("students.csv"))
    for hidden, words in [((257,), "1 to 256 nodes"), ((2,) * 5, "at most 4 hidden layers")]:
        with pytest.raises(ValueError, match=words):
            TrainingConfig(hidden=hidden)
    assert Trainer(data, TrainingConfig(hidden=(256, 256))).network.n_parameters < 100_000
    with pytest.raises(ValueError, match="at most 100,000 weights and biases"):
        Trainer(data, TrainingConfig(hidden=(256, 256, 256)))
