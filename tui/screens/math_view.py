"""The math view (``m``): the last step written out with its numbers, and the blame.

Every number comes from the engine: the forward pass is ``engine.explain.forward_lines`` of
the App's ``ForwardTrace``, the error ``loss_lines``, the blame ``blame`` / ``blame_lines``
of the App's last ``StepResult`` (backprop's own deltas). ``passfail-tui explain`` prints
the same functions, so the two agree line for line (here wrapped to the window).

The step keys f, b, n, N, e and u keep working in the view; it follows the last one.
Every function here reads a ``Simulation`` (its trainer, student, guess and last step).
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.widgets import Footer

from engine.explain import (
    ParameterBlame,
    blame,
    blame_lines,
    fmt,
    forward_lines,
    forward_steps,
    hidden_words,
    loss_lines,
    shape_line,
)
from engine.losses import LOSS_NAMES
from engine.names import node_names, parameter_names
from engine.network import Network, loss_value
from engine.recipe import alpha_text
from engine.trainer import StepResult
from tui.motion import step_blame
from tui.screens.explore import StepKeysScreen
from tui.screens.gradcheck import GradientCheckScreen
from tui.simulation import Simulation
from tui.widgets.pane import Pane, ascii_mode, bar, esc

SHARE_BAR = 10
"""Cells of a parameter's share-of-the-blame bar."""


Line = tuple[str, str]
"""One line of the working: (style, plain text); style "" is plain, else a markup style."""

HEAD, NOTE = "b $text-primary", "$text-muted"


def arrow(gradient: float) -> str:
    """The article's rule as a glyph: a negative slope -> increase (↑), positive -> decrease (↓)."""
    return "↑ increase" if gradient < 0 else "↓ decrease" if gradient > 0 else "= keep"


def moved(r: ParameterBlame) -> str:
    """The way the step moved the parameter: the article's rule on its slope, unless weight
    decay (lambda x w, added to a weight's slope) outweighed the slope and turned it."""
    rule, up = arrow(r.gradient), r.new > r.old
    if r.new == r.old or (r.gradient != 0 and up == (r.gradient < 0)):
        return rule
    why = "the decay outweighed the slope" if r.gradient else "the decay alone"
    return f"{'↑ increase' if up else '↓ decrease'} ({why})"


