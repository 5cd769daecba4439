"""The model file: exact round trip, every field validated, atomic saves that survive a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.data import DataError, Scaler
from engine.model_file import (
    FORMAT,
    FORMAT_VERSION,
    SavedModel,
    load_model,
    model_to_dict,
    save_model,
)
from engine.network import Network
from engine.safe_write import SWEEP_AGE_SECONDS, TEMP_PATTERN
from tests.at_once import one_line_refusal, raised_at_once

ROOT = Path(__file__).resolve().parents[2]


def make_model(seed: int = 0, hidden: tuple[int, ...] = (2,)) -> SavedModel:
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 100, size=(20, 3))
    return SavedModel(
        network=Network.create((3, *hidden, 1), "sigmoid", seed=seed),
        loss="bce",
        feature_names=("class_assignments", "written_tests", "oral_tests"),
        scaler=Scaler.fit(X, "minmax"),
        target_name="passed",
        labels=("fail", "pass"),
        settings={"learning_rate": 0.5, "epochs": 200, "mode": "stochastic", "hidden": [2]},
        seed=seed,
        n_train=16,
    )


def test_round_trip_is_exact(tmp_path: Path) -> None:
    model = make_model(seed=7)
    path = tmp_path / "model.json"
    save_model(path, model)
    again = load_model(path)
    assert again.network.layer_sizes == (3, 2, 1)
    assert again.network.activation == "sigmoid"
    np.testing.assert_array_equal(again.network.parameters(), model.network.parameters())
    np.testing.assert_array_equal(again.scaler.offset, model.scaler.offset)
    np.testing.assert_array_equal(again.scaler.scale, model.scaler.scale)
    assert again.scaler.method == "minmax"
    assert again.feature_names == model.feature_names
    assert again.labels == ("fail", "pass") and again.target_name == "passed"
    assert again.settings == model.settings
    assert (again.seed, again.n_train, again.loss) == (7, 16, "bce")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == FORMAT and raw["format_version"] == FORMAT_VERSION
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_no_hidden_layer_and_other_activations(tmp_path: Path) -> None:
    for hidden, activation in [((), "sigmoid"), ((4, 3), "relu"), ((2,), "tanh")]:
        model = make_model(hidden=hidden)
        net = Network.create((3, *hidden, 1), activation, seed=1)
        model = SavedModel(
            net, "mse", model.feature_names, model.scaler, "ok", ("0", "1"), n_train=16
        )  # trained weights: learned from students (n_train 0 is refused with them)
        save_model(tmp_path / "m.json", model)
        again = load_model(tmp_path / "m.json")
        assert again.network.layer_sizes == (3, *hidden, 1)
        assert again.network.activation == activation and again.loss == "mse"


def test_overwrites_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    save_model(path, make_model(seed=1))
    save_model(path, make_model(seed=2))
    assert load_model(path).seed == 2


# ----- saving never damages the old file -------------------------------------------------


def test_unserialisable_model_leaves_the_old_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    save_model(path, make_model(seed=1))
    before = path.read_bytes()
    bad_settings = SavedModel(**{**make_model().__dict__, "settings": {"x": object()}})
    with pytest.raises(DataError, match="cannot save"):
        save_model(path, bad_settings)
    nan_net = make_model().network.with_weight(0, 0, 0, float("nan"))
    with pytest.raises(DataError, match="cannot save"):
        save_model(path, SavedModel(**{**make_model().__dict__, "network": nan_net}))
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_failing_rename_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.json"
    save_model(path, make_model(seed=1))
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_model(path, make_model(seed=2))
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


CHILD = """
import os, sys, time
sys.path.insert(0, {root!r})
import engine.model_file as mf
from tests.engine.test_model_file import make_model

real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    open({marker!r}, "w").close()  # the new model is in the temporary file, not renamed yet
    time.sleep(60)
os.fsync = slow_fsync
mf.save_model({path!r}, make_model(seed=2))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_save_killed_midway_leaves_the_old_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    marker = tmp_path / "ready"
    save_model(path, make_model(seed=1))
    before = path.read_bytes()
    code = CHILD.format(root=str(ROOT), marker=str(marker), path=str(path))
    child = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert child.poll() is None, "the saving process ended early"
            assert time.monotonic() < deadline, "the saving process never got going"
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert load_model(path).seed == 1
    # SIGKILL leaves the temp file: named so the next save in this folder knows it ...
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and TEMP_PATTERN.match(left[0].name)
    save_model(path, make_model(seed=3))
    assert left[0].exists()  # ... young: it may be another save's, still running
    a_day_ago = time.time() - SWEEP_AGE_SECONDS - 60
    os.utime(left[0], (a_day_ago, a_day_ago))
    save_model(path, make_model(seed=4))
    assert not left[0].exists()  # old: swept
    assert load_model(path).seed == 4
    assert list(tmp_path.glob(".model.json.*.tmp")) == []


# ----- loading refuses broken or mismatched files -----------------------------------------


def good_dict() -> dict[str, Any]:
    return json.loads(json.dumps(model_to_dict(make_model())))  # type: ignore[no-any-return]


