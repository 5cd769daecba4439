"""The network's place on the main screen: its picture, or the weights table.

The picture (``PicturePane``) shows by default; ``W`` (``toggle``) swaps in the weights
table (``WeightsPane``, every value to 3 decimals) and back. When the network is too big to
draw in the room there is, the table shows with a note in its title, whatever ``W`` asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from numpy.typing import ArrayLike
from textual.app import ComposeResult
from textual.containers import Vertical

from engine.explain import ParameterBlame
from engine.network import ForwardTrace, Network
from tui.widgets.picture import PicturePane
from tui.widgets.weights import WeightsPane

TOO_BIG = "Weights: too many nodes to draw here"
"""The table's title when the picture does not fit."""


class NetworkPanes(Vertical):
    """The picture or the table, one at a time."""

    DEFAULT_CSS = """
    NetworkPanes > .-off {
        display: none;
    }
    NetworkPanes > PicturePane, NetworkPanes > WeightsPane {
        height: 1fr;
        max-height: 100%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table_wanted = False
        """W: the weights table instead of the picture."""

    def compose(self) -> ComposeResult:
        yield PicturePane(id="picture")
        yield WeightsPane(id="weights", classes="-off")

    @property
    def table_shown(self) -> bool:
        """Whether the table is on screen (asked for, or the picture does not fit)."""
        return self.table_wanted or self.query_one(PicturePane).fits is False

    def show(
        self,
        network: Network,
        before: Network | None,
        trace: ForwardTrace | None,
        feature_names: Sequence[str],
        inputs: ArrayLike,
        soft: bool = False,
        blame: Sequence[ParameterBlame] | None = None,
        guess_net: Network | None = None,
    ) -> None:
        """Hand both panes the network: ``before`` (the network before the last update) for
        the table's changes, ``trace`` (the guess shown, or None) and ``inputs`` (the current
        student's scaled grades) for the picture's values; ``soft``: soft targets;
        ``blame``: autoplay's blame beat, for the table; ``guess_net``: the network that
        made ``trace`` (after b, the one before the update: the votes are its)."""
        self.query_one(WeightsPane).show(network, before, feature_names, blame)
        picture = self.query_one(PicturePane)
        shares = None if blame is None else list(blame)
        room = self._room()
        picture.show(network, trace, feature_names, inputs, soft, shares, room, guess_net)

    def on_resize(self) -> None:
        """A hidden picture (too big a moment ago) gets no resize of its own: try it here."""
        picture = self.query_one(PicturePane)
        if picture.fits is False and picture.shown is not None:
            picture.show(*picture.shown, room=self._room())

    def _room(self) -> tuple[int, int]:
        gutter = self.query_one(PicturePane).styles.gutter
        return (self.size.width - gutter.width, self.size.height - gutter.height)

    def toggle(self) -> str:
        """``W``: the table, or the picture again; what happened, for the status line."""
        if self.query_one(PicturePane).fits is False:
            return "W: the network is too big to draw here, so the weights table shows"
        self.table_wanted = not self.table_wanted
        self._switch()
        return "W: the weights table (W: the picture)" if self.table_wanted else "W: the picture"

    def on_picture_pane_fitted(self, message: PicturePane.Fitted) -> None:
        """The picture stopped (or started) fitting: show the table (or the picture)."""
        message.stop()
        self._switch()

    def _switch(self) -> None:
        table = self.table_shown
        weights = self.query_one(WeightsPane)
        self.query_one(PicturePane).set_class(table, "-off")
        weights.set_class(not table, "-off")
        weights.catch_up()  # the table is not written while it is off
        too_big = self.query_one(PicturePane).fits is False
        weights.border_title = TOO_BIG if too_big else WeightsPane.TITLE
