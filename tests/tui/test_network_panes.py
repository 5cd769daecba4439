"""The picture or the weights table (tui.widgets.network), in a bare app."""

from __future__ import annotations

import numpy as np
from textual.app import App, ComposeResult

from engine.network import Network
from tui.widgets.network import TOO_BIG, NetworkPanes
from tui.widgets.picture import PicturePane
from tui.widgets.weights import WeightsPane


class PanesApp(App[None]):
    CSS = "NetworkPanes { width: 44; height: 13; } NetworkPanes > * { border: round $primary; }"

    def compose(self) -> ComposeResult:
        yield NetworkPanes()


def show(app: PanesApp, sizes: tuple[int, ...]) -> None:
    net = Network.create(sizes, seed=0)
    x = np.full(sizes[0], 0.5)
    names = tuple(f"grade{k}" for k in range(sizes[0]))
    app.query_one(NetworkPanes).show(net, None, net.forward(x[None, :]), names, x)


async def test_the_picture_shows_and_W_swaps_in_the_table() -> None:
    app = PanesApp()
    async with app.run_test(size=(60, 20)) as pilot:
        panes = app.query_one(NetworkPanes)
        picture, table = app.query_one(PicturePane), app.query_one(WeightsPane)
        show(app, (3, 2, 1))
        await pilot.pause()
        assert picture.display and not table.display and picture.fits
        assert panes.toggle() == "W: the weights table (W: the picture)"
        await pilot.pause()
        assert table.display and not picture.display
        assert panes.toggle() == "W: the picture"
        await pilot.pause()
        assert picture.display and not table.display


async def test_too_big_a_network_shows_the_table_until_it_fits_again() -> None:
    app = PanesApp()
    async with app.run_test(size=(60, 20)) as pilot:
        panes = app.query_one(NetworkPanes)
        picture, table = app.query_one(PicturePane), app.query_one(WeightsPane)
        show(app, (14, 12, 1))
        await pilot.pause()
        assert table.display and not picture.display and picture.fits is False
        assert table.border_title == TOO_BIG
        assert "too big" in panes.toggle() and table.display
        show(app, (3, 2, 1))  # drawn in the room the hidden picture would have
        await pilot.pause()
        assert picture.display and not table.display and picture.fits
        assert table.border_title == WeightsPane.TITLE
