"""Writers never destroy what the user has: inputs by inode, other kinds of file, nodes that
are not files, symbolic links (written through), and killed writes' temp files (swept)."""

from __future__ import annotations

import os
import socket
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.data import DataError
from engine.model_file import load_model, save_model
from engine.safe_write import (
    TEMP_PATTERN,
    Occupied,
    check_destination,
    sweep_temp_files,
    write_text,
)
from tests.at_once import raised_at_once
from tests.engine.test_model_file import make_model

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX links, FIFOs and devices")

CSV = "student,class_assignments,passed\nAnn,80,1\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "students.csv").write_text(CSV, encoding="utf-8")
    save_model(tmp_path / "model.json", make_model(seed=1))
    return tmp_path


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# ----- the file being read -----------------------------------------------------------------


def test_the_input_is_refused_however_it_is_spelled(folder: Path) -> None:
    data = folder / "students.csv"
    other_spelling = folder / "sub" / ".." / "students.csv"
    (folder / "sub").mkdir()
    for dest in (data, other_spelling):
        with pytest.raises(DataError, match="is the file being read"):
            write_text(dest, "x\n", "predictions", inputs=[data])
    assert data.read_text(encoding="utf-8") == CSV


@posix_only
def test_a_hard_link_or_symbolic_link_to_the_input_is_the_same_file(folder: Path) -> None:
    data = folder / "students.csv"
    os.link(data, folder / "hard.csv")
    (folder / "soft.csv").symlink_to(data)
    for dest in ("hard.csv", "soft.csv"):
        with pytest.raises(DataError, match="is the file being read") as err:
            write_text(folder / dest, "x\n", "predictions", inputs=[None, data])
        assert str(err.value).startswith(str(folder / dest))
    assert data.read_text(encoding="utf-8") == CSV


def test_the_file_the_model_learned_from_is_refused_by_its_bytes(folder: Path) -> None:
    import hashlib

    from engine.saved_model import DataRef

    data = folder / "students.csv"
    learned = DataRef("students.csv", hashlib.sha256(data.read_bytes()).hexdigest())
    (folder / "copy.csv").write_bytes(data.read_bytes())
    for dest, words in [
        (data, "students.csv: is the file the model was trained on: not overwritten"),
        (folder / "copy.csv", "is the file the model was trained on (students.csv)"),
    ]:
        with pytest.raises(DataError, match=r"trained on") as err:
            write_text(dest, "x\n", "predictions", learned_from=learned)
        assert words in str(err.value) and "\n" not in str(err.value)
    assert data.read_text(encoding="utf-8") == CSV == (folder / "copy.csv").read_text("utf-8")
    write_text(folder / "copy.csv", "x\n", "predictions", force=True)  # no model, told: replaced
    other = DataRef("students.csv", "0" * 64)
    write_text(data, "y\n", "predictions", learned_from=other, force=True)
    assert data.read_text(encoding="utf-8") == "y\n"  # other bytes: not that file any more
    assert temp_files(folder) == []


# ----- kinds -------------------------------------------------------------------------------


def test_a_model_never_replaces_a_csv(folder: Path) -> None:
    with pytest.raises(DataError, match="a model does not overwrite it"):
        save_model(folder / "students.csv", make_model(seed=2))
    assert (folder / "students.csv").read_text(encoding="utf-8") == CSV
    assert temp_files(folder) == []


def test_predictions_never_replace_a_model(folder: Path) -> None:
    before = (folder / "model.json").read_bytes()
    with pytest.raises(DataError, match="predictions do not overwrite it"):
        write_text(folder / "model.json", CSV, "predictions")
    assert (folder / "model.json").read_bytes() == before


def test_a_model_replaces_a_model_and_predictions_replace_predictions(folder: Path) -> None:
    save_model(folder / "model.json", make_model(seed=2))
    assert load_model(folder / "model.json").seed == 2
    write_text(folder / "out.csv", CSV, "predictions")
    with pytest.raises(Occupied, match=r"out\.csv: already exists and is not an earlier predic"):
        write_text(folder / "out.csv", CSV + "Bo,20,0\n", "predictions")
    with pytest.raises(Occupied):
        write_text(folder / "out.csv", CSV + "Bo,20,0\n", "predictions", ours=lambda p: False)
    assert (folder / "out.csv").read_text(encoding="utf-8") == CSV
    ours = (folder / "out.csv").__eq__  # handed the real target
    write_text(folder / "out.csv", CSV + "Bo,20,0\n", "predictions", ours=ours)
    assert (folder / "out.csv").read_text(encoding="utf-8").endswith("Bo,20,0\n")
    write_text(folder / "out.csv", CSV, "predictions", force=True)
    assert (folder / "out.csv").read_text(encoding="utf-8") == CSV
    with pytest.raises(DataError, match="predictions do not overwrite it"):
        write_text(folder / "model.json", CSV, "predictions", ours=bool, force=True)
    (folder / "empty.json").write_bytes(b"")
    save_model(folder / "empty.json", make_model(seed=3))
    assert load_model(folder / "empty.json").seed == 3


