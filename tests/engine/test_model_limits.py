"""Model files are checked against engine.limits and their settings typed, before anything is
allocated: a tampered file is one line naming the field, never a traceback or 22 GiB."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from engine.data import DataError
from engine.limits import (
    MAX_EPOCHS,
    MAX_FEATURES,
    MAX_HIDDEN_LAYERS,
    MAX_LAYER_NODES,
    MAX_PARAMETERS,
    layer_sizes_problem,
    n_parameters,
)
from engine.model_file import load_model, model_from_dict
from engine.network import Network
from engine.trainer import TrainingConfig
from tests.engine.test_model_file import good_dict


def refusal(tmp_path: Path, d: dict[str, Any]) -> str:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_model(path)
    message = str(err.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("hidden", 5),
        ("hidden", [1_000_000_000]),
        ("hidden", [4]),  # the weights have one hidden layer of 2
        ("hidden", [2.5]),
        ("activation", "relu"),  # the file's network is sigmoid
        ("activation", 3),
        ("loss", "mse"),
        ("learning_rate", "x"),
        ("learning_rate", 0),
        ("learning_rate", None),
        ("seed", 1.5),
        ("seed", -1),
        ("batch_size", 2.5),
        ("batch_size", 0),
        ("epochs", -1),
        ("epochs", True),
        ("mode", "fast"),
        ("weight_decay", -0.1),
        ("lr_decay", -1),
        ("tol", "x"),
        ("patience", 2.5),
        ("until_loss", "low"),
        ("scale", "standard"),  # the scaler is minmax
        ("test_fraction", 1.0),
        ("update_biases", 1),
        ("epochs_trained", "200"),
        ("epochs_trained", MAX_EPOCHS + 1),
        ("epochs_trained", 10**400),
        ("epochs", MAX_EPOCHS + 1),
    ],
)
def test_every_known_setting_is_typed_and_in_range(tmp_path: Path, key: str, value: Any) -> None:
    d = good_dict()
    d["settings"] = {**d["settings"], key: value}
    assert f'field "settings.{key}"' in refusal(tmp_path, d)


def test_unknown_settings_are_ignored_and_known_ones_make_a_config(tmp_path: Path) -> None:
    d = good_dict()
    d["settings"] = {"from_a_newer_version": [1, 2], "batch_size": 8}
    model = model_from_dict(d)
    config = TrainingConfig.from_dict(model.training_settings())
    assert config.hidden == (2,) and config.batch_size == 8 and config.seed == model.seed
    assert model.settings == d["settings"]  # the file's own settings, unchanged


def test_a_file_without_settings_keeps_its_network_shape_on_reset() -> None:
    d = good_dict()
    net = Network.create((3, 4, 3, 1), "tanh", seed=0)
    d.update(
        layer_sizes=[3, 4, 3, 1],
        activation="tanh",
        loss="mse",
        weights=[w.tolist() for w in net.weights],
        biases=[b.tolist() for b in net.biases],
        settings={},
    )
    config = TrainingConfig.from_dict(model_from_dict(d).training_settings())
    assert (config.hidden, config.activation, config.loss) == ((4, 3), "tanh", "mse")


@pytest.mark.parametrize(
    "sizes",
    [
        [3, 100_000, 1],
        [3, MAX_LAYER_NODES + 1, 1],
        [MAX_FEATURES + 1, 1],
        [3, *[2] * (MAX_HIDDEN_LAYERS + 1), 1],
        [400, 250, 1],  # each layer allowed, too many weights together
        [3, 10**30, 1],
    ],
)
def test_a_huge_network_is_refused_before_its_weights_are_read(
    tmp_path: Path, sizes: list[int]
) -> None:
    d = good_dict()
    d["layer_sizes"] = sizes
    d["weights"] = "not even a list"  # never looked at: the sizes alone refuse the file
    assert 'field "layer_sizes"' in refusal(tmp_path, d)


def test_a_big_file_claiming_a_huge_network_allocates_little(tmp_path: Path) -> None:
    # The 2.7 MB [3, 100000, 1] network grew the app to 7 GB; now it is refused
    # while the parsed JSON is all that was allocated.
    d = good_dict()
    d["layer_sizes"] = [3, 100_000, 1]
    d["weights"] = [[[0.1] * 100_000] * 3, [[0.1]] * 100_000]
    d["biases"] = [[0.0] * 100_000, [0.0]]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match="layer_sizes"):
            load_model(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * size  # the parsed JSON (about 11x the text), not the 7 GB network


def test_the_limits_allow_every_network_the_app_offers() -> None:
    for sizes in [(3, 2, 1), (3, 1), (2, 2, 2), (MAX_FEATURES, 99, 1), (3, *[256] * 1, 1)]:
        assert layer_sizes_problem(sizes) is None, sizes
    assert n_parameters((3, 2, 1)) == 11
    assert layer_sizes_problem((MAX_FEATURES, 100, 1)) is not None
    assert n_parameters((MAX_FEATURES, 99, 1)) <= MAX_PARAMETERS


def test_duplicate_features_are_refused(tmp_path: Path) -> None:
    d = good_dict()
    d["feature_names"] = ["oral_tests", "written_tests", "oral_tests"]
    assert 'field "feature_names"' in refusal(tmp_path, d)


def test_a_model_trained_on_no_students_is_refused(tmp_path: Path) -> None:
    d = good_dict()  # weights as the seed made them, 200 epochs of settings
    d["n_train"] = 0
    load_model_dict = {**d, "settings": {**d["settings"], "epochs_trained": 0}}
    path = tmp_path / "untrained.json"
    path.write_text(json.dumps(load_model_dict), encoding="utf-8")
    assert load_model(path).n_train == 0  # no epochs, the seed's weights: nothing claimed
    trained = {**d, "settings": {**d["settings"], "epochs_trained": 212}}
    assert refusal(tmp_path, trained).endswith(
        'field "n_train": expected a whole number >= 1 (the model trained 212 epochs), got 0'
    )
    moved = {**d, "weights": [[[0.5, -0.5]] * 3, d["weights"][1]]}
    assert refusal(tmp_path, moved).endswith(
        'field "n_train": expected a whole number >= 1 (the weights are not the ones seed 0 '
        "starts from: they learned from students), got 0"
    )
