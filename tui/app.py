"""The simulator: a switchboard between the keys, the Trainer and the panes.

The App owns the ``Trainer`` and the few things the screen adds to it (the current student,
the forward pass being shown, the network before the last update, the run state). Every key
changes that state through the engine, then ``draw`` hands each pane what it shows. Panes
never reach into the trainer or into each other; the command palette posts messages up.

Continuous training is one exclusive async worker: it runs epochs for at most ``CHUNK``
seconds, yields to the event loop (so keys are handled between chunks) and redraws at most
``FPS`` times a second, throttled by time, never per epoch.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar, NamedTuple

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer

from engine.activations import ACTIVATIONS
from engine.model_file import save_model
from engine.network import ForwardTrace, Network, loss_value
from engine.trainer import MODES, Trainer, TrainingDiverged
from tui.commands import OncePalette, StudentProvider
from tui.manners import TerminalManners
from tui.messages import JumpToStudent
from tui.screens.explore import ExploreActions
from tui.screens.help import HelpScreen
from tui.screens.math_view import MathActions
from tui.screens.save import SaveScreen
from tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from tui.widgets.hidden import HiddenPane
from tui.widgets.inputs import InputsPane
from tui.widgets.loss_chart import LossChart
from tui.widgets.output import OutputPane
from tui.widgets.pane import esc
from tui.widgets.status import StatusLine
from tui.widgets.weights import WeightsPane

SPEEDS: tuple[int | None, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, None)
"""Run speeds in epochs a second; None is as fast as the machine goes."""

CHUNK = 0.002
"""Longest stretch of epochs, in seconds, before the run yields to the keys."""

YIELDS = 6
"""Turns of the event loop given away after each chunk: a key travels App -> Screen -> App
through several message queues, each hop needing one turn."""

FPS = 10
"""Most redraws a second during a run."""

CHART_FPS = 2
"""Most redraws a second of the loss chart during a run (plotting costs the most)."""


class Key(NamedTuple):
    """One key: its binding, how help shows it, its action, footer label and what it does."""

    keys: str
    shown: str
    action: str
    label: str
    description: str
    footer: bool = False


KEYS: tuple[Key, ...] = (
    Key("f", "f", "forward", "Guess", "forward pass for this student: the guessing game", True),
    Key("b", "b", "backprop", "Blame", "backprop and update: the blame game, then a step", True),
    Key("n", "n", "next_student", "Next", "next training student", True),
    Key("N", "N", "previous_student", "Prev", "previous training student"),
    Key("e", "e", "epoch", "Epoch", "one full epoch over the training students", True),
    Key("space", "space", "run", "Run", "run epochs / pause", True),
    Key("less_than_sign", "<", "slower", "Slower", "run slower (down to 1 epoch a second)"),
    Key("greater_than_sign", ">", "faster", "Faster", "run faster (up to full speed)"),
    Key("u", "u", "undo", "Undo", "undo the last step or epoch", True),
    Key("r", "r", "reset", "Reset", "reset to the initial weights (same seed)"),
    Key("R", "R", "new_seed", "New seed", "new seed: new initial weights"),
    Key("plus,equals_sign", "+ =", "alpha_up", "α×2", "learning rate alpha x2"),
    Key("minus", "-", "alpha_down", "α÷2", "learning rate alpha /2"),
    Key("a", "a", "activation", "Activation", "next hidden activation (new initial weights)"),
    Key("M", "M", "mode", "Mode", "next mode: stochastic, minibatch, batch"),
    Key("m", "m", "math", "Math", "the math: the last step worked out with numbers, the blame"),
    Key("g", "g", "gradient_check", "Check", "gradient check: backprop beside finite differences"),
    Key("ctrl+s", "ctrl+s", "save", "Save", "save the model (JSON, as train --save)"),
    Key("w", "w", "whatif", "What if", "explore: what if a grade, a weight or alpha changed"),
    Key("l", "l", "landscape", "Landscape", "explore: the error landscape of one weight"),
    Key("d", "d", "decision_map", "Map", "explore: the decision map over two grades"),
    Key("p", "p", "predictions", "Predict", "explore: predictions for this year's students"),
    Key("v", "v", "evaluation", "Evaluate", "explore: confusion matrix and accuracy vs baseline"),
    Key("t", "t", "tour", "Tour", "explore: the guided tour of the article's story"),
    Key("ctrl+t", "ctrl+t", "cycle_theme", "Theme", "next theme: dark, light, high contrast"),
    Key("question_mark", "?", "help", "Help", "this help", True),
    Key("q", "q", "quit", "Quit", "quit (also ctrl+c)", True),
)
"""Every key, once: the bindings, the help screen and the command palette come from here."""


ALPHA_RANGE = (2.0**-20, 2.0**10)
"""How far + and - take alpha (about 1e-6 to 1024): beyond, every step is nothing or chaos."""


PALETTE = ("ctrl+p", "command palette: every action; a student by name or number")


class SimulatorApp(TerminalManners, ExploreActions, MathActions, App[int]):
    """Watch the 3-2-1 network guess, take the blame and learn, one key at a time."""

    CSS_PATH = "app.tcss"
    TITLE = "passfail-tui"
    COMMANDS = App.COMMANDS | {StudentProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(k.keys, k.action, k.label, show=k.footer) for k in KEYS),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (110, "-wide"),
    ]

    def __init__(self, trainer: Trainer, hide_names: bool = False, save_path: str = "") -> None:
        super().__init__()
        self.trainer = trainer
        self.hide_names = hide_names
        self.save_path = save_path or "passfail-model.json"
        self.train_rows: list[int] = sorted(int(r) for r in trainer.split.train)
        self.row = self.train_rows[0] if self.train_rows else 0
        self.trace: ForwardTrace | None = None
        self.trace_net: Network | None = None
        self.before: Network | None = None
        self.message = "press f for the guessing game, ? for every key"
        self.running = False
        self.speed = len(SPEEDS) - 1
        self.measured: float | None = None
        self._charted: tuple[int, object] = (-1, None)
        self._chart_time = 0.0

    # ----- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield InputsPane(id="inputs")
                yield HiddenPane(id="hidden")
                yield OutputPane(id="output")
            with Vertical(id="right"):
                yield WeightsPane(id="weights")
                yield LossChart(id="chart")
        yield StatusLine(id="status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.start_manners()
        self.draw()
        for note in self.trainer.dataset.notes:  # blank cells left out, ids, unused columns
            self.notify(note, title="your data", timeout=12)
        if self.start_tour:
            self.action_tour()
        self._check_size(self.size.width, self.size.height)

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        shown = isinstance(self.screen, TooSmallScreen)
        if small and not shown:
            self.push_screen(TooSmallScreen())
        elif small and shown:
            self.screen.show_size(width, height)  # type: ignore[attr-defined]
        elif not small and shown:
            self.pop_screen()

    # ----- keys (one line each) -----------------------------------------------------

    def action_forward(self) -> None:
        self._say(self._forward())

    def action_backprop(self) -> None:
        self._say(self._backprop())

    def action_next_student(self) -> None:
        self._say(self._move(+1))

    def action_previous_student(self) -> None:
        self._say(self._move(-1))

    def action_epoch(self) -> None:
        self._say(self._epoch())

    def action_run(self) -> None:
        self._say(self._pause("paused") if self.running else self._start())

    def action_slower(self) -> None:
        self._say(self._set_speed(self.speed - 1))

    def action_faster(self) -> None:
        self._say(self._set_speed(self.speed + 1))

    def action_undo(self) -> None:
        self._say(self._undo())

    def action_reset(self) -> None:
        self._say(self._reinitialise("r"))

    def action_new_seed(self) -> None:
        self._say(self._reinitialise("R", seed=self.trainer.config.seed + 1))

    def action_alpha_up(self) -> None:
        self._say(self._set_alpha(2.0))

    def action_alpha_down(self) -> None:
        self._say(self._set_alpha(0.5))

    def action_activation(self) -> None:
        self._say(self._reinitialise("a", activation=self._next(ACTIVATIONS, "activation")))

    def action_mode(self) -> None:
        self._say(self._set_mode(self._next(MODES, "mode")))

    def action_save(self) -> None:
        self.push_screen(SaveScreen(self.save_path), self._save)

    def action_help(self) -> None:
        self.push_screen(HelpScreen([*((k.shown, k.description) for k in KEYS), PALETTE]))

    def action_command_palette(self) -> None:  # Textual's, with a palette closed only once
        if self.use_command_palette and not OncePalette.is_open(self):
            self.push_screen(OncePalette(id="--command-palette"))

    def on_jump_to_student(self, message: JumpToStudent) -> None:
        self._say(self._show_student(message.row, "jumped to"))

    # ----- what the keys do ---------------------------------------------------------

    def _student(self, row: int) -> str:
        data = self.trainer.dataset
        return f"student {data.student_number(row)}" if self.hide_names else data.names[row]

    def _forward(self) -> str:
        self.trace = self.trainer.forward_row(self.row)
        self.trace_net = self.trainer.network
        p = float(self.trace.output[0, 0])
        if self.worked_example:
            outs = ", ".join(f"o{k + 1} {v:.9f}" for k, v in enumerate(self.trace.output[0]))
            return f"f: the guessing game for {esc(self._student(self.row))}: {outs}"
        return f"f: the guessing game for {esc(self._student(self.row))}: {p:.1%} chance of passing"

    def _backprop(self) -> str:
        name = esc(self._student(self.row))
        if not self.trainer.is_training(self.row):
            self.notify(f"{name} is held out: the network never learns from them", title="b")
            return f"b refused: {name} is held out (never learned from); n goes to a training one"
        paused = self._pause("") and "paused the run; "
        fresh = self.trace is not None and self.trace_net is self.trainer.network
        first = "" if fresh else "guessed first (f), then "
        step = self.trainer.step(self.row)
        self.trace, self.trace_net, self.before = step.trace, step.before, step.before
        self.last_step = step
        return (
            f"b: {paused or ''}{first}blamed {name}: loss {step.loss:.4f}; "
            f"each weight moved -α×slope"
        )

    def _move(self, by: int) -> str:
        rows = self.train_rows
        if not rows:
            return "there are no training students"
        if by > 0:
            row = next((r for r in rows if r > self.row), rows[0])
        else:
            row = next((r for r in reversed(rows) if r < self.row), rows[-1])
        return self._show_student(row, "n: next" if by > 0 else "N: previous")

    def _show_student(self, row: int, verb: str) -> str:
        self.row = row
        self.trace = self.trace_net = None
        side = "training" if self.trainer.is_training(row) else "held-out"
        return f"{verb}: {esc(self._student(row))} ({side}); f makes the guess"

    def _epoch(self) -> str:
        paused = self._pause("") and "paused the run; "
        before = self.trainer.network
        try:
            record = self.trainer.run_epoch()
        except TrainingDiverged as exc:
            return self._diverged(exc)
        self.before, self.last_epoch = before, (before, self.trainer.network)
        self._reguess()
        accuracy = "" if self.worked_example else f", accuracy {record.train_accuracy:.1%}"
        loss = f"training loss {record.train_loss:.4f}{accuracy}"
        return f"e: {paused or ''}epoch {record.epoch}: {loss}"

    def _undo(self) -> str:
        paused = self._pause("") and "paused the run; "
        was = self.trainer.config
        label = self.trainer.undo()
        if label is None:
            return f"u: {paused or ''}nothing to undo"
        self.before = None
        self._reguess()
        now = self.trainer.config
        also = ""
        if now.learning_rate != was.learning_rate:
            also += f"; α back to {now.learning_rate:g}"
        if now.mode != was.mode:
            also += f"; mode back to {now.mode}"
        return f"u: {paused or ''}took back {esc(label)}{also}"

    def _reinitialise(
        self, key: str, seed: int | None = None, activation: str | None = None
    ) -> str:
        self._pause("")
        if seed is None and activation is None:
            self.trainer.reset()
            what = f"back to the initial weights (seed {self.trainer.config.seed})"
        else:
            self.trainer.reinitialise(seed=seed, activation=activation)
            cfg = self.trainer.config
            what = f"new initial weights: seed {cfg.seed}, {cfg.activation} hidden layer"
        self.before = None
        self._reguess()
        return f"{key}: {what}; history and undo cleared"

    def _set_alpha(self, factor: float) -> str:
        old = self.trainer.config.learning_rate
        new = old * factor
        if not ALPHA_RANGE[0] <= new <= ALPHA_RANGE[1]:
            low, high = ALPHA_RANGE
            return f"learning rate α stays {old:g}: this screen keeps it within {low:g}-{high:g}"
        self.trainer.set_learning_rate(new)
        return f"learning rate α {old:g} → {self.trainer.config.learning_rate:g}"

    def _set_mode(self, mode: str) -> str:
        self.trainer.set_mode(mode)
        uses = {
            "stochastic": "one student",
            "minibatch": f"{self.trainer.config.batch_size} students",
            "batch": "every training student",
        }.get(mode, mode)
        return f"M: {mode}: e/space steps use {uses}; b uses this one"

    def _next(self, names: Iterable[str], field: str) -> str:
        order = list(names)
        current = getattr(self.trainer.config, field)
        return order[(order.index(current) + 1) % len(order)]

    def _set_speed(self, index: int) -> str:
        self.speed = min(max(index, 0), len(SPEEDS) - 1)
        return f"speed: {self._speed_text(measured=False)}"

    def _save(self, path: str | None) -> None:
        if not path:
            self._say("ctrl+s: not saved")
            return
        from engine.data import DataError
        from engine.model_file import model_text

        try:
            if self.deliver_to_browser(model_text(self.trainer.saved_model()), path):
                self._say(f"ctrl+s: sent {esc(path)} to the browser")
                return
            inputs = (self.trainer.dataset.path, self.predict_path)
            save_model(path, self.trainer.saved_model(), inputs)
        except (DataError, OSError) as exc:
            self.notify(str(exc), title="not saved", severity="error")
            self._say(f"ctrl+s: not saved: {esc(str(exc))}")
            return
        self.save_path = path
        self._say(f"ctrl+s: saved the model to {esc(path)}")

    def _reguess(self) -> None:
        """Keep a shown guess current after the weights change under it (epochs, undo)."""
        if self.trace is not None:
            self.trace = self.trainer.forward_row(self.row)
            self.trace_net = self.trainer.network

    def _diverged(self, exc: TrainingDiverged) -> str:
        self.running = False
        self.notify(str(exc), title="training diverged", severity="error", timeout=10)
        return "training diverged and paused: u undoes, r resets, - halves α"

    # ----- the run ----------------------------------------------------------------------

    def _start(self) -> str:
        self.running = True
        self.measured = None
        self.run_worker(self._train(), name="training", group="run", exclusive=True)
        return "space: running epochs (space pauses, < > change the speed)"

    def _pause(self, message: str) -> str:
        if not self.running:
            return ""
        self.running = False
        self.workers.cancel_group(self, "run")
        self.measured = None
        self._reguess()  # the epochs since the last redraw moved the weights under the guess
        return f"space: {message} at epoch {self.trainer.epoch}" if message else "paused"

    async def _train(self) -> None:
        """Epochs until paused: in chunks of at most CHUNK seconds, paced to the chosen speed."""
        trainer = self.trainer
        last_draw = window_start = time.perf_counter()
        window_epochs = 0
        paced: tuple[int | None, float, int] = (None, 0.0, 0)  # speed, since, epochs since
        while self.running:
            rate = SPEEDS[self.speed]
            start = time.perf_counter()
            if rate is not None and paced[0] != rate:
                paced = (rate, start, 0)
            due = None if rate is None else int(rate * (start - paced[1])) + 1 - paced[2]
            ran = 0
            try:
                while due is None or ran < due:
                    before = trainer.network
                    trainer.run_epoch()
                    ran += 1
                    if time.perf_counter() - start >= CHUNK:
                        break
            except TrainingDiverged as exc:
                self._say(self._diverged(exc))
                return
            if ran:
                self.before = before
            window_epochs += ran
            if rate is not None:
                paced = (rate, paced[1], paced[2] + ran)
            now = time.perf_counter()
            if now - window_start >= 0.5:
                self.measured = window_epochs / (now - window_start)
                window_start, window_epochs = now, 0
            if ran and (now - last_draw >= 1.0 / FPS or (rate is not None and rate <= FPS)):
                last_draw = now
                self._reguess()
                self.draw()
            if rate is None or due is None or ran < due:
                for _ in range(YIELDS):
                    await asyncio.sleep(0)
            else:
                next_due = paced[1] + paced[2] / rate
                await asyncio.sleep(max(0.0, next_due - time.perf_counter()))

    # ----- drawing ----------------------------------------------------------------------

    def _say(self, message: str) -> None:
        self.message = message
        self.draw()

    def _speed_text(self, measured: bool = True) -> str:
        rate = SPEEDS[self.speed]
        if rate is not None:
            return f"{rate}/s"
        if measured and self.running:
            return f"max {self.measured:.0f}/s" if self.measured else "max …"
        return "max"

    def draw(self) -> None:
        """Hand every pane what it shows, from the trainer and the state above."""
        t, row = self.trainer, self.row
        data = t.dataset
        training = t.is_training(row)
        self.query_one(InputsPane).show(
            self._student(row),
            data.student_number(row),
            data.n_in_file,
            training,
            [
                (f, float(data.X[row, j]), float(t.X[row, j]))
                for j, f in enumerate(data.feature_names)
            ],
            self.target_text(row),
            t.config.scale,
        )
        self.query_one(WeightsPane).show(t.network, self.before, data.feature_names)
        note = ""
        if self.trace is not None and self.trace_net is not t.network:
            note = "the guess before the update"
        loss = None
        if self.trace is not None:
            loss = loss_value(t.config.loss, self.trace, t.y[row : row + 1])
        self.query_one(HiddenPane).show(self.trace, t.config.activation, note)
        self.query_one(OutputPane).show(
            self.trace,
            tuple(float(v) for v in t.y[row]),
            data.labels,
            t.config.loss,
            loss,
            note,
            soft=self.worked_example,
        )
        charted = (len(t.history), t.history[-1] if t.history else None)
        changed = charted != self._charted
        due = not self.running or time.perf_counter() - self._chart_time >= 1.0 / CHART_FPS
        if changed and due:
            self._charted, self._chart_time = charted, time.perf_counter()
            self.query_one(LossChart).show(t.history, accuracy=not self.worked_example)
        self.query_one(StatusLine).show(
            t.epoch,
            data.student_number(row),
            data.n_in_file,
            t.config.learning_rate,
            t.config.mode,
            self._speed_text(),
            self.running,
            self.message,
        )

    # ----- command palette ------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for key in KEYS:
            yield SystemCommand(
                f"{key.description} ({key.shown})",
                f"key {key.shown}",
                partial(self.run_action, key.action),
            )
        yield SystemCommand("Jump to a student", "type a name or a number", self._jump_hint)
        yield from super().get_system_commands(screen)

    def _jump_hint(self) -> None:
        self._say("type a student's name or number in the command palette (ctrl+p)")

    def student_labels(self) -> list[str]:
        """Each student as the command palette lists them, in row order."""
        t = self.trainer
        return [
            f"student {t.dataset.student_number(row)}"
            + ("" if self.hide_names else f": {t.dataset.names[row]}")
            + (" (training)" if t.is_training(row) else " (held-out)")
            for row in range(t.dataset.n_samples)
        ]


def build_trainer(args: argparse.Namespace) -> Trainer:
    """The Trainer the options ask for; DataError / UsageError for bad input (exit 2)."""
    from engine.trainer import TrainingConfig
    from tui.cli import UsageError, config_from_args, load_training_data
    from tui.cli_parser import load_model_and_data

    if getattr(args, "model", None):
        model, data = load_model_and_data(args)  # the model decides the features, in its order
        try:
            return Trainer(
                data,
                TrainingConfig.from_dict(model.training_settings()),
                network=model.network,
                scaler=model.scaler,
            )
        except ValueError as exc:
            raise UsageError(f"{args.model}: {exc}") from None
    if getattr(args, "preset", "article") == "mazur":
        from engine.presets import mazur, preset_trainer

        return preset_trainer(mazur())
    config = config_from_args(args)
    data = load_training_data(args)
    try:
        return Trainer(data, config)
    except ValueError as exc:
        raise UsageError(f"{data.path}: {exc}") from None


def run_app(args: argparse.Namespace) -> int:
    """``passfail-tui`` with no command: load everything, then open the simulator."""
    from tui.glyphs import use_ascii

    trainer = build_trainer(args)
    app = SimulatorApp(trainer, hide_names=bool(args.hide_names), save_path=args.model or "")
    app.predict_path, app.start_tour = getattr(args, "predict", None) or "", bool(args.tour)
    app.uncertain = getattr(args, "uncertain", app.uncertain)
    app.start_theme = getattr(args, "theme", None) or app.start_theme
    app.use_ascii(bool(getattr(args, "ascii", False)) or use_ascii())
    app.run()
    return app.return_code or 0
