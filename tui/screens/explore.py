"""The Explore views' shared frame, and the App's one-line actions that open them.

Each view is a ``ModalScreen`` drawn opaque over the simulator (the simulator's own keys
are blocked while it is open; each view binds its own and ``escape`` goes back). Views read
the App's trainer and current student, change them only through the engine (undoable
weight edits via ``Trainer.set_network``), and the simulator is redrawn when one closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.binding import Binding, BindingType

from tui.screens.modal import OnceModal
from tui.widgets.pane import esc

if TYPE_CHECKING:
    from tui.app import SimulatorApp


def node_label(layer_sizes: tuple[int, ...], features: tuple[str, ...], layer: int, j: int) -> str:
    """A node's short name: a feature (layer 0, cut to 10 cells), h1/h2 (or h1.1 ...), out."""
    if layer == 0:
        return features[j] if len(features[j]) <= 10 else features[j][:9] + "…"
    if layer == len(layer_sizes) - 1:
        return "out" if layer_sizes[-1] == 1 else f"out{j + 1}"
    return f"h{j + 1}" if len(layer_sizes) == 3 else f"h{layer}.{j + 1}"


def parameter_label(
    layer_sizes: tuple[int, ...], features: tuple[str, ...], entry: tuple[int, str, int, int, int]
) -> str:
    """``w written_tests→h1`` or ``b h1`` for one entry of ``engine.landscape.parameter_names``."""
    layer, kind, row, col, _ = entry
    to = node_label(layer_sizes, features, layer + 1, col)
    if kind == "b":
        return f"b {to}"
    return f"w {node_label(layer_sizes, features, layer, row)}→{to}"


class ExploreScreen(OnceModal[None]):
    """An Explore view: opaque, over the simulator; ``escape`` goes back."""

    DEFAULT_CSS = """
    ExploreScreen {
        background: $background;
    }
    ExploreScreen Pane {
        border: round $primary 60%;
        border-title-color: $text-primary;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }
    """

    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    @property
    def sim(self) -> SimulatorApp:
        """The simulator App (its trainer, current student and actions)."""
        return cast("SimulatorApp", self.app)

    def student_name(self, row: int) -> str:
        """The student as the simulator names them (``student 17`` with --hide-names)."""
        return esc(self.sim._student(row))

    def action_back(self) -> None:
        """Back to the simulator."""
        self.dismiss(None)


class ExploreActions:
    """Mixed into the App: a one-line action per view (keys w l d p v t) and the options."""

    predict_path: str = ""
    """``--predict FILE``: this year's students for the Predictions view ("" = bundled)."""

    start_tour: bool = False
    """``--tour``: open the guided tour on start."""

    uncertain: float = 0.1
    """``--uncertain W``: the p view marks predictions within W of 0.5."""

    def _pass_fail_only(self, key: str) -> bool:
        """The pass/fail views (decision map, predictions, evaluation) are off for a worked
        example: its soft targets have no verdict and no accuracy. Says so; True if off."""
        app = cast("SimulatorApp", self)
        if not app.worked_example:
            return False
        app._say(f"{key}: not for a worked example: its targets (0.01, 0.99) have no pass/fail")
        return True

    def _explore(self, screen: Any) -> None:
        app = cast("SimulatorApp", self)
        if app.running:
            app.action_run()  # pause: views show a still network
        app.push_screen(screen, lambda _: app.draw())

    def action_whatif(self) -> None:
        from tui.screens.whatif import WhatIfScreen

        self._explore(WhatIfScreen())

    def action_landscape(self) -> None:
        from tui.screens.landscape import LandscapeScreen

        self._explore(LandscapeScreen())

    def action_decision_map(self) -> None:
        from tui.screens.decision_map import DecisionMapScreen

        if not self._pass_fail_only("d"):
            self._explore(DecisionMapScreen())

    def action_predictions(self) -> None:
        from tui.screens.predictions import PredictionsScreen

        if not self._pass_fail_only("p"):
            self._explore(PredictionsScreen(self.predict_path))

    def action_evaluation(self) -> None:
        from tui.screens.evaluation import EvaluationScreen

        if not self._pass_fail_only("v"):
            self._explore(EvaluationScreen())

    def action_tour(self) -> None:
        from tui.screens.tour import TourScreen

        self._explore(TourScreen())
