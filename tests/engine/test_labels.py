"""Pass/fail words in many languages, --positive, and the messages for the rest."""

from __future__ import annotations

import pytest

from engine.labels import PAIRS, LabelError, fold, read_labels


def test_fold_drops_case_accents_and_spaces() -> None:
    assert fold("  AJOURNÉ ") == "ajourne"
    assert fold("Nicht   Bestanden") == "nicht bestanden"
    assert fold("Reçu") == "recu"


@pytest.mark.parametrize(("yes", "no"), PAIRS)
def test_every_pair_reads_in_any_case(yes: str, no: str) -> None:
    cells = [no.upper(), yes.capitalize(), yes, no]
    labels = read_labels(cells)
    assert [labels.values[c] for c in cells] == [0.0, 1.0, 1.0, 0.0]


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        (["P", "F", "P"], ("F", "P")),
        (["Aprobado", "Suspenso"], ("Suspenso", "Aprobado")),
        (["admis", "ajourne"], ("ajourne", "admis")),  # no accent typed: still read
        (["Bestanden", "nicht bestanden"], ("nicht bestanden", "Bestanden")),
        (["1", "0.0", "0"], ("0", "1")),
    ],
)
def test_the_words_shown_are_the_files_own(cells: list[str], words: tuple[str, str]) -> None:
    labels = read_labels(cells)
    assert (labels.negative, labels.positive) == words


def test_a_class_the_file_never_mentions_gets_its_pairs_word() -> None:
    assert read_labels(["Aprobado"]).negative == "Suspenso"
    assert read_labels(["FAIL"]).positive == "PASS"
    assert read_labels(["zaliczony"]).negative == "niezaliczony"


def test_two_unknown_values_suggest_positive() -> None:
    with pytest.raises(LabelError) as err:
        read_labels(["ok", "ko", "ok"])
    message = str(err.value)
    assert '"ok" and "ko"' in message
    assert "--positive ok" in message


def test_a_third_value_is_named() -> None:
    with pytest.raises(LabelError) as err:
        read_labels(["pass", "fail", "maybe"])
    assert '"maybe"' in str(err.value)
    assert err.value.cells == ("maybe",)


def test_positive_names_the_passing_value() -> None:
    labels = read_labels(["ok", "ko", "OK "], positive="ok")
    assert labels.values == {"ok": 1.0, "ko": 0.0, "OK ": 1.0}
    assert (labels.negative, labels.positive) == ("ko", "ok")


def test_positive_overrides_the_built_in_words() -> None:
    labels = read_labels(["yes", "no"], positive="no")  # a column "failed?": yes means failed
    assert labels.values == {"yes": 0.0, "no": 1.0}


def test_positive_that_is_no_value_of_the_column() -> None:
    with pytest.raises(LabelError, match=r'--positive "Admis" is not a value.*"ok" and "ko"'):
        read_labels(["ok", "ko"], positive="Admis")


def test_positive_needs_two_values_at_most() -> None:
    with pytest.raises(LabelError) as err:
        read_labels(["a", "b", "c"], positive="a")
    assert err.value.cells == ("c",)
