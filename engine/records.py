"""From a file's bytes to CSV records: the encoding, the delimiter, the records and the
line each record starts on (for error messages).

UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"); anything else that is
not UTF-8 is read as Windows-1252 (Excel's "CSV") with a note for the user. Delimiter comma,
semicolon or tab, judged on the header and the first rows. Every error is a ``DataError``.
Only a regular file of at most ``--max-csv-mb`` megabytes is read (``read_bytes``); model
files go through the same check before they are opened (``regular_file``).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import hashlib
import io
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path

from engine.dataset import DataError
from engine.limits import MAX_CSV_MB, MAX_STUDENTS
from engine.safe_write import what_it_is

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""Delimiter -> its name, in the order ties are broken."""

MAX_FIELD = 1 << 20
"""Longest field the reader accepts, in characters."""

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
"""Characters no text file holds (tab, newlines, form feed and vertical tab are fine)."""


@dataclass(frozen=True, eq=False)
class TextFile:
    """A CSV file's text (without BOM) and how it was stored, to write it back the same way.

    ``encoding``: "utf-8", "utf-16" or "cp1252" (as ``Dataset.encoding`` reports it);
    ``codec``: the exact codec to write with ("utf-16-le" ...); ``bom``: whether the file
    began with one; ``sha256``: of the bytes, so a model can name the file it learned from.
    """

    text: str
    encoding: str
    notes: list[str]
    codec: str
    bom: bool
    sha256: str


def regular_file(path: str | Path, what: str = "a CSV file") -> os.stat_result:
    """The stat of ``path`` if it is a regular file; DataError naming what it is otherwise
    ("is a named pipe (FIFO), not ``what``"). Looked at with ``os.stat`` before anything opens
    it, so a FIFO never blocks and a device never floods: every reader (CSV files, model
    files) asks this first."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DataError("no such file", path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError(f"is a symbolic link that loops, not {what}", path) from None
        raise DataError(f"cannot read the file ({exc.strerror or exc})", path) from None
    if not stat.S_ISREG(st.st_mode):
        raise DataError(f"is {what_it_is(st.st_mode)}, not {what}", path)
    return st


def read_at_most(path: str | Path, limit: int, size: int = 0) -> bytes:
    """At most ``limit`` + 1 bytes of a file ``regular_file`` passed (one more than the limit
    shows a file that grew past it); DataError if unreadable. ``size``, what the stat saw, is
    read in one piece: ``read(limit + 1)`` would set aside a buffer of the whole cap however
    small the file. What a file adds after the stat is read in blocks, up to the cap."""
    try:
        with open(path, "rb") as f:
            parts = [f.read(min(size, limit) + 1)]
            total = len(parts[0])
            while size < total <= limit:  # it grew after the stat
                block = f.read(min(1 << 20, limit + 1 - total))
                if not block:
                    break
                parts.append(block)
                total += len(block)
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror or exc})", path) from None
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_bytes(path: str | Path, max_mb: float | None = None) -> bytes:
    """The file's bytes, if it is a regular file (``regular_file``) of at most ``max_mb``
    megabytes (2^20 bytes; None: ``MAX_CSV_MB``); DataError naming what the path is
    otherwise."""
    max_mb = MAX_CSV_MB if max_mb is None else max_mb
    st = regular_file(path)
    limit = int(max_mb * (1 << 20))
    if st.st_size > limit:
        raise DataError(
            f"is {st.st_size / (1 << 20):.1f} MB, larger than --max-csv-mb {max_mb:g}: not read",
            path,
        )
    raw = read_at_most(path, limit, st.st_size)
    if len(raw) > limit:
        raise DataError(f"is larger than --max-csv-mb {max_mb:g}: not read", path)
    return raw


def read_text(path: str | Path, max_mb: float | None = None) -> tuple[str, str, list[str]]:
    """The file's text, the encoding used and notes for the user; raises DataError."""
    found = read_text_file(path, max_mb)
    return found.text, found.encoding, found.notes