# ----- not regular files ----------------------------------------------------------------


def refused_quickly(dest: Path, kind: str, words: str) -> None:
    """The refusal comes without opening ``dest`` (a FIFO would block an open forever)."""
    err = raised_at_once(lambda: write_text(dest, "x\n", kind), f"writing to {dest}")
    assert isinstance(err, DataError) and words in str(err)


@posix_only
def test_a_fifo_is_refused_without_blocking(folder: Path) -> None:
    fifo = folder / "pipe.csv"
    os.mkfifo(fifo)
    refused_quickly(fifo, "predictions", "is a named pipe (FIFO)")
    refused_quickly(fifo, "model", "is a named pipe (FIFO)")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert temp_files(folder) == []


@posix_only
def test_a_device_is_refused_and_left_alone() -> None:
    refused_quickly(Path(os.devnull), "model", "is a device")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@posix_only
def test_a_socket_and_a_folder_are_refused(folder: Path) -> None:
    short = Path(tempfile.mkdtemp(prefix="pf"))  # socket paths must be short
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(short / "s"))
        refused_quickly(short / "s", "predictions", "is a socket")
    finally:
        sock.close()
        os.unlink(short / "s")
        short.rmdir()
    refused_quickly(folder, "model", "is a folder")


def test_a_missing_folder_is_refused(folder: Path) -> None:
    with pytest.raises(DataError, match="no such folder"):
        check_destination(folder / "nope" / "m.json", "model")


# ----- symbolic links ------------------------------------------------------------------------


@posix_only
def test_a_symbolic_link_is_written_through_to_its_target(folder: Path) -> None:
    elsewhere = folder / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "real.json").write_bytes((folder / "model.json").read_bytes())
    link = folder / "link.json"
    link.symlink_to(elsewhere / "real.json")
    written = save_model(link, make_model(seed=5))
    assert link.is_symlink()
    assert written == (elsewhere / "real.json").resolve()
    assert load_model(elsewhere / "real.json").seed == 5
    assert temp_files(folder) == [] and temp_files(elsewhere) == []


@posix_only
def test_a_new_file_through_a_link_to_a_folder(folder: Path) -> None:
    (folder / "out").mkdir()
    (folder / "to_out").symlink_to(folder / "out")
    write_text(folder / "to_out" / "p.csv", CSV, "predictions")
    assert (folder / "out" / "p.csv").read_text(encoding="utf-8") == CSV


@posix_only
def test_dangling_and_looping_links_are_refused(folder: Path) -> None:
    (folder / "dangling.json").symlink_to(folder / "gone.json")
    (folder / "a.json").symlink_to(folder / "b.json")
    (folder / "b.json").symlink_to(folder / "a.json")
    with pytest.raises(DataError, match="which does not exist"):
        save_model(folder / "dangling.json", make_model())
    with pytest.raises(DataError, match="loops"):
        save_model(folder / "a.json", make_model())
    assert not (folder / "gone.json").exists()
    assert (folder / "a.json").is_symlink() and (folder / "b.json").is_symlink()


# ----- temp files ---------------------------------------------------------------------------


@pytest.fixture
def leftovers(tmp_path: Path) -> Iterator[dict[str, Path]]:
    day = 24 * 60 * 60
    files = {
        "old": tmp_path / ".model.json.passfail-ab12cd_3.tmp",
        "young": tmp_path / ".model.json.passfail-zz99yy00.tmp",
        "other program": tmp_path / ".model.json.ab12cd34.tmp",
        "user's": tmp_path / "notes.passfail-ab12.tmp",
    }
    for path in files.values():
        path.write_text("half a model", encoding="utf-8")
    now = time.time()
    for name in ("old", "other program", "user's"):
        os.utime(files[name], (now - 2 * day, now - 2 * day))
    yield files


def test_the_sweep_removes_only_its_own_old_temp_files(
    tmp_path: Path, leftovers: dict[str, Path]
) -> None:
    assert [p.name for p in sweep_temp_files(tmp_path)] == [leftovers["old"].name]
    assert {n for n, p in leftovers.items() if p.exists()} == {"young", "other program", "user's"}


def test_a_write_sweeps_its_folder(tmp_path: Path, leftovers: dict[str, Path]) -> None:
    save_model(tmp_path / "model.json", make_model())
    assert not leftovers["old"].exists() and leftovers["young"].exists()


def test_temp_names_follow_the_pattern(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    save_model(tmp_path / "model.json", make_model())
    assert len(seen) == 1 and TEMP_PATTERN.match(seen[0])
    assert seen[0].startswith(".model.json.passfail-")