def mutations() -> list[tuple[str, Any]]:
    d = good_dict()
    w0 = d["weights"][0]
    return [
        ("format", "something else"),
        ("format_version", 2),
        ("format_version", 0),
        ("format_version", "1"),
        ("format_version", True),
        ("layer_sizes", [3]),
        ("layer_sizes", [3, 2, 2]),
        ("layer_sizes", [3, 0, 1]),
        ("layer_sizes", [3, 2.5, 1]),
        ("layer_sizes", [4, 2, 1]),
        ("layer_sizes", "3-2-1"),
        ("activation", "softmax"),
        ("activation", 1),
        ("loss", "hinge"),
        ("weights", d["weights"][:1]),
        ("weights", [w0[:2], d["weights"][1]]),
        ("weights", [[[*r, 0.1] for r in w0], d["weights"][1]]),
        ("weights", [[[1e400, 0.0]] + w0[1:], d["weights"][1]]),
        ("weights", [[["0.1", 0.0]] + w0[1:], d["weights"][1]]),
        ("weights", [[[True, 0.0]] + w0[1:], d["weights"][1]]),
        ("weights", [[[10**400, 0.0]] + w0[1:], d["weights"][1]]),
        ("biases", [[0.0], [0.0]]),
        ("biases", [[0.0, None], [0.0]]),
        ("biases", None),
        ("feature_names", ["a", "b"]),
        ("feature_names", ["a", "a", "b"]),
        ("feature_names", ["a", 2, "b"]),
        ("scaler", {"method": "minmax", "offset": [0, 0], "scale": [1, 1]}),
        ("scaler", {"method": "log", "offset": [0, 0, 0], "scale": [1, 1, 1]}),
        ("scaler", {"method": "minmax", "offset": [0, 0, 0], "scale": [1, 0, 1]}),
        ("scaler", "minmax"),
        ("target_name", None),
        ("labels", ["pass"]),
        ("labels", ["pass", "pass"]),
        ("labels", [0, 1]),
        ("settings", []),
        ("seed", 1.5),
        ("seed", "0"),
        ("n_train", -1),
    ]


@pytest.mark.parametrize(("key", "value"), mutations())
def test_every_field_is_validated(tmp_path: Path, key: str, value: Any) -> None:
    d = good_dict()
    d[key] = value
    path = tmp_path / "model.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_model(path)
    message = str(err.value)
    assert message.startswith(str(path)) and "\n" not in message


@pytest.mark.parametrize("key", list(good_dict()))
def test_every_field_is_required(tmp_path: Path, key: str) -> None:
    d = good_dict()
    del d[key]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(DataError):
        load_model(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "broken JSON"),
        (b"{", "line 1"),
        (b"[1, 2]", "not a passfail-tui model"),
        (b'{"format": "passfail-tui model", "format_version": 1, "x": NaN}', "NaN"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"student,a,passed\nA,1,1\n", "not a passfail-tui model"),
    ],
)
def test_not_a_model_file(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "model.json"
    path.write_bytes(content)
    with pytest.raises(DataError, match=words):
        load_model(path)


def test_newer_format_version_says_so(tmp_path: Path) -> None:
    d = good_dict()
    d["format_version"] = 2
    path = tmp_path / "model.json"
    path.write_text(json.dumps(d))
    with pytest.raises(DataError, match=r"format version 2.*update passfail-tui"):
        load_model(path)


def test_missing_path_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load_model(tmp_path / "none.json")
    with pytest.raises(DataError, match="is a folder"):
        load_model(tmp_path)


def refused_at_once(path: Path | str, words: str) -> DataError:
    """load_model(path) raises a one-line DataError containing ``words``, without blocking."""
    err = raised_at_once(lambda: load_model(path), f"loading {path}")
    return one_line_refusal(err, path, words)


@pytest.mark.skipif(os.name != "posix", reason="POSIX FIFOs, devices and links")
def test_fifos_devices_and_loops_are_named_before_opening(tmp_path: Path) -> None:
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    refused_at_once(fifo, "is a named pipe (FIFO), not a model file")
    refused_at_once("/dev/zero", "is a device, not a model file")  # size 0: the cap is no help
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    refused_at_once(tmp_path / "a.json", "is a symbolic link that loops, not a model file")


def test_a_model_file_is_read_no_further_than_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.model_file
    import engine.records

    path = tmp_path / "m.json"
    save_model(path, make_model())
    size = path.stat().st_size
    monkeypatch.setattr(engine.model_file, "MAX_MODEL_BYTES", size - 1)
    refused_at_once(path, "larger than")  # by its size, before it is opened
    asked: list[int] = []
    real = engine.records.read_at_most

    def grown(p: str | Path, limit: int, size: int) -> bytes:  # as if it grew after the stat
        asked.append(limit)
        return real(p, limit, size) + b" " * (limit + 1)

    monkeypatch.setattr(engine.model_file, "MAX_MODEL_BYTES", size)
    monkeypatch.setattr(engine.model_file, "read_at_most", grown)
    refused_at_once(path, "larger than")
    assert asked == [size]
    if os.name == "posix":
        assert len(real("/dev/zero", 10)) == 11  # a stream never gives more than cap + 1
        assert len(real("/dev/zero", 3 << 20, size=5)) == (3 << 20) + 1  # "grew" past the stat
    assert real(path, size + 100, size) == path.read_bytes()


def load_raw(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.json"
        path.write_bytes(raw)
        try:
            load_model(path)
        except DataError as err:
            assert "\n" not in str(err)


@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_data_error(raw: bytes) -> None:
    load_raw(raw)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=12,
)


@pytest.mark.slow
@given(st.sampled_from(list(good_dict())), json_values)
def test_any_json_in_any_field_raises_only_data_error(key: str, value: Any) -> None:
    d = good_dict()
    d[key] = value
    load_raw(json.dumps(d).encode())


@given(st.integers(0, 3000), st.binary(min_size=1, max_size=6))
def test_damaged_model_files_raise_only_data_error(at: int, junk: bytes) -> None:
    raw = json.dumps(good_dict()).encode()
    at = min(at, len(raw))
    load_raw(raw[:at] + junk + raw[at + len(junk) :])
