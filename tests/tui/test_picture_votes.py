"""The votes beside the output belong to the guess shown: after ``b`` the guess on screen was
made by the weights before the update, so its votes (activation x output weight) are those
weights' (a reviewer saw new weights' votes beside the old guess: they did not add up)."""

from __future__ import annotations

import pytest

from tests.tui.explore_app import make_explore_app, press
from tui.picture import vote_lines
from tui.widgets.picture import STALE_SAYS, PicturePane


@pytest.mark.parametrize("size", [(80, 24)])
async def test_after_b_the_votes_are_the_guessing_weights(size: tuple[int, int]) -> None:
    app = make_explore_app("--lr", "8", "--lr-decay", "0")  # a big step: the votes move
    async with app.run_test(size=size) as pilot:
        await press(pilot, "f", "b")
        sim = app.sim
        assert sim.trace is not None and sim.trace_net is not sim.trainer.network
        pane = app.query_one(PicturePane)
        assert pane.guess_net is sim.trace_net
        assert str(pane.border_subtitle) == STALE_SAYS  # the picture says whose guess it is
        assert len(STALE_SAYS) <= pane.outer_size.width - 7  # whole: corners, lines, spaces
        text = pane.text
        old = vote_lines(sim.trace_net, sim.trace, short=True)
        new = vote_lines(sim.trainer.network, sim.trace, short=True)
        assert old != new  # the step moved them far enough to tell apart
        flat = " ".join(text.split())
        for vote in old:
            assert " ".join(vote.split()) in flat, (vote, text)
        assert not all(" ".join(v.split()) in flat for v in new)
