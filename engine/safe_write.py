"""Writing the user's files without destroying anything they use: the one place every writer
(``train --save``, ``predict --out``, the screen's save and export) goes through.

``write_text(path, text, kind, inputs, learned_from)`` refuses, with one DataError naming the
file and the reason, before any byte is written:

- a destination that is not a regular file (a folder, a FIFO, a device, a socket), a
  symbolic link that dangles or loops, or a folder that does not exist;
- the same file, by device and inode (not by spelling), as any of ``inputs`` (the files the
  command reads);
- a file whose bytes are those the model learned from (``learned_from``: the model's
  ``data`` field, name and sha256), wherever it is: a copy of the training file is the
  teacher's history too;
- a file of another kind: a model over anything but a model, predictions over a model or a
  file that is not text (the existing file's first bytes are sniffed);
- predictions over any other text file (a gradebook, notes) unless it is this app's own
  earlier output (the writer's ``ours`` test) or the user said so (``force``): ``Occupied``.

Then it writes a temp file ``.NAME.passfail-XXXXXXXX.tmp`` in the real target's folder (through
a symbolic link, to the file it points at), flushes it, gives it the mode of the file it
replaces (or the umask's for a new file) and renames it over the target, so a killed write
leaves the old file whole. The temp file is removed on every exit Python sees; one left by a
``kill -9`` is swept by a later write to the same folder once it is a day old.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from engine.dataset import DataError

if TYPE_CHECKING:
    from engine.saved_model import DataRef

KINDS = ("model", "predictions")
"""What a writer writes: a model file (JSON) or predictions (CSV)."""

TEMP_MARK = ".passfail-"
"""Every temp file is named ``.NAME`` + this + random letters + ``.tmp``."""

TEMP_PATTERN = re.compile(r"^\..+\.passfail-[A-Za-z0-9_]+\.tmp$")
"""The only names the sweep removes."""

SWEEP_AGE_SECONDS = 24 * 60 * 60
"""A temp file older than this belongs to a write that was killed."""

_SNIFF_BYTES = 4096
_MODEL_MARK = re.compile(rb'"format"\s*:\s*"passfail-tui model"')


class Occupied(DataError):
    """The refusal to write predictions over a text file they did not write: the caller may
    add how the user says "replace it" (``--force``)."""


def new_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0o666 less the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def what_it_is(mode: int) -> str:
    """A file type in words, for a refusal ("is a named pipe (FIFO)")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _real_target(path: Path) -> Path:
    """The file a write to ``path`` must replace: a symbolic link's target; DataError for a
    link that dangles or loops."""
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return path
    except OSError as exc:  # a loop in a folder on the way, or no permission
        raise DataError(f"cannot look at this path ({exc.strerror or exc})", path) from None
    if not is_link:
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError("is a symbolic link that loops: not written", path) from None
        raise DataError(
            f"is a symbolic link to {os.readlink(path)}, which does not exist: not written", path
        ) from None


def _sniff(target: Path) -> str:
    """The kind of an existing regular file from its first bytes: "empty", "model", "text"
    or "binary"."""
    try:
        with open(target, "rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError as exc:
        raise DataError(f"cannot read the file it would replace ({exc.strerror})", target) from None
    if not head.strip():
        return "empty"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and _MODEL_MARK.search(head):
        return "model"
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        return "binary"
    return "text"


def _sha256(target: Path) -> str:
    """The sha256 of a regular file's bytes, read in blocks (memory stays small)."""
    digest = hashlib.sha256()
    try:
        with open(target, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise DataError(f"cannot read the file it would replace ({exc.strerror})", target) from None
    return digest.hexdigest()


def check_destination(
    path: str | Path,
    kind: str,
    inputs: Iterable[str | Path | None] = (),
    learned_from: DataRef | None = None,
    *,
    ours: Callable[[Path], bool] | None = None,
    force: bool = False,
) -> tuple[Path, os.stat_result | None]:
    """The real file a write of ``kind`` to ``path`` replaces and its stat (None when it does
    not exist yet); raises DataError (one line: the path and why) when the write would
    destroy something: one of ``inputs``, or the file ``learned_from`` names by sha256, or
    (``Occupied``) a text file predictions would replace that is not ``ours`` (a test of
    the existing file: this writer's earlier output), unless ``force``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    given = Path(path)
    target = _real_target(given)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise DataError(f"cannot look at this path ({exc.strerror or exc})", given) from None
    if st is None:
        folder = target.parent
        if not folder.is_dir():
            raise DataError("no such folder", folder)
        return target, None
    if not stat.S_ISREG(st.st_mode):
        raise DataError(f"is {what_it_is(st.st_mode)}, not a file: not written", given)
    for source in inputs:
        if source is None:
            continue
        try:
            same = os.path.samestat(st, os.stat(source))
        except OSError:
            continue
        if same:
            which = "" if str(source) == str(given) else f" ({source})"
            raise DataError(
                f"is the file being read{which}: not overwritten; choose another name", given
            )
    if learned_from is not None and _sha256(target) == learned_from.sha256:
        which = "" if learned_from.name == given.name else f" ({learned_from.name})"
        raise DataError(
            f"is the file the model was trained on{which}: not overwritten; choose another name",
            given,
        )
    found = _sniff(target)
    if kind == "model" and found not in ("empty", "model"):
        what = (
            "a file that is not a passfail-tui model" if found == "binary" else "a CSV or text file"
        )
        raise DataError(f"is {what}: a model does not overwrite it; choose another name", given)
    if kind == "predictions" and found in ("model", "binary"):
        what = "a passfail-tui model" if found == "model" else "a file that is not text"
        raise DataError(f"is {what}: predictions do not overwrite it; choose another name", given)
    if kind == "predictions" and found == "text" and not force and not (ours and ours(target)):
        raise Occupied(
            "already exists and is not an earlier predictions file with these columns: "
            "not overwritten; choose another name",
            given,
        )
    return target, st


def write_text(
    path: str | Path,
    text: str | bytes,
    kind: str,
    inputs: Iterable[str | Path | None] = (),
    learned_from: DataRef | None = None,
    *,
    ours: Callable[[Path], bool] | None = None,
    force: bool = False,
) -> Path:
    """Check (``check_destination``, with the files read, the model's training data and, for
    predictions, ``ours``/``force``), then write ``text`` (UTF-8; bytes as they are, e.g. a
    CSV written back in its own encoding) atomically to the real target; returns the file
    written. DataError for a refusal, OSError when the disk says no."""
    target, st = check_destination(path, kind, inputs, learned_from, ours=ours, force=force)
    folder = target.parent
    sweep_temp_files(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}{TEMP_MARK}", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, new_file_mode() if st is None else stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)
    return target


def sweep_temp_files(folder: str | Path, now: float | None = None) -> list[Path]:
    """Remove this program's temp files (``.NAME.passfail-XXXX.tmp``) older than a day from
    ``folder``: what a killed write left. Nothing else is touched; returns what was removed."""
    limit = (time.time() if now is None else now) - SWEEP_AGE_SECONDS
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if TEMP_MARK not in entry.name or not TEMP_PATTERN.match(entry.name):
            continue
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_mtime < limit:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
