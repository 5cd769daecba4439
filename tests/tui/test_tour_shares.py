"""The tour's blame shares are m's: over the biases only when they learn (Mazur's example
keeps its biases, so its shares are over the 8 weights: w6 38.8%, not the 20% the tour once
said while m showed 38.8%)."""

from __future__ import annotations

from types import SimpleNamespace

from engine.explain import blame
from tests.tui.conftest import make_app
from tests.tui.explore_app import press
from tui.tour_texts import each_share, shares


async def test_the_tours_shares_are_ms_for_mazurs_example() -> None:
    app = make_app("--preset", "mazur")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f", "b")
        sim = app.sim
        step, t = sim.last_step, sim.trainer
        assert step is not None and not t.config.update_biases
        y = t.y[step.row : step.row + 1]
        m = blame(
            step.before, step.trace, step.grads, step.after, t.config.loss, y, include_biases=False
        )
        tour = SimpleNamespace(sim=sim)
        told = shares(tour)  # type: ignore[arg-type]
        assert sorted(s for _, _, s in told) == sorted(r.share for r in m)
        assert abs(sum(s for _, _, s in told) - 1.0) < 1e-12
        top = max(m, key=lambda r: r.share)
        assert f"{top.name} {top.share:.0%}" in each_share(tour)  # type: ignore[arg-type]
        assert top.share > 0.3  # Mazur's w6: 38.8% of the weights' blame
