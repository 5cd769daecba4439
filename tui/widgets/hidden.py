"""Hidden pane: the "preliminary guesses", each node's weighted sum and activation."""

from __future__ import annotations

import textwrap

from engine.explain import NO_HIDDEN
from engine.names import screen_node_names
from engine.network import ForwardTrace
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


class HiddenPane(Pane):
    """Each hidden node: ``z`` (inputs · weights + bias) and ``a = activation(z)``."""

    TITLE = "Hidden: preliminary guesses"

    def show(self, trace: ForwardTrace | None, activation: str, note: str = "") -> None:
        """``trace``: the forward pass shown (None before any); ``note``: what it was made with."""
        if trace is None:
            self.border_subtitle = ""
            self.set_text("[$text-muted]no guess yet: press [b]f[/b][/]")
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
        self.border_subtitle = note
        self.set_text("\n".join(lines))

    def show_unknown(self, layer_sizes: tuple[int, ...], activation: str) -> None:
        """A quiz question is open: the nodes without their values (they give the guess away)."""
        names = screen_node_names(layer_sizes, ())
        lines = [f"[$text-muted]{'node':<4}{'sum z':>7}  {activation[:7]:>7}[/]"]
        lines += [f"{name:<4}{'?':>7}  {'?':>7}" for layer in names[1:-1] for name in layer]
        self.border_subtitle = "? until the quiz is answered"
        self.set_text("\n".join(lines))
