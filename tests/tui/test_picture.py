"""The network picture as text (tui.picture, tui.canvas) and its pane, without the main screen."""

from __future__ import annotations

import re

import numpy as np
import pytest
from textual.app import App, ComposeResult
from textual.content import Content

from engine.explain import blame
from engine.hidden_nodes import votes
from engine.names import weight_name
from engine.network import Network
from tui.canvas import glyph, line_cells
from tui.motion import MOTION
from tui.picture import HEAVY, LIGHT, Picture, draw_network, num, vote_lines, weight_class
from tui.widgets.picture import BLAME_SAYS, PicturePane

PANE_80x24 = (40, 11)
"""The Weights pane's inside at 80x24 (measured in tmux: 44 columns with border and padding,
11 rows)."""

PANE_120x40 = (74, 22)


def article_net(seed: int = 0) -> Network:
    return Network.create((3, 2, 1), seed=seed)


def drawn(net: Network, size: tuple[int, int] = PANE_80x24, ascii: bool = False) -> Picture:
    x = np.random.default_rng(1).uniform(0, 1, (1, net.n_inputs))
    picture = draw_network(net, net.forward(x), *size, ascii=ascii)
    assert picture is not None
    return picture


def marked(text: str, sign: str, name: str) -> list[str]:
    """Every edge label ``<sign><name>`` in ``text`` (a label has a space before and after,
    or ends its line)."""
    return re.findall(rf" {sign}{name}(?= |$)", text, flags=re.M)


def with_weight(net: Network, layer: int, i: int, j: int, value: float) -> Network:
    weights = [np.array(w) for w in net.weights]
    weights[layer][i, j] = value
    return Network.from_weights(weights, net.biases, net.activation)


def test_the_picture_fits_its_size() -> None:
    for size in (PANE_80x24, PANE_120x40):
        picture = drawn(article_net(), size)
        assert len(picture.rows) == size[1]
        assert max(len(line) for line in picture.text.split("\n")) <= size[0]


def test_the_nodes_show_the_forward_pass() -> None:
    net = article_net()
    x = np.array([[0.25, 0.5, 0.75]])
    trace = net.forward(x)
    picture = draw_network(net, trace, *PANE_80x24)
    assert picture is not None
    text = picture.text
    for k in range(3):
        assert f"i{k + 1} {x[0, k]:.2f}" in text
    for j in range(2):
        z, a = float(trace.z[0][0, j]), float(trace.a[1][0, j])
        assert f"h{j + 1} z{num(z, 2, plus=True)}" in text
        assert f"a {a:.3f}" in text
    assert f"P {float(trace.output[0, 0]):.0%}" in text


def test_every_weight_is_named_once_with_its_sign_where_there_is_room() -> None:
    net = article_net()
    text = drawn(net).text
    for layer, w in enumerate(net.weights):
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                name = weight_name(net.layer_sizes, layer, i, j)
                sign = r"\+" if w[i, j] > 0 else "−"
                assert len(marked(text, "[+−]", name)) == 1
                assert marked(text, sign, name)


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_an_edges_marker_flips_with_its_weights_sign(ascii: bool) -> None:
    minus = "-" if ascii else "−"
    net = with_weight(article_net(), 1, 1, 0, 1.5)  # w8: h2 -> output
    assert marked(drawn(net, ascii=ascii).text, r"\+", "w8")
    flipped = drawn(with_weight(net, 1, 1, 0, -1.5), ascii=ascii).text
    assert marked(flipped, minus, "w8") and not marked(flipped, r"\+", "w8")


def test_the_richest_layout_names_the_biases_and_takes_the_votes() -> None:
    net = article_net()
    trace = net.forward(np.array([[0.2, 0.4, 0.6]]))
    notes = vote_lines(net, trace)
    picture = draw_network(net, trace, *PANE_120x40, notes=notes, labels=("class", "tests", "oral"))
    assert picture is not None and picture.level == 0 and picture.notes_placed
    for name in ("b(h1)", "b(h2)", "b(o1)", "class 0.20", "P(pass)", *notes):
        assert name in picture.text


def test_ascii_mode_draws_only_ascii() -> None:
    for net in (article_net(), Network.create((6, 4, 1), seed=2)):
        assert drawn(net, ascii=True).text.isascii()


