"""The main screen's panes, drawn from the simulation: data flows down, nothing is changed
but the focus student's P(pass) track (sampled at each redraw for the chart's focus view)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from engine.network import loss_value
from tui.chart_feed import ChartFeed
from tui.simulation import Simulation
from tui.widgets.hidden import HiddenPane
from tui.widgets.inputs import InputsPane
from tui.widgets.loss_chart import LossChart
from tui.widgets.network import NetworkPanes
from tui.widgets.output import OutputPane
from tui.widgets.status import StatusLine, state_parts, weights_note


def draw_main(
    main: Screen[Any], sim: Simulation, message: str, quiz_score: str, chart: ChartFeed
) -> None:
    """Hand every pane of the simulator's screen ``main`` what it shows; ``message``: what
    the last key did (markup); ``quiz_score``: the quiz's running score while it is on."""
    t, row = sim.trainer, sim.row
    data = t.dataset
    main.query_one(InputsPane).show(
        sim.student_name(row),
        sim.student_position(row),
        data.student_number(row),
        t.is_training(row),
        [(f, float(data.X[row, j]), float(t.X[row, j])) for j, f in enumerate(data.feature_names)],
        sim.target_text(row),
        t.config.scale,
    )
    shown = None if sim.hidden_guess else sim.trace  # a quiz question hides the guess
    main.query_one(NetworkPanes).show(  # the picture and the weights table, once each
        t.network,
        sim.before,
        shown,
        data.feature_names,
        t.X[row],
        sim.worked_example,
        sim.autoplay.blame_shown,
        sim.trace_net if shown is not None else None,
    )
    sim.sample_focus()
    note = weights_note(sim.trace_from, sim.epochs_before) if sim.trace is not None else ""
    note = "the guess before the update" if sim.stale_guess else note
    loss = None
    if sim.trace is not None:
        loss = loss_value(t.config.loss, sim.trace, t.y[row : row + 1])
    hidden = main.query_one(HiddenPane)
    flat = hidden.flat_nodes(t.network, t.X_train)  # measured once per network
    hidden.show(sim.trace, t.config.activation, note, flat)
    main.query_one(OutputPane).show(
        sim.trace,
        tuple(float(v) for v in t.y[row]),
        data.labels,
        t.config.loss,
        loss,
        note,
        soft=sim.worked_example,
    )
    if sim.hidden_guess:  # a quiz question is open: the guess would give it away
        hidden.show_unknown(t.network.layer_sizes, t.config.activation, flat)
        main.query_one(OutputPane).show_unknown(tuple(float(v) for v in t.y[row]), data.labels)
    state = state_parts(
        sim.running,
        sim.speed_text(),
        t.epoch,
        sim.student_position(row),
        t.config.learning_rate,
        t.config.mode,
        t.config.activation,
        sim.epochs_before,
        t.learning_rate_now,
        t.weights_from,
        quiz_score,
    )
    main.query_one(StatusLine).show(state, message)
    chart.feed(main.query_one(LossChart), sim)
