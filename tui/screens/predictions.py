"""Predictions: this year's students with the current network's probability and verdict.

The model is the trainer's current network and scaler (``Trainer.saved_model()``), so the
numbers are those ``predict --model`` gives for the same model saved with ctrl+s. The export
writes ``engine.predict.predictions_csv`` (the columns ``predict --out`` writes) atomically.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from engine.data import DataError, Dataset, load_dataset
from engine.predict import (
    Prediction,
    predict_rows,
    predictions_bytes,
    untrained,
    write_predictions,
)
from engine.safe_write import Occupied
from tui.cli_gradebook import predict_path
from tui.cli_parser import UsageError
from tui.manners import deliver_to_browser
from tui.screens.explore import ExploreScreen
from tui.screens.save import SaveScreen
from tui.simulation import Simulation
from tui.widgets.pane import esc
from tui.widgets.status import epoch_words

EXPORT = "predictions.csv"
"""The file ``x`` writes, in the current directory."""

PINNED = ("student", "P(pass)", "verdict")
"""The first columns, pinned at the left however many grades scroll beside them."""
STUDENT, P_PASS, VERDICT = range(len(PINNED))

UNTRAINED = (
    "[$warning]untrained: the random starting weights' guesses; esc, then space to train[/]\n"
)
"""The line over the table while the weights are still the random starting ones."""


class PredictionsScreen(ExploreScreen):
    """A sortable table (s / click a header; r reverses); x exports it (predictions.csv)."""

    DEFAULT_CSS = """
    #predictions-info {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    #predictions-table {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort_next", "Sort"),
        Binding("r", "reverse", "Reverse"),
        Binding("x", "export", "Export CSV"),
    ]

    AUTO_FOCUS = "DataTable"

    def __init__(self, sim: Simulation, path: str = "", max_mb: float | None = None) -> None:
        """``path``: --predict's file ("" = the bundled class); ``max_mb``: --max-csv-mb
        (None: ``engine.limits``'s), the same limit as every other CSV the app reads."""
        super().__init__(sim)
        self.path = path
        self.max_mb = max_mb
        self.data: Dataset | None = None
        self.rows: list[Prediction] = []
        self.columns: list[str] = []
        self.sort_column = -1
        self.descending = True

    def compose(self) -> ComposeResult:
        yield Static(id="predictions-info")
        yield DataTable(id="predictions-table", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        t = self.sim.trainer
        model = t.saved_model()
        info = self.query_one("#predictions-info", Static)
        try:
            path = str(predict_path(model, self.path or None, "--predict"))
        except UsageError as exc:
            info.update(f"[$error]{esc(str(exc))}[/]")
            return
        try:
            self.data = load_dataset(
                path, None, model.feature_names, max_mb=self.max_mb, missing="keep"
            )
        except DataError as exc:  # it names the file
            info.update(f"[$error]cannot read {esc(str(exc))}[/]")
            return
        except OSError as exc:
            info.update(f"[$error]cannot read {esc(path)}: {esc(str(exc))}[/]")
            return
        self.rows = predict_rows(model, self.data, uncertain=self.sim.uncertain)
        passing = sum(r.verdict == "pass" for r in self.rows)
        failing = sum(r.verdict == "fail" for r in self.rows)
        blank = len(self.rows) - passing - failing
        info.update(
            f"[b]{len(self.rows)}[/b] students in {esc(Path(path).name)} · "
            f"[$success]{passing} pass[/]{self._unsure('pass')} · "
            f"[$error]{failing} fail[/]{self._unsure('fail')}"
            + (f" · [$warning]{blank} blank[/]" if blank else "")
            + f" · {epoch_words(t.epoch, t.weights_from, self.sim.epochs_before)}\n"
            + (UNTRAINED if untrained(model) else "")  # the rule predict_rows marks by
            + "[$text-muted]s (or a header click) sorts · r reverses · x exports CSV · "
            f"uncertain: 0.5 ± {self.sim.uncertain:g}[/]"
        )
        self.columns = [*PINNED, *model.feature_names]
        table = self.query_one(DataTable)
        table.fixed_columns = len(PINNED)  # the grades scroll; who and the verdict stay
        for k, name in enumerate(self.columns):
            table.add_column(name, key=str(k))
        self._fill(list(range(len(self.rows))))

    def _unsure(self, said: str) -> str:
        """`` (23 uncertain)``: how many of the ``said`` verdicts are uncertain (the uncertain
        are some of the pass and fail, not a third group), or "" for none."""
        n = sum(r.verdict == said and r.confidence == "uncertain" for r in self.rows)
        return f" ({n} uncertain)" if n else ""

    def _fill(self, order: list[int]) -> None:
        """The table's rows, in ``order`` (indices into ``rows``)."""
        if self.data is None:
            return
        table = self.query_one(DataTable)
        table.clear()
        for n in order:
            r = self.rows[n]
            table.add_row(
                f"student {n + 1}" if self.sim.hide_names else r.student,
                Text(f"{r.probability:.1%}" if r.predicted else "-", justify="right"),
                self._verdict(r),
                *(Text("" if v != v else f"{v:g}", justify="right") for v in self.data.X[n]),
                key=str(n),
            )

    def _verdict(self, r: Prediction) -> Text:
        """pass / fail in its colour; "(uncertain)" near 0.5; why, for a blank grade."""
        if not r.predicted:
            return Text(r.reason.split(":")[0], style=Style(italic=True))
        colour = self.app.theme_variables.get("success" if r.verdict == "pass" else "error")
        if r.confidence == "uncertain":
            return Text.assemble(
                (r.verdict, Style(color=colour)), (" uncertain", Style(italic=True, dim=True))
            )
        return Text(r.verdict, style=Style(color=colour, bold=True))

    def _sort_value(self, n: int, column: int) -> float | str:
        if self.data is None:
            return 0.0
        if column == STUDENT:
            return n if self.sim.hide_names else self.rows[n].student.lower()
        if column in (P_PASS, VERDICT):
            r = self.rows[n]
            return r.probability if r.predicted else -1.0
        value = float(self.data.X[n, column - len(PINNED)])
        return value if value == value else -math.inf

    def sort_by(self, column: int, descending: bool) -> None:
        """Order the rows by ``column`` (student, P(pass), verdict as P(pass), then grades)."""
        column = P_PASS if column == VERDICT else column
        self.sort_column, self.descending = column, descending
        order = sorted(
            range(len(self.rows)), key=lambda n: self._sort_value(n, column), reverse=descending
        )
        self._fill(order)
        arrow = "↓" if descending else "↑"
        self.query_one(DataTable).border_subtitle = f"sorted by {self.columns[column]} {arrow}"

    def _sortable(self) -> list[int]:
        """The columns s walks through: P(pass) first, the grades, then the student."""
        return [P_PASS, *range(len(PINNED), len(self.columns)), STUDENT]

    def action_sort_next(self) -> None:
        """Sort by the next column (P(pass) first, highest first)."""
        if not self.columns:
            return
        walk = self._sortable()
        column = (
            P_PASS if self.sort_column < 0 else walk[(walk.index(self.sort_column) + 1) % len(walk)]
        )
        self.sort_by(column, descending=column != STUDENT)

    def action_reverse(self) -> None:
        """Reverse the order."""
        if self.columns:
            self.sort_by(P_PASS if self.sort_column < 0 else self.sort_column, not self.descending)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        column = int(str(event.column_key.value))
        column = P_PASS if column == VERDICT else column
        same = column == self.sort_column
        self.sort_by(column, not self.descending if same else column != STUDENT)

    def action_export(self) -> None:
        """Ask for a file name (predictions.csv filled in), then ``export`` to it."""
        if self.data is None:
            return
        prompt = "file (CSV, as predict --out writes; enter writes, escape cancels):"
        self.app.push_screen(SaveScreen(EXPORT, "Export the predictions", prompt), self.export)

    def export(self, name: str | None) -> None:
        """Write the table (atomically) to ``name`` (relative to the current directory) and
        say where; under ``serve``, send it to the browser instead."""
        if not name or self.data is None:
            self.notify("not exported", title="x")
            return
        path = Path(name).expanduser()
        path = path if path.is_absolute() else Path.cwd() / path
        if deliver_to_browser(self.app, predictions_bytes(self.data, self.rows), path):
            return
        trainer = self.sim.trainer
        try:  # never over the file read, the training students or a model (engine.safe_write)
            learned_from = trainer.saved_model().data  # by sha256: a copy of them too
            write_predictions(path, self.data, self.rows, [trainer.dataset.path], learned_from)
        except (DataError, OSError) as exc:
            again = " (x again)" if isinstance(exc, Occupied) else ""
            self.notify(f"not written: {esc(str(exc))}{again}", title="x", severity="error")
            return
        self.notify(f"wrote {len(self.rows)} predictions to {esc(str(path))}", title="x")