def test_the_line_weight_follows_the_weights_size() -> None:
    assert [weight_class(w) for w in (0.0, LIGHT / 2, -LIGHT, 1.0, -HEAVY, 30.0)] == [
        0,
        0,
        1,
        1,
        2,
        2,
    ]
    assert [glyph("h", c, "+", False) for c in (0, 1, 2)] == ["·", "─", "━"]
    assert [glyph("h", c, "-", False) for c in (0, 1, 2)] == ["·", "╌", "╍"]
    assert [glyph("h", c, "+", True) for c in (0, 1, 2)] == [".", "-", "="]
    # a heavy edge draws heavy cells in the picture
    net = Network.from_weights([[[5.0]], [[0.1]]], [[0.0], [0.0]])
    text = drawn(net).text
    assert "━" in text and "·" in text
    thin = drawn(Network.from_weights([[[1.0]], [[-1.0]]], [[0.0], [0.0]])).text
    assert "━" not in thin and "·" not in thin and "╌" in thin


@pytest.mark.parametrize("ends", [(0, 0, 0, 10), (0, 9, 0, 10), (9, 0, 2, 5), (3, 8, 0, 1)])
def test_a_line_runs_from_end_to_end_without_gaps(ends: tuple[int, int, int, int]) -> None:
    r0, r1, xa, xb = ends
    cells = line_cells(r0, r1, xa, xb)
    assert (cells[0][0], cells[0][1]) == (r0, xa)
    assert (cells[-1][0], cells[-1][1]) == (r1, xb)
    for (ra, xa_, _), (rb, xb_, _) in zip(cells, cells[1:]):
        assert abs(ra - rb) <= 1 and abs(xa_ - xb_) <= 1


def test_networks_up_to_6_by_4_draw_at_80x24_and_10_by_10_at_120x40() -> None:
    for sizes in [(6, 4, 1), (2, 2, 2), (3, 1), (4, 4, 1)]:
        assert drawn(Network.create(sizes, seed=1), PANE_80x24)
    assert drawn(Network.create((10, 10, 1), seed=1), PANE_120x40)
    assert draw_network(Network.create((12, 12, 1), seed=1), None, *PANE_80x24) is None
    assert draw_network(Network.create((30, 4, 1), seed=1), None, *PANE_120x40) is None


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_6_by_4_fits_at_80x24_whatever_the_weights_and_values(ascii: bool) -> None:
    for seed in range(12):
        net = Network.create((6, 4, 1), seed=seed)
        scale, shift = [1, 3, 30][seed % 3], seed - 6.0
        net = Network.from_weights(
            [w * scale for w in net.weights], [b + shift for b in net.biases]
        )
        x = np.random.default_rng(seed).uniform(-1, 1, (1, 6))
        for trace in (net.forward(x), None):
            assert draw_network(net, trace, *PANE_80x24, inputs=x[0], ascii=ascii) is not None


def test_before_a_guess_the_inputs_still_show() -> None:
    picture = draw_network(article_net(), None, *PANE_80x24, inputs=[0.1, 0.2, 0.3])
    assert picture is not None
    assert "i2 0.20" in picture.text and re.search(r"P(\(pass\))? \?", picture.text)
    assert "h1 z?" in picture.text


def test_the_styled_parts_show_the_same_text_brackets_and_backslashes_too() -> None:
    net = article_net()
    x = net.forward(np.array([[0.1, 0.2, 0.3]]))
    labels = ("[b]old", "x[", "oral")
    picture = draw_network(net, x, *PANE_120x40, labels=labels)
    assert picture is not None
    assert Content.assemble(*picture.parts()).plain == picture.text
    assert "[b]old" in picture.text
    for ascii in (True, False):  # ASCII lines end in backslashes just before a style tag
        for sizes in [(3, 2, 1), (6, 4, 1)]:
            net = Network.create(sizes, seed=3)
            picture = drawn(net, PANE_80x24, ascii=ascii)
            assert Content.assemble(*picture.parts()).plain == picture.text
    odd = Picture(((("a\\", "pos"), ("[x]\\[y]\\", "neg"), ("z", "bold")),), 0, False)
    assert Content.assemble(*odd.parts()).plain == odd.text


def test_votes_say_which_way_each_hidden_node_pushes() -> None:
    net = Network.from_weights([[[1.0, -1.0]], [[2.0], [-8.0]]], [[0.0, 0.0], [0.5]])
    trace = net.forward(np.array([[0.0]]))
    v = votes(net, trace)
    assert vote_lines(net, trace) == (
        f"h1 votes pass: {num(float(v[0, 0]), 2, plus=True)}",
        "h2 votes fail: −4.00",  # to the bias's and z's digits: a sum by hand comes out
    )
    assert vote_lines(net, trace, ascii=True)[1] == "h2 votes fail: -4.00"


class PaneApp(App[None]):
    CSS = "PicturePane { width: 44; height: 13; border: round $primary; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield PicturePane()


