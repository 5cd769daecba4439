"""The simulator: a switchboard between the keys, the Simulation and the panes.

The ``Simulation`` (``tui/simulation.py``) owns the Trainer and what the screen adds to it
(the current student, the guess shown, the network before the last update, the run state);
every key calls one of its verbs and shows the record it returns, then ``draw`` hands each
pane what it shows. Views get the simulation in their constructor and post ``Did`` up.

Continuous training is one exclusive async worker: it asks the simulation for a chunk of
at most ``CHUNK`` seconds of epochs, yields to the event loop (so keys are handled between
chunks; a key's frame goes out before the next chunk) and redraws at most ``FPS`` times a
second, throttled by time (the screen's share of a full-speed run), never per epoch.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterable
from contextlib import suppress
from functools import partial
from typing import Any, ClassVar, cast

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer

from engine.model_file import save_model
from tui.chart_feed import ChartFeed
from tui.commands import OncePalette, StudentProvider
from tui.keys import KEYS, PALETTE
from tui.main_panes import draw_main
from tui.manners import TerminalManners
from tui.messages import Did, JumpToStudent
from tui.motion_keys import MotionKeys
from tui.pacing import DrawPacer
from tui.quiz import Quiz
from tui.quiz_keys import QuizKeys
from tui.records import Outcome
from tui.screens.compare import CompareScreen
from tui.screens.decision_map import DecisionMapScreen
from tui.screens.evaluation import EvaluationScreen
from tui.screens.explore import ExploreScreen
from tui.screens.gradcheck import GradientCheckScreen
from tui.screens.help import HelpScreen
from tui.screens.landscape import LandscapeScreen
from tui.screens.latest_size import SimulatorScreen
from tui.screens.math_view import MathScreen
from tui.screens.predictions import PredictionsScreen
from tui.screens.projector import ProjectorScreen
from tui.screens.save import TARGET_PROMPT, SaveScreen
from tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from tui.screens.tour import TourScreen
from tui.screens.tour_keys import TourKeys
from tui.screens.whatif import WhatIfScreen
from tui.simulation import SPEEDS, Simulation
from tui.widgets.hidden import HiddenPane
from tui.widgets.inputs import InputsPane
from tui.widgets.loss_chart import VIEW_NAMES, LossChart
from tui.widgets.network import NetworkPanes
from tui.widgets.output import OutputPane
from tui.widgets.pane import esc
from tui.widgets.status import StatusLine

__all__ = ["KEYS", "SPEEDS", "SimulatorApp"]

CHUNK = 0.002
"""Longest stretch of epochs, in seconds, before the run yields to the keys."""

YIELDS = 6
"""Turns of the event loop given away after each chunk: a key travels App -> Screen -> App
through several message queues, each hop needing one turn."""

FPS = 10
"""Most redraws a second during a run."""

KEY_FRAME_WAIT = 0.1
"""Longest a run waits for the frame a key drew (a closing app draws none)."""

SCREEN_SHARE = 0.08
"""Most of a full-speed run's time the screen takes (drawing, rendering, keys): the rest is
the epochs'. A redraw waits until the screen's time since the last is within this share."""


class SimulatorApp(TerminalManners, QuizKeys, MotionKeys, TourKeys, App[int]):
    """Watch the 3-2-1 network guess, take the blame and learn, one key at a time."""

    CSS_PATH = "app.tcss"
    TITLE = "passfail-tui"
    COMMANDS = App.COMMANDS | {StudentProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(k.keys, k.action, k.label, show=k.footer) for k in KEYS),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]
    # App declares it an instance variable, so no ClassVar here (mypy), whatever ruff says
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012

    def __init__(
        self,
        sim: Simulation,
        save_path: str = "",
        predict_path: str = "",
        start_tour: bool = False,
        quiz: bool = False,
    ) -> None:
        super().__init__()
        self.sim = sim
        self.save_path = save_path or "passfail-model.json"
        self.predict_path = predict_path
        """``--predict FILE``: this year's students for the Predictions view ("" = bundled)."""
        self.start_tour = start_tour
        """``--tour``: open the guided tour on start."""
        self.quiz = Quiz(sim, on=quiz)
        """``k`` / ``--quiz``: questions before f and b, and after + (tui/quiz.py)."""
        self.message = "press f for the guessing game, ? for every key"
        self._chart = ChartFeed()
        self._keyed = False
        """A key redrew during a run: the run waits for that frame before its next chunk."""
        self.motion: bool | None = None
        """The picture moves after f and b (--no-motion: False; None: with a terminal)."""
        self.max_csv_mb: float | None = None
        """``--max-csv-mb``: the largest CSV a view reads (None: ``engine.limits``'s)."""

    # ----- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield InputsPane(id="inputs")
                yield HiddenPane(id="hidden")
                yield OutputPane(id="output")
            with Vertical(id="right"):
                yield NetworkPanes(id="network")
                yield LossChart(id="chart")
        yield StatusLine(id="status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.start_manners()
        self.draw()
        self.call_after_refresh(gc.freeze)  # a run's full collections skip start-up's objects
        for note in self.sim.trainer.dataset.notes:  # blank cells left out, ids, unused columns
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
        self.quiz_forward()
        self.play("forward")

    def action_backprop(self) -> None:
        step = self.sim.last_step
        self.quiz_backprop()
        if self.sim.last_step is not step:  # a step was made (not refused, not asked first)
            self.play("blame")

    def action_next_student(self) -> None:
        self.show(self.sim.move(+1))

    def action_previous_student(self) -> None:
        self.show(self.sim.move(-1))

    def action_epoch(self) -> None:
        self.show(self.sim.epoch())

    def action_run(self) -> None:
        self.show(self.sim.toggle_run())
        if self.sim.running:
            self.run_worker(self._train(), name="training", group="run", exclusive=True)

    def action_slower(self) -> None:
        self.show(self.sim.set_speed(self.sim.speed - 1))

    def action_faster(self) -> None:
        self.show(self.sim.set_speed(self.sim.speed + 1))

    def action_undo(self) -> None:
        self.show(self.sim.undo())

    def action_reset(self) -> None:
        self.show(self.sim.reset())

    def action_new_seed(self) -> None:
        self.show(self.sim.new_seed())

    def action_alpha_up(self) -> None:
        self.quiz_alpha_up()

    def action_alpha_down(self) -> None:
        self.show(self.sim.scale_alpha(0.5))

    def action_activation(self) -> None:
        self.show(self.sim.next_activation())

    def action_mode(self) -> None:
        self.show(self.sim.next_mode())

    def action_quiz(self) -> None:
        self.show(self.quiz.toggle())

    def action_weights_table(self) -> None:
        self.say(self.query_one(NetworkPanes).toggle())

    def action_projector(self) -> None:
        self.explore(ProjectorScreen(self.sim))

    def action_target_loss(self) -> None:
        if self.sim.running:
            self.action_run()  # the question needs a still screen (draw reads the panes)
        now = "" if self.sim.target_loss is None else f"{self.sim.target_loss:g}"
        self.push_screen(SaveScreen(now, "Target training loss", TARGET_PROMPT), self._target_loss)

    def _target_loss(self, text: str | None) -> None:
        self.show(self.sim.set_target_loss(text) if text else Outcome("L: the target stays"))

    def action_chart_view(self) -> None:
        view = self.screen_stack[0].query_one(LossChart).next_view()
        self.say(f"y: the chart shows {VIEW_NAMES[view]}")

    def action_math(self) -> None:
        self.explore(MathScreen(self.sim))

    def action_gradient_check(self) -> None:
        self.explore(GradientCheckScreen(self.sim))

    def action_whatif(self) -> None:
        self.explore(WhatIfScreen(self.sim))

    def action_landscape(self) -> None:
        self.explore(LandscapeScreen(self.sim))

    def action_decision_map(self) -> None:
        self.explore(DecisionMapScreen(self.sim), pass_fail="d")

    def action_predictions(self) -> None:
        self.explore(PredictionsScreen(self.sim, self.predict_path, self.max_csv_mb), pass_fail="p")

    def action_evaluation(self) -> None:
        self.explore(EvaluationScreen(self.sim), pass_fail="v")

    def action_compare(self) -> None:
        self.explore(CompareScreen(self.sim), pass_fail="c")

    def action_tour(self) -> None:
        self.explore(TourScreen(self.sim))

    def action_save(self) -> None:
        self.push_screen(SaveScreen(self.save_path), self._save)

    def action_help(self) -> None:
        self.push_screen(HelpScreen([*((k.shown, k.description) for k in KEYS), PALETTE]))

    def get_default_screen(self) -> Screen[Any]:
        return SimulatorScreen(id="_default")  # lays out at the newest size only

    def action_command_palette(self) -> None:  # Textual's, with a palette closed only once
        if self.use_command_palette and not OncePalette.is_open(cast(App[object], self)):
            self.push_screen(OncePalette())  # no fixed id: the last one may not be gone yet

    def on_jump_to_student(self, message: JumpToStudent) -> None:
        self.show(self.sim.show_student(message.row, "jumped to"))

    def on_did(self, message: Did) -> None:
        self.show(message.outcome)

    # ----- what the keys' records become on screen ---------------------------------------

    def show(self, outcome: Outcome) -> None:
        """Say what a verb did (and pop up its alert), stop the worker if it paused the run."""
        if outcome.paused:
            self.workers.cancel_group(self, "run")
        if outcome.alert is not None:
            a = outcome.alert
            if a.error:
                self.notify(esc(a.text), title=a.title, severity="error", timeout=10)
            else:
                self.notify(esc(a.text), title=a.title)
        self.say(outcome.text)

    def say(self, text: str) -> None:
        """Put ``text`` (plain) on the status line and redraw."""
        self.message = esc(text)
        self.draw()
        self._keyed = self.sim.running

    def explore(self, screen: ExploreScreen | TourScreen, pass_fail: str = "") -> None:
        """Open a view over the simulator (pausing a run: views show a still network).

        ``pass_fail``: the key of a pass/fail view (decision map, predictions, evaluation),
        off for a worked example: its soft targets have no verdict and no accuracy."""
        if pass_fail and self.sim.worked_example:
            targets = "its targets (0.01, 0.99) have no pass/fail"
            self.say(f"{pass_fail}: not for a worked example: {targets}")
            return
        if self.sim.running:
            self.action_run()
        self.push_screen(screen, lambda _: self.draw())

    def _save(self, path: str | None) -> None:
        if not path:
            self.say("ctrl+s: not saved")
            return
        from engine.data import DataError
        from engine.model_file import model_text

        model = self.sim.trainer.saved_model()
        try:
            if self.deliver_to_browser(model_text(model), path):
                self.say(f"ctrl+s: sent {path} to the browser")
                return
            inputs = (self.sim.trainer.dataset.path, self.predict_path)
            save_model(path, model, inputs)
        except (DataError, OSError) as exc:
            self.notify(esc(str(exc)), title="not saved", severity="error")
            self.say(f"ctrl+s: not saved: {exc}")
            return
        self.save_path = path
        self.say(f"ctrl+s: saved the model to {path}")

    # ----- the run ----------------------------------------------------------------------

    async def _train(self) -> None:
        """Chunks of epochs until paused, redrawing at most FPS times a second and, at full
        speed, only while the screen has had at most SCREEN_SHARE of the time (tui/pacing.py)."""
        pacer, waited = DrawPacer(FPS, SCREEN_SHARE, last=time.perf_counter()), True
        while self.sim.running and self.is_running:  # not while the app closes (no panes)
            if self._keyed:  # a key redrew: its frame goes out before more epochs
                self._keyed, keyed = False, time.perf_counter()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self.screen.wait_for_refresh(), KEY_FRAME_WAIT)
                pacer.spent(0.0 if waited else time.perf_counter() - keyed)  # paced: time to spare
            snap = self.sim.run_chunk(CHUNK)
            waited = snap.wait is not None
            if (ended := snap.diverged or snap.stopped) is not None:
                self.show(ended)
                return
            if snap.beat is not None:  # autoplay: a beat, or a student step, to show
                self.say(snap.beat.text)
                self.play_beat()
            rested = time.perf_counter()
            slow = snap.rate is not None and snap.rate <= FPS
            if snap.ran and (slow or pacer.due(rested)) and self.is_running:
                pacer.drew(rested)
                self.sim.reguess()
                self.draw()
            if snap.wait is None:  # bound by the machine: the screen's time is the run's
                for _ in range(YIELDS):
                    await asyncio.sleep(0)
                pacer.spent(time.perf_counter() - rested)
            else:
                await asyncio.sleep(snap.wait)

    # ----- drawing ----------------------------------------------------------------------

    def draw(self) -> None:
        """Hand every pane what it shows, from the simulation (nothing once the app closes)."""
        main = self.screen_stack[0] if self.screen_stack else None
        if main is not None:
            with suppress(NoMatches):  # the panes are being taken down: the app is closing
                draw_main(main, self.sim, self.message, self.quiz.score_text, self._chart)

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
        self.say("type a student's name or number in the command palette (ctrl+p)")

    def student_labels(self) -> list[str]:
        """Each student as the command palette lists them, in row order."""
        return self.sim.student_labels()
