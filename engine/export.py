"""Writing a file back as it came, with new cells at the end of each record.

A teacher's export (a BOM for Excel, CRLF, semicolons, decimal commas, quoted names over
two lines) must open in the same spreadsheet exactly as before, plus the new columns. So
nothing is rewritten from parsed cells: each raw record of the input text is copied as it
was and the new cells are appended before its line end; records that are no student
(blank lines, lines above the header) are copied untouched.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}
"""The byte order mark each encoding writes when the input had one."""


@dataclass(frozen=True, eq=False)
class Source:
    """How a CSV was read, to write it back the same way.

    ``text``: the decoded text (without BOM). ``encoding``: the codec to write with
    ("utf-8", "cp1252", "utf-16-le", "utf-16-be"); ``bom``: whether the file began with one.
    ``decimal_mark``: "," or ".", as the file's numbers are written. ``header_record``: the
    header's CSV record index; ``records``: the record index of each student, in file order.
    """

    text: str
    encoding: str
    bom: bool
    delimiter: str
    decimal_mark: str
    header_record: int
    records: Sequence[int]


def number_text(value: float, decimal_mark: str = ".") -> str:
    """The shortest text that reads back as exactly ``value``, with the file's decimal mark."""
    text = repr(float(value))
    return text.replace(".", decimal_mark) if decimal_mark != "." else text


def cell_text(cell: str, delimiter: str) -> str:
    """One new cell as CSV: quoted only when it holds the delimiter, a quote or a newline."""
    if any(c in cell for c in (delimiter, '"', "\r", "\n")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _records(text: str, delimiter: str) -> list[tuple[int, int, int]]:
    """(first line, end line, number of fields) of every CSV record, as the reader saw them.

    Lines are split as the reader splits them (\\r\\n, \\n or \\r, kept), so record k here is
    record k of the reader.
    """
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    spans: list[tuple[int, int, int]] = []
    start = 0
    with contextlib.suppress(csv.Error):
        for record in reader:
            spans.append((start, reader.line_num, len(record)))
            start = reader.line_num
    return spans


def _line_end(raw: str) -> str:
    for end in ("\r\n", "\n", "\r"):
        if raw.endswith(end):
            return end
    return ""


def first_fields(body: str, delimiter: str, keep: int) -> str:
    """The raw text of a record's first ``keep`` fields (a delimiter inside quotes is text)."""
    quoted = False
    seen = 0
    for i, c in enumerate(body):
        if c == '"':
            quoted = not quoted
        elif c == delimiter and not quoted:
            seen += 1
            if seen == keep:
                return body[:i]
    return body


def append_columns(
    source: Source,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    keep: int | None = None,
) -> bytes:
    """The input file's bytes with ``header`` appended to its header record and ``rows[i]``
    to the record of student i; every other byte as it came (encoding and BOM included).

    A record with fewer fields than the widest of them (a spreadsheet trims trailing empty
    cells) gets empty cells first, so the new columns line up. ``keep``: the header's and
    the students' records are cut to their first ``keep`` fields first (earlier columns
    of the same name are replaced, not repeated).
    """
    if len(rows) != len(source.records):
        raise ValueError(f"expected {len(source.records)} rows of new cells, got {len(rows)}")
    lines = io.StringIO(source.text, newline="").readlines()
    spans = _records(source.text, source.delimiter)
    extra: dict[int, Sequence[str]] = {source.header_record: header}
    extra.update(zip(source.records, rows))
    cut = max(fields for _, _, fields in spans) if keep is None else keep
    width = max(min(spans[k][2], cut) for k in extra)
    out: list[str] = []
    done = 0
    for k, (first, end, fields) in enumerate(spans):
        raw = "".join(lines[first:end])
        cells = extra.get(k)
        if cells is None:
            out.append(raw)
        else:
            eol = _line_end(raw)
            body = raw[: len(raw) - len(eol)]
            if fields > cut:
                body, fields = first_fields(body, source.delimiter, cut), cut
            pad = source.delimiter * (width - fields)
            new = "".join(source.delimiter + cell_text(c, source.delimiter) for c in cells)
            out.append(body + pad + new + eol)
        done = end
    out.append("".join(lines[done:]))
    data = "".join(out).encode(source.encoding, errors="replace")
    return (BOMS.get(source.encoding, b"") if source.bom else b"") + data