def read_text_file(path: str | Path, max_mb: float | None = None) -> TextFile:
    """The file's text and how it was stored (``TextFile``); raises DataError."""
    raw = read_bytes(path, max_mb)
    notes: list[str] = []
    codec = "utf-8"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if raw.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
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
                codec = "cp1252"
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
    bom = raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return TextFile(text, encoding, notes, codec, bom, hashlib.sha256(raw).hexdigest())


def detect_delimiter(text: str, sample_rows: int = 20) -> str:
    """Comma, semicolon or tab, judged on the header and the first rows.

    The delimiter that splits every sampled row into as many fields as the header wins
    over one that does not, then one that does below a first row of fewer fields (a title);
    then the most header fields; then the order of DELIMITERS.
    """
    chunk = text[: 1 << 16]
    best, best_key = ",", (False, False, 1)
    for delim in DELIMITERS:
        counts: list[int] = []
        try:
            for row in csv.reader(io.StringIO(chunk, newline=""), delimiter=delim):
                if not blank(row):
                    counts.append(len(row))
                if len(counts) > sample_rows:
                    break
        except csv.Error:
            continue
        if not counts:
            continue
        if len(chunk) < len(text) and len(counts) > 2:
            counts.pop()  # maybe cut short by the chunk
        key = (_agree(counts), False, counts[0])
        if not key[0] and len(counts) > 2 and counts[0] < counts[1] and _agree(counts[1:]):
            key = (False, True, counts[1])  # a title above the header (engine.preamble)
        if key > best_key:
            best, best_key = delim, key
    return best


def _agree(counts: Sequence[int]) -> bool:
    """Whether every sampled row has as many fields as the first, and more than one."""
    return counts[0] > 1 and all(c == counts[0] for c in counts)


TEXT_BLOCK = 1 << 20
"""Characters of the text copied into one io.StringIO at a time (it holds 4 bytes each)."""


def _blocks(text: str) -> Iterator[io.StringIO]:
    """``text`` cut into StringIOs of about TEXT_BLOCK characters, each cut just after a
    line end (after a \\n, which also ends a \\r\\n; after a \\r only when no \\n follows)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + TEXT_BLOCK)
        if end < 0:
            end = text.find("\r", start + TEXT_BLOCK)
        end = len(text) if end < 0 else end + 1
        yield io.StringIO(text[start:end], newline="")
        start = end


def text_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, as ``io.StringIO(text, newline="")`` gives them,
    a block at a time: a StringIO of the whole text would hold 4 bytes a character."""
    return chain.from_iterable(_blocks(text))


def blank(row: Sequence[str]) -> bool:
    """Whether every cell of a record is empty or spaces (also a blank line)."""
    return all(not cell.strip() for cell in row)


def _record_starts(text: str, delimiter: str) -> list[int]:
    """The first line (1-based) of every CSV record in ``text``, blank records included."""
    reader = csv.reader(text_lines(text), delimiter=delimiter, strict=False)
    starts: list[int] = []
    last = 0
    with contextlib.suppress(csv.Error):
        for _ in reader:
            starts.append(last + 1)
            last = reader.line_num
    return starts


CHUNK_CELLS = 1 << 13
"""Cells parsed at a time (whole records: 4,096 of two cells, 8 of a thousand): only
these are ever held as tuples, the rest as columns."""

SHARED_CELLS = 1 << 12
"""Distinct spellings per column that share one string (every "85.5" is one object): a
column with more keeps one string per cell, as read."""


@dataclass(frozen=True, eq=False)
class Body:
    """The header record and the data rows as columns (every row as long as the header,
    blank rows gone): a million students hold no tuple each, only their cells.

    ``header``: the header's cells, stripped; ``n_rows``: the data rows; ``first``: the
    record index after the header; ``kept``: the record index of each data row, when rows
    were dropped (else None).
    """

    header: tuple[str, ...]
    header_record: int
    columns: list[list[str]]
    n_rows: int
    first: int
    kept: list[int] | None


Title = Callable[[int, Sequence[Sequence[str]], int], None]
"""(fields in the header, the first records after it, the first one's record index) -> None;
raises DataError when the header looks like a title (``engine.preamble.check_title``)."""


