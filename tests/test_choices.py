"""The CLI offers exactly the activations and losses the engine's tables hold.

``tui/cli_parser.py`` imports no numpy (``--help`` starts fast), so it spells the names out;
this keeps them in step with ``engine.activations.ACTIVATION_TABLE`` and ``LOSS_TABLE``.
"""

from __future__ import annotations

from engine.activations import ACTIVATION_TABLE
from engine.losses import LOSS_TABLE
from tui.cli_parser import build_parser


def choices(option: str) -> list[str]:
    for action in build_parser()._actions:
        if option in action.option_strings:
            return list(action.choices or ())
    raise AssertionError(f"no option {option}")


def test_cli_choices_are_the_engine_tables() -> None:
    assert choices("--activation") == list(ACTIVATION_TABLE)
    assert choices("--loss") == list(LOSS_TABLE)