def wrap(text: str, width: int, indent: str | None = None) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells, before an ``=`` or ``+`` (or at a
    space) where it can; continuation lines are indented under the first ``=`` (or by
    ``indent``)."""
    if len(text) <= width or width < 20:
        return [text]
    lead = len(text) - len(text.lstrip(" "))
    eq = text.find(" = ")
    if indent is None:
        indent = " " * (eq + 1 if 0 <= eq < width // 3 else lead + 4)
    out: list[str] = []
    rest = text
    while len(rest) > width:
        cut = -1
        for pattern in (r" (?=(=|\+|<-) )", r"   ", r" "):
            spots = [m.start() for m in re.finditer(pattern, rest[: width + 1])]
            spots = [s for s in spots if s > len(indent) + 4 and s > lead]
            if spots:
                cut = spots[-1]
                break
        if cut < 0:
            break
        out.append(rest[:cut].rstrip())
        rest = indent + rest[cut:].lstrip()
    out.append(rest)
    return out


def blame_table(rows: list[ParameterBlame], places: int, ascii: bool = False) -> list[Line]:
    """The blame, one parameter a line: dE/dw, its share (|g| / sum |g|) and the arrow."""
    width = max(len(r.name) for r in rows)
    lines: list[Line] = [
        (NOTE, f"{'':<{width}}  {'dE/dw':>{places + 9}}  {'share of the blame':<23}  move"),
    ]
    for r in rows:
        lines.append(
            (
                "",
                f"{r.name:<{width}}  {fmt(r.gradient, places):>{places + 9}}  "
                f"{r.share:>6.1%} {bar(r.share, SHARE_BAR, ascii=ascii):<{SHARE_BAR}}"
                f"       {moved(r)}",
            )
        )
    return lines


def epoch_change_lines(
    before: Network, after: Network, places: int, update_biases: bool
) -> list[Line]:
    """Each parameter before and after an epoch of many updates, with the net change."""
    old_flat, new_flat = before.parameters(), after.parameters()
    names = parameter_names(before.layer_sizes)
    # node by node, as the math view lists them: each node's weights, then its bias
    order = sorted(names, key=lambda n: (n.layer, n.col, n.kind == "b", n.row))
    lines: list[Line] = []
    for n in order:
        if n.kind == "b" and not update_biases:
            continue
        old, new = float(old_flat[n.index]), float(new_flat[n.index])
        lines.append(
            (
                "",
                f"{n.short}: {fmt(old, places)} -> {fmt(new, places)}  "
                f"(change {fmt(new - old, places)})",
            )
        )
    return lines


def working(sim: Simulation, ascii: bool = False) -> list[Line]:
    """What the math view shows for the simulation: inputs, the guess, the error, the blame."""
    t, row, places = sim.trainer, sim.row, sim.places
    cfg, data = t.config, t.dataset
    sizes = t.network.layer_sizes
    names = node_names(sizes)
    y = t.y[row : row + 1]
    never = "" if t.is_training(row) else "; never learned from"
    lines: list[Line] = [
        (
            "b",
            f"{sim.student_name(row)} · {sim.student_position(row)} "
            f"(#{data.student_number(row)} of {data.n_in_file} in the file{never})",
        ),
        (
            "",
            f"Network {' -> '.join(str(s) for s in sizes)}: {hidden_words(sizes, cfg.activation)}, "
            f"sigmoid output, {LOSS_NAMES[cfg.loss]}; "
            f"alpha = {alpha_text(cfg.learning_rate, t.learning_rate_now, 6)}; "
            f"{cfg.mode} mode",
        ),
        (NOTE, f"Shapes: {shape_line(sizes)}"),
        ("", ""),
        ("", f"Inputs (scaling: {cfg.scale}; the network sees the scaled value):"),
    ]
    for k, name in enumerate(names[0]):
        raw, seen = float(data.X[row, k]), float(t.X[row, k])
        label = data.feature_names[k]
        label = "" if label == name else f" ({label})"
        lines.append(("", f"  {name}{label} = {fmt(seen, places)}   (as read: {raw:g})"))
    targets = ", ".join(f"{o} = {fmt(float(v), places)}" for o, v in zip(names[-1], y[0]))
    lines.append(
        ("", f"Targets: {targets}" + ("" if sim.worked_example else f" ({sim.target_text(row)})"))
    )
    lines.append(("", ""))
    trace, net = sim.trace, sim.trace_net
    lines.append((HEAD, "The guessing game: the forward pass (dot product, then activation)"))
    if (before := batch_epoch_before(sim)) is not None:  # its blame used the weights before e
        trace, net = before.forward(t.X[row : row + 1]), before
    if trace is None or net is None:
        lines.append((NOTE, "  no guess yet: press f"))
    else:
        if net is not t.network:
            which = f"epoch {t.epoch}" if before else "the last update"
            lines.append((NOTE, f"  with the weights before {which} (the guess it blamed)"))
        lines += [("", "  " + s) for s in forward_lines(forward_steps(net, trace), places)]
        head, *rest = loss_lines(cfg.loss, trace, y, loss_value(cfg.loss, trace, y), places=places)
        lines += [("", ""), (HEAD, head), *[("", "  " + s) for s in rest]]
    lines.append(("", ""))
    lines += backprop_section(sim, ascii)
    return lines


def batch_epoch_before(sim: Simulation) -> Network | None:
    """The weights before the last e when the math shows that batch epoch's blame, else None."""
    t, step, epoch = sim.trainer, sim.last_step, sim.last_epoch
    shows_b = step is not None and step.after is t.network and step.trace is sim.trace
    fresh = epoch is not None and epoch[1] is t.network and t.epoch > 0 and not shows_b
    return epoch[0] if epoch is not None and fresh and t.config.mode == "batch" else None


