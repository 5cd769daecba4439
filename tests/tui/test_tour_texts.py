"""Every tour step's text, entered without the App (the Repeat step's run not started):
written from the live numbers, never a template's leftovers (None, nan, an empty value, or a
widget's label where a number belongs, as step 1's "This network's guess: Output." was)."""

from __future__ import annotations

import re

import pytest
from textual.content import Content

from engine.data import bundled_path, load_dataset
from engine.presets import mazur, preset_trainer
from engine.trainer import Trainer, TrainingConfig
from tui.simulation import Simulation
from tui.tour import Tour
from tui.tour_steps import STEPS, Step


def oddities(step: Step, text: str) -> list[str]:
    """What in a step's text looks like a template's leftover."""
    plain = Content.from_markup(text).plain
    found = [word for word in ("None", "nan", "inf") if re.search(rf"\b{word}\b", plain)]
    if re.search(r"\(\s*\)|\s[.,;:]|[:;,]\s*[.,;]|  ", plain):
        found.append("an empty value")
    if re.search(rf":\s*{re.escape(step.names)}\W*$", plain):
        found.append(f"the label {step.names!r} as a value")
    return found


def walked(sim: Simulation) -> dict[str, str]:
    """Each step's text, entered in order."""
    tour = Tour(sim)
    for step in STEPS:
        tour.enter(step.press, step.text)
    return dict(zip((s.title for s in STEPS), tour.texts))


def students() -> Simulation:
    return Simulation(Trainer(load_dataset(bundled_path("students.csv")), TrainingConfig(seed=0)))


@pytest.mark.parametrize("make", [students, lambda: Simulation(preset_trainer(mazur()))])
def test_no_step_text_has_a_template_leftover(make: object) -> None:
    sim = make()  # type: ignore[operator]
    texts = walked(sim)
    odd = {s.title: found for s in STEPS if (found := oddities(s, texts[s.title]))}
    assert odd == {}


def test_step_one_gives_the_guess_or_says_there_is_none() -> None:
    sim = students()
    first = STEPS[0]
    assert "f makes it" in first.text(Tour(sim))  # no guess yet
    sim.forward()
    assert sim.trace is not None
    text = Content.from_markup(first.text(Tour(sim))).plain
    assert f"{float(sim.trace.output[0, 0]):.1%}" in text


def test_the_run_step_says_whether_a_stop_rule_will_stop_it() -> None:
    assert "the stop rule stops it" in walked(students())["Repeat"]
    assert "no stop rule here" in walked(Simulation(preset_trainer(mazur())))["Repeat"]
