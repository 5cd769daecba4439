"""The run's pacing without a screen: epochs due at a speed, and when a run may redraw."""

from __future__ import annotations

from tui.pacing import DrawPacer, Pacer


def test_a_fixed_speed_makes_epochs_due_by_the_clock() -> None:
    pacer = Pacer.starting(0.0)
    assert pacer.due(10, 0.0) == 1  # the first at once
    assert pacer.ran(1, 1, 0.0) == 0.1  # then one every tenth of a second
    assert pacer.due(10, 0.25) == 2
    assert pacer.due(None, 0.3) is None  # full speed: as many as time allows


def test_a_redraw_waits_for_the_frame_rate() -> None:
    pacer = DrawPacer(fps=10, share=0.1, last=0.0)
    assert not pacer.due(0.05)
    assert pacer.due(0.1)
    pacer.drew(0.1)
    assert not pacer.due(0.15) and pacer.due(0.2)


def test_a_slow_screen_gets_fewer_frames_not_more_time() -> None:
    pacer = DrawPacer(fps=10, share=0.1, last=0.0)
    pacer.spent(0.03)  # the last frame and the keys took 30 ms: 10% of 0.3 s
    assert not pacer.due(0.1) and not pacer.due(0.29)
    assert pacer.due(0.3)
    pacer.drew(0.3)  # the screen's time counts afresh from a redraw
    assert pacer.busy == 0.0 and pacer.due(0.4)
