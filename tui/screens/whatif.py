"""What-if: change a student's grade, a weight, a bias or alpha and watch the guess move.

Grades are edited on a copy of the student's row (the file and the dataset never change);
weights and biases through ``Simulation.set_parameter`` (each edit undoable with ``u``);
alpha through ``Simulation.set_alpha`` (within the same limits as + and -). The guess shown
is the engine's forward pass of the edited row, scaled as the network sees it.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Key, Paste
from textual.widgets import Footer, Input

from engine.landscape import feature_limits, feature_step, is_fraction, is_percentage
from engine.names import node_names, parameter_names, screen_node_names
from engine.network import ForwardTrace, loss_value
from engine.predict import verdict
from engine.recipe import alpha_text, with_weight_decay
from tui.screens.explore import ExploreScreen
from tui.simulation import Simulation
from tui.widgets.inputs import scale_heading
from tui.widgets.pane import Pane, ascii_mode, bar, esc, signed

WEIGHT_STEP = 0.1
"""One nudge of a weight or bias."""

NUMBER_START = "0123456789.-"
"""Keys that open the value box with themselves as its first character."""


class WhatIfScreen(ExploreScreen):
    """Pick a line with up/down; left/right nudges it; a number (or enter) types a value."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "select(-1)", "Select ↑", show=False),
        Binding("down", "select(1)", "Select ↓", show=False),
        Binding("left", "nudge(-1)", "−"),
        Binding("right", "nudge(1)", "+"),
        Binding("enter", "type_value", "Type"),
        Binding("u", "undo", "Undo"),
        Binding("r", "restore", "Restore"),
        Binding("n", "student(1)", "Next", show=False),
        Binding("N", "student(-1)", "Prev", show=False),
    ]

    DEFAULT_CSS = """
    #whatif-edit {
        width: auto;
        height: 1fr;
    }
    #whatif-guess {
        width: 1fr;
        height: 1fr;
    }
    #whatif-input {
        dock: bottom;
        margin-bottom: 1;
        border: round $accent;
    }
    """

    def __init__(self, sim: Simulation) -> None:
        super().__init__(sim)
        self.selected = 0
        self.raw = np.zeros(0)
        self.probability = float("nan")
        self._editing = -1
        self._box: Input | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="whatif-main"):
            yield Pane(id="whatif-edit")
            yield Pane(id="whatif-guess")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#whatif-edit", Pane).border_title = "What if…"
        self.query_one("#whatif-guess", Pane).border_title = "The guess"
        self._load_student()

    # ----- the lines -----------------------------------------------------------------

    def _load_student(self) -> None:
        self.raw = np.array(self.sim.trainer.dataset.X[self.sim.row], dtype=np.float64)
        self.draw()

    @property
    def lines(self) -> list[tuple[str, int]]:
        """Every editable line: ("feature", j), ("param", index), ("alpha", 0)."""
        t = self.sim.trainer
        out = [("feature", j) for j in range(t.dataset.n_features)]
        out += [("param", k) for k in range(t.network.n_parameters)]
        return [*out, ("alpha", 0)]

    def scaled(self) -> np.ndarray:
        """The edited row as the network sees it, (1, n_features)."""
        return self.sim.trainer.scaler.transform(self.raw[None, :])

    def trace(self) -> ForwardTrace:
        """The engine's forward pass of the edited row with the current network."""
        return self.sim.trainer.network.forward(self.scaled())

    # ----- keys ----------------------------------------------------------------------

    def action_select(self, by: int) -> None:
        """Move the selection up or down (wrapping)."""
        self.selected = (self.selected + by) % len(self.lines)
        self.draw()

    def action_nudge(self, sign: int) -> None:
        """Left / right: a grade by 5 points (or 5% of its range), a weight by 0.1, alpha x2."""
        kind, k = self.lines[self.selected]
        if kind == "feature":
            column = self.sim.trainer.dataset.X[:, k]
            value = float(self.raw[k]) + sign * feature_step(column)
            self._set(kind, k, value, clamp=True)  # stops at the edge; one more says why
        elif kind == "param":
            self._set(kind, k, self._value(kind, k) + sign * WEIGHT_STEP)
        else:
            self._set(kind, k, self.sim.trainer.config.learning_rate * (2.0 if sign > 0 else 0.5))

    def action_type_value(self, first: str = "") -> None:
        """Open the value box for the selected line (enter sets it, escape cancels)."""
        if self._box is not None or self.query("#whatif-input"):  # the last one still going
            return
        kind, k = self.lines[self.selected]
        self._editing = self.selected
        value = first or f"{self._value(kind, k):.6g}"
        box = Input(value, id="whatif-input", select_on_focus=not first)
        box.border_title = f"{esc(self._label(kind, k))}: enter sets it, escape cancels"
        self._box = box
        self.mount(box, before=self.query_one(Footer))
        box.focus()

    def on_key(self, event: Key) -> None:
        box = self._box
        if box is None:
            if event.character and event.character in NUMBER_START:
                event.stop()
                event.prevent_default()  # "-" opens the box here: it is not α÷2
                self.action_type_value(event.character)
            return
        # With the box open, enter sets the value whether it came through the box or not;
        # a character that reaches the screen was read together with the first digit
        # ("70\r" pasted, or typed fast over SSH) and queued here before the box had focus.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._submit(box.value)
        elif event.character and event.character.isprintable():
            event.stop()
            event.prevent_default()
            box.insert_text_at_cursor(event.character)

    def on_paste(self, event: Paste) -> None:
        """A pasted number opens the value box with it (or goes on in the open box)."""
        text = event.text.strip()
        if self._box is None and text[:1] in NUMBER_START:
            event.stop()
            self.action_type_value(text)
        elif self._box is not None and self.focused is not self._box:
            event.stop()
            self._box.insert_text_at_cursor(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit(event.value)

    def _submit(self, text: str) -> None:
        """Set the line being edited to the number typed (a decimal comma is fine)."""
        kind, k = self.lines[self._editing]
        self._close_box()
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self.notify(f"not a number: {esc(text)}", severity="error")
            return
        self._set(kind, k, value)

    def _close_box(self) -> None:
        if self._box is not None:
            self._box.remove()
        self._box = None
        self._editing = -1

    def action_back(self) -> None:
        """Escape: close the value box if open, else back to the simulator."""
        if self._box is not None:
            self._close_box()
        else:
            self.dismiss(None)

    def action_undo(self) -> None:
        """Take back the last weight edit (or step): the simulation's undo, as everywhere."""
        label = self.sim.undo().label
        self.notify(f"took back {esc(label)}" if label else "nothing to undo", title="u")
        self.draw()

    def action_restore(self) -> None:
        """The student's real grades again."""
        self._load_student()

    def action_student(self, by: int) -> None:
        """Next / previous training student (their real grades)."""
        self.sim.move(by)
        self._load_student()

    def _limits(self, k: int) -> tuple[float, float, str]:
        """What grade ``k`` may be set to: what the training students' grades allow."""
        t = self.sim.trainer
        return feature_limits(t.dataset.X[t.split.train, k])

    def _set(self, kind: str, k: int, value: float, clamp: bool = False) -> None:
        if not math.isfinite(value):
            self.notify("needs a finite number", severity="error")
            return
        if kind == "feature":
            lo, hi, what = self._limits(k)
            if clamp and lo < float(self.raw[k]) < hi:
                value = min(max(value, lo), hi)
            if not lo <= value <= hi:  # the guess would be an extrapolation, not learned
                name = esc(self._label(kind, k))
                text = f"{name} {value:g} refused: expected {lo:g}-{hi:g} ({esc(what)})"
                self.notify(text, title="what if", severity="error")
                return
            raw = self.raw.copy()
            raw[k] = value
            self.raw = raw
        elif kind == "param":
            self.sim.set_parameter(k, value, f"{self._label(kind, k)} = {value:g}")
        else:
            if value <= 0:
                self.notify("alpha must be positive", severity="error")
                return
            alpha = self.sim.set_alpha(value)
            if alpha.refused:
                self.notify(esc(alpha.text), title="α", severity="warning")
        self.draw()

    # ----- drawing -------------------------------------------------------------------

    def _value(self, kind: str, k: int) -> float:
        t = self.sim.trainer
        if kind == "feature":
            return float(self.raw[k])
        if kind == "param":
            return float(t.network.parameters()[k])
        return t.config.learning_rate

    def _label(self, kind: str, k: int) -> str:
        t = self.sim.trainer
        if kind == "feature":
            return t.dataset.feature_names[k]
        if kind == "param":
            name = parameter_names(t.network.layer_sizes, t.dataset.feature_names)[k]
            # a worked example: the post's own names, w1..w8, b(h1)...
            return name.mazur if self.sim.worked_example else name.long
        return "α learning rate"

    def draw(self) -> None:
        """Both panes, from the edited row and the trainer's network."""
        t = self.sim.trainer
        data = t.dataset
        row = self.sim.row
        scaled = self.scaled()[0]
        lines = [
            f"[b]{self.student_name(row)}[/b] "
            f"[$text-muted](student {data.student_number(row)}; n/N changes)[/]",
            f"[$text-muted]{'grade':<18} {'raw':>6} {scale_heading(t.config.scale):>6}[/]",
        ]
        for n, (kind, k) in enumerate(self.lines):
            if kind == "param" and k == 0:
                lines.append("[$text-muted]weights and biases[/]")
            if kind == "alpha":
                lines.append("[$text-muted]training[/]")
            label = self._label(kind, k)
            if kind == "feature" and label != f"i{k + 1}":  # i1 first, as w1 below
                label = f"i{k + 1} {label}"
            label = label if len(label) <= 18 else label[:17] + "…"
            if kind == "feature":
                was = float(data.X[row, k])
                changed = "*" if float(self.raw[k]) != was else " "
                text = f"{esc(label):<18} {self.raw[k]:>6.4g} {scaled[k]:>6.3f}{changed}"
            elif kind == "param":
                text = f"{esc(label):<18} {signed(self._value(kind, k), width=7)}"
            else:
                text = f"{esc(label):<18} {t.config.learning_rate:>7g}"
            marker = "[b $accent]▶[/]" if n == self.selected else " "
            lines.append(f"{marker}{text}" if n != self.selected else f"{marker}[reverse]{text}[/]")
        lines.append("[$text-muted]* edited (the file never changes)[/]")
        self.query_one("#whatif-edit", Pane).set_text("\n".join(lines))
        self.query_one("#whatif-guess", Pane).set_text(self._guess_text(row))

    def _guess_text(self, row: int) -> str:
        t = self.sim.trainer
        trace = self.trace()
        self.probability = float(trace.output[0, 0])
        real = float(t.forward_row(row).output[0, 0])
        lines = ["[b]preliminary guesses[/b]", f"[$text-muted]{'node':<5}{'sum z':>8}{'a':>8}[/]"]
        sizes = t.network.layer_sizes
        names = screen_node_names(sizes, t.dataset.feature_names)
        for layer, (z, a) in enumerate(zip(trace.z[:-1], trace.hidden), 1):
            for j in range(z.shape[1]):
                name = names[layer][j]
                lines.append(
                    f"{name:<5}{signed(float(z[0, j]), width=8)}{signed(float(a[0, j]), width=8)}"
                )
        p = self.probability
        if self.sim.worked_example:  # soft targets: each output beside its target, no verdict
            outs = node_names(sizes)[-1]
            lines.append("")
            for j, name in enumerate(outs):
                lines.append(
                    f"[b]{name}[/b] {float(trace.output[0, j]):.9f} "
                    f"[$text-muted]target {float(t.y[row, j]):g}[/]"
                )
            lines.append(f"[$text-muted]real inputs: o1 {real:.9f}[/]")
        else:
            said = verdict(p)
            lines += [
                "",
                f"[b]P(pass)[/b] [b]{p:>6.1%}[/b] [$primary]{bar(p, 12, 6, ascii_mode(self))}[/]",
                f"verdict [b]{said}[/b] [$text-muted](pass if P >= 0.5)[/]",
                f"[$text-muted]real grades: {real:.1%}[/]",
            ]
        if self.lines[self.selected][0] == "alpha":
            lines += self._landing_text(row, trace)
        lines += [
            "",
            "[$text-muted]↑↓ pick a line · ←→ nudge[/]",
            f"[$text-muted]  ({self._step_text()})[/]",
            "[$text-muted]type a number (or enter) to set it[/]",
            "[$text-muted]u undoes a weight edit[/]",
            "[$text-muted]r the real grades · n/N student[/]",
        ]
        return "\n".join(lines)

    def _landing_text(self, row: int, trace: ForwardTrace) -> list[str]:
        """Where one b on these grades would land with this alpha: the guess and the loss."""
        t = self.sim.trainer
        x, y = self.scaled(), t.y[row : row + 1]
        alpha, net = t.learning_rate_now, t.network  # as Trainer.step updates: b's own step
        grads = with_weight_decay(net, net.backward(trace, y, t.config.loss), t.recipe.weight_decay)
        landed = net.apply(grads, alpha, t.config.update_biases).forward(x)
        was, now = loss_value(t.config.loss, trace, y), loss_value(t.config.loss, landed, y)
        if f"{was:.4f}" == f"{now:.4f}":
            verdict = "[$text-muted]barely changes[/]"
        else:
            verdict = "[$error]overshoots[/]" if now > was else "[$success]downhill[/]"
        name = "o1" if self.sim.worked_example else "P(pass)"
        p0, p1 = float(trace.output[0, 0]), float(landed.output[0, 0])
        return [
            "",
            f"[b]one b here with α {esc(alpha_text(t.config.learning_rate, alpha, 6))}[/b]:",
            f"{name} {p0:.1%} → [b]{p1:.1%}[/b]",
            f"loss {was:.4f} → {now:.4f}: {verdict}",
        ]

    def _step_text(self) -> str:
        kind, k = self.lines[self.selected]
        if kind == "param":
            return f"by {WEIGHT_STEP:g}"
        if kind == "alpha":
            return "halves / doubles"
        column = self.sim.trainer.dataset.X[:, k]
        step = feature_step(column)
        if is_percentage(column):
            return "5 points: a percentage"
        if is_fraction(column):
            return f"by {step:g}: a value from 0 to 1"
        return f"by {step:.3g}: 5% of the range"
