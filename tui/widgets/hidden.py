"""Hidden pane: the "preliminary guesses", each node's weighted sum and activation, and
which nodes are saturated (flat for most training students, so almost no slope to learn by).

The saturation lesson is the engine's (``engine.diagnose.saturation``), measured over the
training students at each redraw that brings new weights (the network never changes in
place, so the same network is not measured twice). Where the pane has rows to spare (a
tall terminal) it is written in full under the nodes; where it has none (80x24) a short
form takes the bottom border, so the rows stay the Output pane's.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray
from textual.widget import Widget

from engine.diagnose import Saturation, saturation
from engine.explain import NO_HIDDEN
from engine.names import screen_node_names
from engine.network import ForwardTrace, Network
from tui.widgets.pane import Pane, bar, signed
from tui.widgets.weights import layer_titles

BAR = 10
"""Cells of a node's activation bar."""


def activation_bar(activation: str, a: float, ascii: bool = False) -> str:
    """A bar for one activation: its value on [0, 1] (sigmoid) or its size (tanh, relu, linear).

    A value past the bar's end is marked with ``»``.
    """
    size = abs(a)
    cells = bar(size, BAR, ascii=ascii)
    over = "»" if size > 1.0 else " "
    colour = "$error" if a < 0 else "$primary"
    return f"[{colour}]{cells}[/]{over}"


def flat_short(found: Sequence[Saturation]) -> str:
    """The saturated nodes in one line of at most 30 cells (a pane's bottom border at 80x24),
    e.g. "h2 saturated for 92%: slope ~0" or "saturated: h1 95%, h2 92%"."""
    if not found:
        return ""
    word, slope = ("dead", "0") if found[0].activation == "relu" else ("saturated", "~0")
    if len(found) == 1:
        return f"{found[0].node} {word} for {found[0].share:.0%}: slope {slope}"
    return f"{word}: " + ", ".join(f"{s.node} {s.share:.0%}" for s in found)


class HiddenPane(Pane):
    """Each hidden node: ``z`` (inputs · weights + bias) and ``a = activation(z)``."""

    TITLE = "Hidden: preliminary guesses"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._measured: tuple[Network, NDArray[np.float64], list[Saturation]] | None = None
        self._redraw: Callable[[], None] | None = None

    def flat_nodes(self, network: Network, students: NDArray[np.float64]) -> list[Saturation]:
        """The engine's saturated nodes of ``network`` over ``students`` (scaled), measured
        once per network (a run's redraw brings a new one; a key press usually does not)."""
        if self._measured is not None:
            net, X, found = self._measured
            if net is network and X is students:
                return found
        found = saturation(network, students) if students.shape[0] else []
        self._measured = (network, students, found)
        return found

    def on_resize(self) -> None:
        """Rows to spare come and go with the terminal: place the saturation lesson again."""
        if self._redraw is not None:
            self._redraw()

    def show(
        self,
        trace: ForwardTrace | None,
        activation: str,
        note: str = "",
        flat: Sequence[Saturation] = (),
    ) -> None:
        """``trace``: the forward pass shown (None before any); ``note``: what it was made
        with; ``flat``: the saturated hidden nodes (``flat_nodes``)."""
        self._redraw = lambda: self.show(trace, activation, note, flat)
        if trace is None:
            lines = ["[$text-muted]no guess yet: press [b]f[/b][/]"]
            self._finish(lines, "", flat)
            return
        hidden = trace.hidden
        if not hidden:
            self.set_text("[$text-muted]" + "\n".join(textwrap.wrap(NO_HIDDEN, 30)) + "[/]")
            return
        titles = layer_titles(len(trace.a))
        names = screen_node_names([a.shape[1] for a in trace.a], ())
        lines = [f"[$text-muted]{'node':<4}{'sum z':>7}  {activation[:7]:>7}[/]"]
        for k, (z, a) in enumerate(zip(trace.z[:-1], hidden)):
            if len(hidden) > 1:
                lines.append(f"[b]{titles[k + 1]}[/b]")
            for j in range(z.shape[1]):
                name = names[k + 1][j]
                zj, aj = float(z[0, j]), float(a[0, j])
                lines.append(
                    f"{name:<4}{signed(zj, width=7)}  {signed(aj, width=7)} "
                    f"{activation_bar(activation, aj, self.ascii)}"
                )
        self._finish(lines, note, flat)

    def show_unknown(
        self, layer_sizes: tuple[int, ...], activation: str, flat: Sequence[Saturation] = ()
    ) -> None:
        """A quiz question is open: the nodes without their values (they give the guess away;
        saturation, over all training students, does not)."""
        self._redraw = lambda: self.show_unknown(layer_sizes, activation, flat)
        names = screen_node_names(layer_sizes, ())
        lines = [f"[$text-muted]{'node':<4}{'sum z':>7}  {activation[:7]:>7}[/]"]
        lines += [f"{name:<4}{'?':>7}  {'?':>7}" for layer in names[1:-1] for name in layer]
        self._finish(lines, "? until the quiz is answered", flat)

    def _finish(self, lines: list[str], note: str, flat: Sequence[Saturation]) -> None:
        """Show ``lines`` and the saturation lesson: in full under them where the pane has
        the rows, else its short form in the bottom border (in place of ``note``, which the
        Output pane's border repeats)."""
        width = self.size.width
        full = [part for s in flat for part in textwrap.wrap(s.message, width)] if width else []
        if flat and full and len(full) <= self._spare_rows(len(lines)):
            lines = lines + [f"[$warning]{part}[/]" for part in full]
        elif flat:
            note = f"[$warning]{flat_short(flat)}[/]"
        self.border_subtitle = note
        self.set_text("\n".join(lines))

    def _spare_rows(self, used: int) -> int:
        """Rows the pane can still grow by before it would scroll (its max-height, less the
        border and the ``used`` lines); none outside a laid-out screen."""
        limit = self.styles.max_height
        if limit is None or self.parent is None or not isinstance(self.parent, Widget):
            return 0
        rows = int(limit.resolve(self.parent.size, self.app.size))
        return rows - self.styles.gutter.height - used
