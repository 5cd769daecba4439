"""Output pane: the probability of passing, the verdict at 0.5, the truth and this loss."""

from __future__ import annotations

from collections.abc import Callable

from engine.network import ForwardTrace
from engine.predict import is_right, outcome, verdict
from tui.widgets.pane import Pane, bar

BAR = 16
"""Cells of the probability bar; the 0.5 threshold is marked in its middle."""

WIDE = 110
"""Terminal columns from which P(pass) gets two more digits (the App's -wide layout)."""

TITLE_FRAME = 6
"""Border cells around a title: the corners, a line and a space either side."""

GOLDEN_RULE = ("yes/no says only 'wrong';", "the loss says how wrong,", "and its slope which way")
"""The article's golden rules for an error function (continuous, differentiable), under the loss:
three short lines so the pane keeps them whole at 80 columns."""

GOLDEN_RULE_SHORT = "the loss says how wrong it is"
"""The same in one line, a sentence in 30 cells (the title's room at 80 columns), when the pane
has no room for three; in the pane's title (after the pane's name where the border has room
for both, alone where not) when it has no row at all."""


class OutputPane(Pane):
    """The network's final answer for the current student, judged against what happened."""

    TITLE = "Output"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._redraw: Callable[[], None] | None = None

    def on_resize(self) -> None:
        """The pane's rows change with the panes above it (a guess fills the Hidden pane
        after it is drawn): place the golden rule again for the rows it has now."""
        if self._redraw is not None:
            self._redraw()

    def show(
        self,
        trace: ForwardTrace | None,
        actual: tuple[float, ...],
        labels: tuple[str, str],
        loss_name: str,
        loss: float | None,
        note: str = "",
        soft: bool = False,
    ) -> None:
        """``actual``: the 0/1 target per output; ``loss``: this student's loss (engine's).

        ``soft``: targets that are not 0/1 (a worked example): each output beside its
        target, no verdict.
        """
        self._redraw = lambda: self.show(trace, actual, labels, loss_name, loss, note, soft)
        if soft and trace is not None:
            lines = []
            for j, (o, y) in enumerate(zip(trace.output[0], actual)):
                cells = bar(float(o), BAR, ascii=self.ascii)
                lines.append(f"o{j + 1:<3} [b]{o:.9f}[/b] [$primary]{cells}[/]")
                lines.append(f"[$text-muted]    target {y:.9f}[/]")
            if loss is not None:
                lines.append(f"loss {loss:.9f} [$text-muted]({loss_name})[/]")
            self.border_subtitle = note
            self.set_text("\n".join(lines))
            return
        if soft:
            targets = ", ".join(f"o{j + 1} {y:g}" for j, y in enumerate(actual))
            self.border_subtitle, self.border_title = "", self.TITLE
            self.set_text(f"[$text-muted]no guess yet: press [b]f[/b][/]\ntargets: {targets}")
            return
        if trace is None:
            self.border_subtitle, self.border_title = "", self.TITLE
            truth = ", ".join(outcome(y, labels) for y in actual)
            self.set_text(f"[$text-muted]no guess yet: press [b]f[/b][/]\nactual: {truth}")
            return
        probs = [float(p) for p in trace.output[0]]
        title = self.TITLE
        places = 3 if self.app.size.width >= WIDE else 1  # the room of a wide screen: digits
        width = places + 5
        lines = []
        for j, (p, y) in enumerate(zip(probs, actual)):
            said = verdict(p)
            right = is_right(p, y)
            mark = "[$success]✓ right[/]" if right else "[$error]✗ wrong[/]"
            name = "P(pass)" if len(probs) == 1 else f"out{j + 1}"
            lines.append(
                f"{name:<8} [b]{p:>{width}.{places}%}[/b] "
                f"[$primary]{bar(p, BAR, BAR // 2, self.ascii)}[/]"
            )
            lines.append(f"{'verdict':<8} [b]{said}[/b] [$text-muted](pass if P >= 0.5)[/]")
            lines.append(f"{'actual':<8} {outcome(y, labels)}  {mark}")
        if loss is not None:
            lines.append(f"{'loss':<8} {loss:.4f} [$text-muted]({loss_name})[/]")
            room = self.size.height - len(lines)  # content rows, set by the layout
            if room >= len(GOLDEN_RULE):
                lines.extend(f"[$text-muted]{line}[/]" for line in GOLDEN_RULE)
            elif room >= 1:
                lines.append(f"[$text-muted]{GOLDEN_RULE_SHORT}[/]")
            else:  # in the title: the bottom border says which epoch's weights guessed
                title = f"{self.TITLE} · {GOLDEN_RULE_SHORT}"
                if len(title) > self.outer_size.width - TITLE_FRAME:  # whole, or not at all
                    title = GOLDEN_RULE_SHORT
        self.border_title = title
        self.border_subtitle = note
        self.set_text("\n".join(lines))

    def show_unknown(self, actual: tuple[float, ...], labels: tuple[str, str]) -> None:
        """A quiz question is open: "?" where the guess, its verdict and its loss go."""
        self._redraw = lambda: self.show_unknown(actual, labels)
        lines = []
        for j, y in enumerate(actual):
            name = "P(pass)" if len(actual) == 1 else f"out{j + 1}"
            lines += [f"{name:<8} [b]?[/b]", f"{'verdict':<8} [b]?[/b]"]
            lines.append(f"{'actual':<8} {outcome(y, labels)}")
        lines.append(f"{'loss':<8} ?")
        self.border_subtitle = "answer the quiz first"
        self.set_text("\n".join(lines))
