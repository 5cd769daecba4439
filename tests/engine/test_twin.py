"""The twin: each contender's numbers are those of training it alone, the main trainer is left
alone, and the sentence follows the computed facts whichever way they went."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from engine.data import Dataset
from engine.history import EpochRecord
from engine.network import Network
from engine.trainer import Trainer, TrainingConfig
from engine.twin import Contender, Twin, border_bends, twin_configs, verdict
from tests.engine.test_trainer import make_dataset

CONFIG = TrainingConfig(epochs=30)


def alone(data: Dataset, config: TrainingConfig) -> tuple[float, float | None, int]:
    """Train/held-out accuracy of training one network by itself with these settings, under
    the recipe (its budget and stop rule, keeping the weights it names), and its epochs."""
    t = Trainer(data, config)
    t.fit()
    record = t.measure()
    return record.train_accuracy, record.test_accuracy, t.epoch


@pytest.mark.parametrize("linear", [False, True])
def test_each_contender_equals_training_it_alone(linear: bool) -> None:
    data = make_dataset()
    outcome = Twin(Trainer(data, CONFIG), linear=linear).run()
    configs = twin_configs(CONFIG, linear)
    assert len(outcome.contenders) == len(configs) == (3 if linear else 2)
    for contender, (_, config) in zip(outcome.contenders, configs):
        train, test, epochs = alone(data, config)
        assert (contender.train_accuracy, contender.test_accuracy) == (train, test)
        assert len(contender.history) == epochs <= 30 and contender.stop
    assert [c.label for c in outcome.contenders][:2] == ["3-2-1", "3-1"]


def test_the_main_trainer_is_left_alone() -> None:
    main = Trainer(make_dataset(), CONFIG)
    main.run_epochs(3)
    network, history = main.network, list(main.history)
    Twin(main).run()
    assert main.network is network and main.epoch == 3 and list(main.history) == history


def test_the_twin_keeps_the_main_split_after_a_new_seed() -> None:
    main = Trainer(make_dataset(), CONFIG)
    main.reinitialise(seed=7)  # the split stays, the seed moves
    twin = Twin(main)
    for t in twin.trainers:
        assert np.array_equal(t.split.train, main.split.train)
        assert np.array_equal(t.split.test, main.split.test)
        assert t.config.seed == 7


def test_advancing_in_chunks_is_the_same_as_one_run() -> None:
    data = make_dataset()
    chunked = Twin(Trainer(data, CONFIG))
    steps = 0
    while not chunked.advance(4):
        steps += 1
        assert not chunked.done
    assert steps >= 30 // 4 - 1
    whole = Twin(Trainer(data, CONFIG)).run()
    for a, b in zip(chunked.outcome().contenders, whole.contenders):
        assert np.array_equal(a.network.parameters(), b.network.parameters())


def test_the_hidden_layer_is_the_articles_when_the_main_has_none_or_a_linear_one() -> None:
    for main in (replace(CONFIG, hidden=()), replace(CONFIG, activation="linear")):
        configs = twin_configs(main, linear=True)
        assert [(c.hidden, c.activation) for _, c in configs] == [
            ((2,), "sigmoid"),
            ((), main.activation),
            ((2,), "linear"),
        ]


def test_on_an_or_shaped_rule_the_hidden_layer_buys_accuracy_and_a_bent_border() -> None:
    outcome = Twin(Trainer(make_dataset(400), TrainingConfig(epochs=200))).run()
    assert outcome.gain_points > 0
    assert outcome.sentence.startswith(f"+{outcome.gain_points:.1f} points held-out")
    assert outcome.border_bends and "border bends" in outcome.sentence


def test_on_a_straight_line_rule_the_sentence_says_no_gain_or_a_cost() -> None:
    rng = np.random.default_rng(1)
    X = rng.uniform(0, 100, size=(300, 3))
    y = (X[:, 0] + X[:, 1] > 100).astype(float)[:, None]
    data = Dataset("line.csv", ("a", "b", "c"), X, tuple(map(str, range(300))), "passed", y)
    outcome = Twin(Trainer(data, TrainingConfig(epochs=60))).run()
    if round(outcome.gain_points, 1) > 0:
        assert outcome.sentence.startswith("+")
    else:
        assert outcome.sentence.startswith(("no gain here", "the hidden layer cost"))
        assert "nearly straight-line separable" in outcome.sentence


def contender(label: str, description: str, train: float, test: float | None) -> Contender:
    net = Network.create((3, 1))
    record = EpochRecord(1, 0.5, train, None, test)
    return Contender(label, description, net, (record,), train, test)


@pytest.mark.parametrize(
    ("hidden", "flat", "start"),
    [
        (0.925, 0.858, "+6.7 points held-out (92.5% against 85.8% with no hidden layer)"),
        (0.9, 0.9, "no gain here: no hidden layer does as well held-out (90.0% both)"),
        (0.85, 0.9, "the hidden layer cost 5.0 points held-out"),
    ],
)
def test_the_sentence_states_the_gain_as_it_is(hidden: float, flat: float, start: str) -> None:
    pair = (
        contender("3-2-1", "the article's network", 0.95, hidden),
        contender("3-1", "no hidden layer", 0.95, flat),
    )
    sentence = verdict(pair, 0.1, False, ("x", "y"))
    assert sentence.startswith(start)
    assert "differ on 10% of the x-by-y grid; both borders are straight" in sentence
    assert ("nearly straight-line separable" in sentence) == (hidden <= flat)


def test_without_held_out_students_the_sentence_says_training() -> None:
    pair = (contender("3-2-1", "a", 0.9, None), contender("3-1", "b", 0.8, None))
    assert verdict(pair, 0.0, None, ("x", "y")).startswith("+10.0 points on the training students")


def test_border_bends_reads_the_50_percent_line() -> None:
    x, y = np.meshgrid(np.linspace(0, 1, 41), np.linspace(0, 1, 41))
    assert border_bends(1 / (1 + np.exp(-10 * (x + y - 1)))) is False  # a straight border
    assert border_bends(np.where((x > 0.7) | (y > 0.6), 0.9, 0.1)) is True  # an OR's corner
    assert border_bends(np.full((41, 41), 0.9)) is None  # no border at all
    assert border_bends(np.where(x > 0.5, 0.9, 0.1)) is False  # upright, straight


def test_a_per_layer_weight_decay_from_a_model_file_fits_each_contender() -> None:
    """A model trained at auto keeps one lambda a layer (a 2-entry tuple for 3-2-1); the
    no-hidden twin has one layer of weights, so it works its own decay out (it raised
    'expected 1 weight decays' when c was pressed after --model)."""
    config = TrainingConfig(weight_decay=(0.0009, 0.0006), epochs=2, seed=3)
    configs = dict(twin_configs(config, linear=True))
    assert configs["the article's network"].weight_decay == (0.0009, 0.0006)
    assert configs["a linear hidden layer"].weight_decay == (0.0009, 0.0006)
    assert configs["no hidden layer"].weight_decay is None  # auto, for its own layer
    twin = Twin(Trainer(make_dataset(), config), linear=True)
    for t in twin.trainers:
        t.run_epoch()  # each contender trains with decays that fit its depth
        assert np.isfinite(t.history[-1].train_loss)
