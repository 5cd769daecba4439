"""Writing a CSV back as it came: only new cells appended, every other byte kept."""

from __future__ import annotations

import csv
import io

from engine.export import Source, append_columns, number_text

TEXT = 'Name;Grade;Comment\r\n"Kovač; José";7,5;"two\r\nlines"\r\n\r\nAna;6;\r\n'


def source(text: str = TEXT, **kw: object) -> Source:
    fields: dict[str, object] = {
        "text": text,
        "encoding": "utf-8",
        "bom": True,
        "delimiter": ";",
        "decimal_mark": ",",
        "header_record": 0,
        "records": (1, 3),
    }
    fields.update(kw)
    return Source(**fields)  # type: ignore[arg-type]


def test_new_cells_go_at_the_end_of_each_raw_record() -> None:
    out = append_columns(source(), ["probability", "prediction"], [["0,25", "fail"], ["1", "a;b"]])
    assert out.startswith(b"\xef\xbb\xbf")
    assert out.decode("utf-8-sig") == (
        "Name;Grade;Comment;probability;prediction\r\n"
        '"Kovač; José";7,5;"two\r\nlines";0,25;fail\r\n'
        "\r\n"
        'Ana;6;;1;"a;b"\r\n'
    )


def test_short_records_are_padded_so_columns_line_up() -> None:
    text = "a,b,c\n1,2\n3,4,5"  # a trimmed row, no line end at the end of the file
    out = append_columns(
        source(text, delimiter=",", bom=False, records=(1, 2)), ["p"], [["x"], ["y"]]
    )
    assert out == b"a,b,c,p\n1,2,,x\n3,4,5,y"
    rows = list(csv.reader(io.StringIO(out.decode())))
    assert [r[3] for r in rows] == ["p", "x", "y"]


def test_other_encodings_and_lone_cr() -> None:
    text = "Nom\tNote\rRené\t12\r"
    for encoding in ("cp1252", "utf-16-le", "utf-16-be"):
        out = append_columns(
            source(text, delimiter="\t", encoding=encoding, bom=encoding != "cp1252", records=(1,)),
            ["p"],
            [["0,5"]],
        )
        decoded = out.decode("utf-16" if encoding.startswith("utf-16") else encoding)
        assert decoded == "Nom\tNote\tp\rRené\t12\t0,5\r"


def test_number_text_round_trips_with_the_decimal_mark() -> None:
    for value in (0.1, 2 / 3, 1e-7, 0.5):
        assert float(number_text(value)) == value
        assert float(number_text(value, ",").replace(",", ".")) == value
    assert number_text(0.25, ",") == "0,25"


def test_keep_replaces_the_last_columns_quotes_and_short_rows_included() -> None:
    text = 'Name;Grade;p;note\r\n"Kovač; José";7,5;0,5;"no; grade"\r\n\r\nAna;6\r\n'
    out = append_columns(source(text), ["p", "note"], [["0,25", "x;y"], ["1", ""]], keep=2)
    assert out.decode("utf-8-sig") == (
        'Name;Grade;p;note\r\n"Kovač; José";7,5;0,25;"x;y"\r\n\r\nAna;6;1;\r\n'
    )