async def test_the_pane_draws_at_its_size_with_the_votes_below() -> None:
    app = PaneApp()
    net = article_net()
    trace = net.forward(np.array([[0.5, 0.5, 0.5]]))
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(PicturePane)
        pane.show(net, trace, ("a", "b", "c"), [0.5, 0.5, 0.5])
        await pilot.pause()
        assert pane.fits and pane.picture is not None
        lines = pane.text.split("\n")
        assert len(lines) == 11 and max(len(line) for line in lines) <= 40
        assert lines[-1] == "votes " + " · ".join(vote_lines(net, trace, short=True))
        pane.show(Network.create((20, 20, 1)), None, (), np.zeros(20))
        await pilot.pause()
        assert not pane.fits and "does not fit here: W shows the table" in pane.text


def test_the_motion_lights_columns_and_keeps_the_text() -> None:
    picture = drawn(article_net())
    assert len(picture.columns) == 3 and picture.columns[0] == 0
    full = Content.assemble(*picture.parts()).plain
    first = picture.columns[1]
    parts = picture.parts((0, first))
    assert Content.assemble(*parts).plain == full
    x = 0
    for text, style in parts:
        if text == "\n":
            x = 0
            continue
        if x >= first:
            assert style == "$text-muted"
        x += len(text)


class Clock:
    """A clock the test moves by hand (the pane's motion is due on it)."""

    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


async def test_the_pane_moves_on_its_clock_and_any_redraw_finishes_it() -> None:
    app = PaneApp()
    net = article_net()
    x, y = np.array([[0.5, 0.5, 0.5]]), np.array([[1.0]])
    trace = net.forward(x)
    rows = blame(net, trace, net.backward(trace, y), net, "bce", y)
    clock = Clock()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(PicturePane)
        pane.clock = clock
        pane.show(net, trace, ("a", "b", "c"), [0.5, 0.5, 0.5])
        await pilot.pause()
        final = pane._parts
        pane.play("forward")
        assert pane.moving and pane._parts != final
        assert pane.motion_end == pytest.approx(clock.now + MOTION) and MOTION <= 0.4
        await pilot.pause(0.2)
        assert pane.moving  # the clock stood still: so did the motion
        end, width = pane.motion_end, pane.size.width
        pane.styles.width = 50  # a resize mid-motion: laid out again, on the same schedule
        await pilot.pause()
        assert pane.size.width == width + 6 and pane.moving and pane.motion_end == end
        final = tuple(pane._still[0])  # the picture at the new size
        clock.now += MOTION
        for _ in range(80):  # the timer ticks every few hundredths of a second
            if not pane.moving:
                break
            await pilot.pause(0.05)
        assert not pane.moving and pane._parts == final
        pane.play("blame", rows)
        assert pane.moving and pane._parts != final and pane.border_subtitle == BLAME_SAYS
        pane.show(net, trace, ("a", "b", "c"), [0.5, 0.5, 0.5])  # the same again: it goes on
        assert pane.moving
        pane.finish_motion()  # a key: all at once
        assert pane._parts == final and not pane.moving and pane._timer is None
        pane.play("forward")
        other = net.forward(np.array([[0.1, 0.9, 0.3]]))
        pane.show(net, other, ("a", "b", "c"), [0.1, 0.9, 0.3])  # another picture: it ends
        assert not pane.moving and pane._parts != final


@pytest.mark.parametrize("ascii", [False, True])
def test_after_an_update_the_guessing_weights_show_marked_with_the_way_each_moved(
    ascii: bool,
) -> None:
    before = article_net(3)
    x = np.random.default_rng(1).uniform(0, 1, (1, 3))
    trace = before.forward(x)
    grads = before.backward(trace, np.array([[1.0]]), "bce")
    after = before.apply(grads, 2.0)
    picture = draw_network(before, trace, *PANE_120x40, moved=after, ascii=ascii)
    assert picture is not None and picture.level == 0
    text = picture.text
    up, down = ("^", "v") if ascii else ("▲", "▼")
    minus = "-" if ascii else "−"
    for layer, w in enumerate(before.weights):
        for i, j in np.ndindex(w.shape):
            name = weight_name(before.layer_sizes, layer, i, j)
            sign = "[+]" if w[i, j] > 0 else minus  # the sign of the weight that guessed
            way = up if after.weights[layer][i, j] > w[i, j] else down
            assert len(re.findall(rf" {sign}{name}{re.escape(way)}(?= |$)", text, re.M)) == 1
    for node, (layer, j) in {"h1": (0, 0), "h2": (0, 1), "o1": (1, 0)}.items():
        b, now = float(before.biases[layer][j]), float(after.biases[layer][j])
        way = up if now > b else down
        assert f"b({node}) {num(b, 2, ascii, plus=True)}{way}" in text
    plain = draw_network(before, trace, *PANE_120x40, ascii=ascii)
    assert plain is not None and up not in plain.text and down not in plain.text
