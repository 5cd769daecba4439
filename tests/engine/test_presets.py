"""Presets as a Trainer: a worked example's one row, several outputs, frozen biases."""

from __future__ import annotations

import numpy as np

from engine.presets import mazur, preset_trainer


def test_mazur_trainer_steps_to_his_published_weights() -> None:
    t = preset_trainer(mazur())
    assert t.layer_sizes == (2, 2, 2) and t.network.layer_sizes == (2, 2, 2)
    assert list(t.split.train) == [0] and t.n_test == 0
    np.testing.assert_array_equal(t.X, mazur().X)  # scale "none"
    step = t.step(0)
    assert abs(step.loss - 0.298371109) < 1e-9
    np.testing.assert_allclose(
        step.after.weights[1], [[0.35891648, 0.51130127], [0.408666186, 0.561370121]], atol=1e-9
    )
    np.testing.assert_array_equal(step.after.biases[0], [0.35, 0.35])  # frozen


def test_mazur_epochs_in_every_mode_and_new_weights_keep_two_outputs() -> None:
    t = preset_trainer(mazur())
    first = t.run_epoch().train_loss
    t.set_mode("batch")
    assert t.run_epoch().train_loss < first
    t.reinitialise(seed=3)
    assert t.network.layer_sizes == (2, 2, 2)


def test_one_output_datasets_split_as_before() -> None:
    from engine.data import bundled_path, load_dataset, split_indices
    from engine.trainer import Trainer

    data = load_dataset(bundled_path())
    assert data.y is not None
    t = Trainer(data)
    expected = split_indices(data.y, 0.2, 0)
    np.testing.assert_array_equal(t.split.train, expected.train)
    assert t.layer_sizes == (3, 2, 1)
