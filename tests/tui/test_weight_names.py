"""One way of naming weights and inputs on every screen: the article's w1..w8 and i1, i2 ..
first (``engine.names``' numbering), the feature's name beside it where there is room; and a
blamed edge's label never sits on another input's (or node's) row, where it reads as theirs.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.explain import blame
from engine.names import node_names, parameter_names, weight_name
from engine.network import Network
from tests.tui.explore_app import SIZE, make_explore_app, press
from tests.tui.test_gradebook_view import shown_text
from tests.tui.test_picture import PANE_80x24, PANE_120x40
from tui.motion import edge_blame
from tui.picture import draw_network
from tui.widgets.inputs import InputsPane
from tui.widgets.weights import WeightsPane

FEATURES = ("class_assignments", "written_tests", "oral_tests")

SIZES = (PANE_80x24, (40, 12), (42, 11), PANE_120x40)
"""The picture pane at 80x24 (at rest, in autoplay: a row more or less) and 120x40."""


def where(sizes: tuple[int, ...]) -> dict[str, tuple[int, int, int]]:
    """Each weight's w-number and its (layer, from node, to node), from the engine's names."""
    return {
        weight_name(sizes, layer, i, j): (layer, i, j)
        for layer, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))
        for i in range(a)
        for j in range(b)
    }


def test_every_weights_long_name_starts_with_its_w_number_in_the_articles_order() -> None:
    names = [p for p in parameter_names((3, 2, 1), FEATURES) if p.kind == "w"]
    by_short = {p.short: p for p in names}
    assert by_short["w1"].long == "w1 class_ass…→h1"  # w1 = i1→h1, w2 = i2→h1, ... (Mazur)
    assert by_short["w2"].long == "w2 written_t…→h1"
    assert by_short["w4"].long == "w4 class_ass…→h2"
    assert by_short["w8"].long == "w8 h2→out"
    for p in names:
        assert p.short == weight_name((3, 2, 1), p.layer, p.row, p.col)
        assert p.long.startswith(p.short + " ")


def random_cases(n: int) -> list[tuple[Network, np.ndarray]]:
    rng = np.random.default_rng(7)
    return [(Network.create((3, 2, 1), seed=int(s)), rng.normal(0, 1.2, (1, 3))) for s in range(n)]


@pytest.mark.parametrize("size", SIZES)
def test_the_pictures_inputs_are_named_i1_i2_i3_first_at_every_size(size: tuple[int, int]) -> None:
    for net, x in random_cases(12):
        for trace in (None, net.forward(x)):
            picture = draw_network(net, trace, *size, inputs=x[0], labels=FEATURES)
            assert picture is not None
            for k, feature in enumerate(FEATURES, 1):
                named = re.findall(rf"(?:^| )i{k} (?:(\S+) )?[−-]?\d", picture.text, re.M)
                assert len(named) == 1, (k, picture.text)
                assert not named[0] or feature.startswith(named[0].rstrip("…"))


def label_rows(text: str, sizes: tuple[int, ...]) -> dict[str, int]:
    """The row each edge label naming a weight (``w3 2%▲``, ``+w3``) sits on."""
    rows: dict[str, int] = {}
    for r, line in enumerate(text.split("\n")):
        for name in re.findall(r"(?<![\w(])(w\d+)(?= |▲|▼|\^|v|=|$)", line):
            assert name not in rows, (name, text)
            rows[name] = r
    return rows


def node_rows(text: str, sizes: tuple[int, ...]) -> dict[tuple[int, int], int]:
    """The row each input and hidden node is named on (its edges attach there)."""
    names = node_names(sizes)
    rows: dict[tuple[int, int], int] = {}
    for r, line in enumerate(text.split("\n")):
        for layer in (0, 1):
            for k, name in enumerate(names[layer]):
                if re.search(rf"(?<![\w.(]){name} ", line):  # i2 0.86, ──h2 z, not b(h2)
                    rows[(layer, k)] = r
    return rows


def assert_each_label_is_on_no_other_nodes_row(text: str, sizes: tuple[int, ...]) -> int:
    edges = where(sizes)
    nodes = node_rows(text, sizes)
    labels = label_rows(text, sizes)
    for name, r in labels.items():
        layer, i, j = edges[name]
        for (at, k), row in nodes.items():
            own = (at == layer and k == i) or (at == layer + 1 and k == j)
            if row == r and not own and at in (layer, layer + 1):
                raise AssertionError(f"{name} sits on the row of node {at},{k}:\n{text}")
    return len(labels)


@pytest.mark.parametrize("size", SIZES)
def test_a_blamed_edges_label_never_sits_on_another_inputs_row(size: tuple[int, int]) -> None:
    named = 0
    for net, x in random_cases(12):
        trace = net.forward(x)
        grads = net.backward(trace, np.array([[1.0]]), "bce")
        rows = blame(net, trace, grads, net, "bce", np.array([[1.0]]), 0, True)
        for from_layer in (1, 0):
            picture = draw_network(
                net, trace, *size, inputs=x[0], labels=FEATURES, blame=edge_blame(rows, from_layer)
            )
            if picture is not None:
                named += assert_each_label_is_on_no_other_nodes_row(picture.text, (3, 2, 1))
    if size == PANE_120x40:
        assert named  # there is room for the names (at 80x24 not always: signs alone then)


@pytest.mark.parametrize("size", SIZES)
def test_at_rest_every_weight_label_is_on_no_other_nodes_row(size: tuple[int, int]) -> None:
    for net, x in random_cases(12):
        picture = draw_network(net, net.forward(x), *size, inputs=x[0], labels=FEATURES)
        assert picture is not None
        assert_each_label_is_on_no_other_nodes_row(picture.text, (3, 2, 1))


async def test_the_weights_table_names_every_weight_on_its_inputs_row() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        grades = app.query_one(InputsPane).text
        for k, feature in enumerate(FEATURES, 1):  # the Inputs pane: i1 first too
            assert re.search(rf"^i{k} {feature[:10]}", grades, re.M), grades
        await press(pilot, "W")
        lines = app.query_one(WeightsPane).text.split("\n")
        sizes = app.sim.trainer.network.layer_sizes
        for name, (layer, i, _) in where(sizes).items():
            row = node_names(sizes)[layer][i]
            holding = [line for line in lines if re.search(rf"\b{name}\b", line)]
            assert len(holding) == 1, (name, lines)
            assert holding[0].startswith(row + " "), (name, holding)


@pytest.mark.slow
async def test_the_landscape_and_what_if_name_weights_w1_first() -> None:
    app = make_explore_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "l")
        assert "w1 class_ass…→h1" in shown_text(app)
        await press(pilot, "escape", "w")
        shown = shown_text(app)
        for n in range(1, 9):
            assert re.search(rf"\bw{n} \S+→(h1|h2|out)", shown), (n, shown)