def read_columns(
    text: str,
    delimiter: str,
    path: str | Path,
    lines: Lines,
    skip: int = 0,
    title: Title | None = None,
) -> Body | None:
    """The header (its first non-blank record after the first ``skip``, trailing empty cells
    trimmed) and the rows below it as columns; None when every record is blank. ``title``
    sees the first records when they are not all as long as the header. At most
    ``MAX_STUDENTS`` rows (engine.limits): more raise DataError before they are kept, as
    does a bad record."""
    reader = csv.reader(text_lines(text), delimiter=delimiter, strict=False)
    old_limit = csv.field_size_limit(MAX_FIELD)
    try:
        return _columns(reader, path, lines, skip, title)
    except csv.Error as exc:
        raise DataError(f"cannot read this row as CSV ({exc})", path, reader.line_num) from None
    finally:
        csv.field_size_limit(old_limit)


def _columns(
    reader: Iterator[list[str]], path: str | Path, lines: Lines, skip: int, title: Title | None
) -> Body | None:
    h = 0
    for record in reader:
        if h >= skip and not blank(record):
            break
        h += 1
    else:
        return None
    header = [cell.strip() for cell in record]
    n = len(header)
    while n > 1 and not header[n - 1]:
        n -= 1  # trailing empty header cells (spreadsheet padding)
    columns: list[list[str]] = [[] for _ in range(n)]
    shared: list[dict[str, str] | None] = [{} for _ in range(n)]
    kept: list[int] | None = None
    start = n_rows = 0
    while chunk := list(map(tuple, islice(reader, max(1, CHUNK_CELLS // n)))):
        rows: Sequence[Sequence[str]] = chunk
        first = h + 1 + start
        if set(map(len, chunk)) <= {n} and all(map(str.strip, map(itemgetter(0), chunk))):
            if kept is not None:  # else the happy path: no row dropped yet
                kept.extend(range(first, first + len(chunk)))
        else:
            if title is not None and start == 0:
                title(n, chunk, first)
            rows, found = _trimmed_rows(chunk, first, n, lines, path)
            if kept is None:  # the first dropped row: every line before it was kept
                kept = list(range(h + 1, first))
            kept.extend(found)  # in place: a copy per chunk grew with the square of the rows
        start += len(chunk)
        n_rows += len(rows)
        if n_rows > MAX_STUDENTS:
            raise DataError(
                f"more than {MAX_STUDENTS:,} students: at most {MAX_STUDENTS:,} rows are read "
                "(split the file)",
                path,
            )
        for j, column in enumerate(columns):
            spellings = shared[j]
            if spellings is None:
                column.extend(map(itemgetter(j), rows))
                continue
            cells = list(map(itemgetter(j), rows))
            column.extend(map(spellings.setdefault, cells, cells))
            if len(spellings) > SHARED_CELLS:
                shared[j] = None  # ids, names: as many spellings as students
    return Body(tuple(header[:n]), h, columns, n_rows, h + 1, kept)


def _trimmed_rows(
    body: Sequence[Sequence[str]], first: int, n: int, lines: Lines, path: str | Path
) -> tuple[list[Sequence[str]], list[int]]:
    """The rows of ``body`` that are not blank, cut to ``n`` fields, with their record
    indices; a row with other than ``n`` fields (besides blank padding) raises DataError."""
    rows: list[Sequence[str]] = []
    kept: list[int] = []
    for k, row in enumerate(body, start=first):
        if blank(row):
            continue  # blank rows, also ";;;;" from a spreadsheet
        if len(row) != n:
            if len(row) > n and blank(row[n:]):
                row = row[:n]
            else:
                raise DataError(
                    f"expected {n} fields (as in the header), got {len(row)}",
                    path,
                    lines.of_record(k),
                )
        rows.append(row)
        kept.append(k)
    return rows, kept


class Lines:
    """Record index (0-based) -> its first line in the file (1-based). Worked out with a
    second pass over the text, and only when an error or a note needs a line number."""

    def __init__(self, text: str, delimiter: str) -> None:
        self._text = text
        self._delimiter = delimiter
        self._starts: list[int] | None = None

    def of_record(self, k: int) -> int:
        """The first line of record ``k``."""
        if self._starts is None:
            self._starts = _record_starts(self._text, self._delimiter)
        return self._starts[k] if k < len(self._starts) else k + 1