def backprop_section(sim: Simulation, ascii: bool = False) -> list[Line]:
    """The blame game for the last step: b's chain rule and update, or e's update."""
    t, row, places = sim.trainer, sim.row, sim.places
    cfg = t.config
    y = t.y[row : row + 1]
    step: StepResult | None = sim.last_step
    epoch = sim.last_epoch
    head = (HEAD, "The blame game: backprop (chain rule with backprop's deltas)")
    if step is not None and step.after is t.network and step.trace is sim.trace:
        rows = step_blame(t, step)  # the student b stepped on (the one shown)
        note = ""
        if cfg.mode != "stochastic":
            k = cfg.batch_size if cfg.mode == "minibatch" else t.n_train
            note = (
                f" (b steps on this one student in every mode; e in {cfg.mode} mode "
                f"averages each dE/dw over {k} students first)"
            )
        alpha, wd = step.learning_rate, t.recipe.weight_decay  # what b's step used
        if alpha != t.learning_rate_now:  # + or - since: the next step's is another
            note += f" (this step's; alpha is {t.learning_rate_now:.2g} now, changed since)"
        elif alpha != cfg.learning_rate:
            note += f" ({cfg.learning_rate:g} decayed by the schedule)"
        return [head, *blame_rows(rows, alpha, cfg.loss, places, note, ascii, wd)]
    if epoch is not None and epoch[1] is t.network and t.epoch:
        before, after = epoch
        if cfg.mode == "batch":
            tr = before.forward(t.X[row : row + 1])
            grads = before.backward(tr, y, cfg.loss)
            rows = blame(before, tr, grads, after, cfg.loss, y, include_biases=cfg.update_biases)
            member = "" if t.is_training(row) else "; held out, so not part of the mean"
            return [
                head,
                (
                    NOTE,
                    f"  epoch {t.epoch} in batch mode: one update, with the mean over all "
                    f"{t.n_train} training students. This student's terms, with the "
                    f"weights before the epoch{member}:",
                ),
                *blame_rows(
                    rows,
                    t.alpha_at(t.epoch),
                    cfg.loss,
                    places,
                    f" (epoch {t.epoch}: dE/dw here is the batch mean over "
                    f"{t.n_train} students, not this student's term)",
                    ascii,
                    t.recipe.weight_decay,
                ),
            ]
        k = 1 if cfg.mode == "stochastic" else cfg.batch_size
        updates = -(-t.n_train // k)
        each = "one student" if k == 1 else f"a minibatch of {k} (their mean dE/dw)"
        return [
            head,
            (
                NOTE,
                f"  epoch {t.epoch} made {updates} updates in {cfg.mode} mode, each for "
                f"{each}, each worked out as b does; press b to see one. Each parameter "
                f"over the whole epoch:",
            ),
            *[
                ("", "  " + s)
                for _, s in epoch_change_lines(before, after, places, cfg.update_biases)
            ],
        ]
    if not t.is_training(row):
        return [head, (NOTE, "  held out: the network never learns from this student (n)")]
    return [
        head,
        (NOTE, "  press b: each weight's share of the blame, then one step of gradient descent"),
    ]


def blame_rows(
    rows: list[ParameterBlame],
    learning_rate: float,
    loss: str,
    places: int,
    note: str,
    ascii: bool = False,
    weight_decay: float | tuple[float, ...] = 0.0,
) -> list[Line]:
    """The blame table, then ``blame_lines`` (chain rule, then the update) as explain prints."""
    text = blame_lines(rows, learning_rate, loss, places, note, weight_decay)
    cut = text.index("")
    total = "weights and biases" if any(r.row < 0 for r in rows) else "weights"
    return [
        (
            "",
            f"  Blame: |dE/dw| / sum of |dE/dw| over all {total}; a slope < 0 says "
            f"increase (↑), > 0 decrease (↓)",
        ),
        *[(s, "  " + x) for s, x in blame_table(rows, places, ascii)],
        ("", ""),
        ("", "  Chain rule: dE/dw = dE/dout x dout/dnet x dnet/dw"),
        *[("", "  " + s) for s in text[:cut]],
        ("", ""),
        (HEAD, text[cut + 1]),
        *[("", "  " + s) for s in text[cut + 2 :]],
    ]


def render(lines: list[Line], width: int) -> str:
    """Content markup of ``lines``, each wrapped to ``width`` cells."""
    out = []
    for style, text in lines:
        for part in wrap(text, width):
            out.append(f"[{style}]{esc(part)}[/]" if style and part else esc(part))
    return "\n".join(out)


class MathScreen(StepKeysScreen):
    """The math view: the last step's working; scrolls with the arrows and page keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,m", "back", "Back"),
        Binding("f", "forward", "Guess"),
        Binding("b", "backprop", "Blame"),
        Binding("n", "next_student", "Next"),
        Binding("N", "previous_student", "Prev", show=False),
        Binding("e", "epoch", "Epoch"),
        Binding("u", "undo", "Undo", show=False),
        Binding("g", "gradient_check", "Check"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    DEFAULT_CSS = """
    #math {
        height: 1fr;
    }
    #math:focus {
        border: round $accent;
    }
    """

    def compose(self) -> ComposeResult:
        yield Pane(id="math")
        yield Footer()

    def on_mount(self) -> None:
        pane = self.query_one("#math", Pane)
        pane.can_focus = True
        pane.focus()
        pane.border_title = "The math: the last step, worked out"
        pane.border_subtitle = "↑↓ scroll · explain prints the same"
        self.draw()

    def on_resize(self, event: Resize) -> None:
        self.draw()

    def on_screen_resume(self) -> None:
        self.draw()

    def draw(self) -> None:
        """Render the working for the simulation, wrapped to the pane's width."""
        width = max(self.app.size.width - 5, 20)
        self.query_one("#math", Pane).set_text(render(working(self.sim, ascii_mode(self)), width))

    def action_gradient_check(self) -> None:
        """The gradient check for this student, over the math view."""
        self.app.push_screen(GradientCheckScreen(self.sim))
