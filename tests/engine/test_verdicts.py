"""The screen's verdict, right/wrong mark and last-change column come from the engine:
``engine.predict.verdict`` / ``is_right`` and ``engine.network.parameter_changes``."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.network import Network, parameter_changes
from engine.predict import is_right, verdict
from engine.trainer import accuracy

probability = st.floats(0.0, 1.0)
target = st.sampled_from([0.0, 1.0])


def test_verdict_at_the_threshold() -> None:
    assert verdict(0.5) == "pass"  # "at or above" passes
    assert verdict(0.4999999) == "fail"
    assert verdict(0.7, threshold=0.8) == "fail"
    assert is_right(0.5, 1.0) and not is_right(0.5, 0.0)
    assert is_right(0.2, 0.0) and not is_right(0.2, 1.0)


@given(st.lists(st.tuples(probability, target), min_size=1, max_size=30), st.floats(0.05, 0.95))
def test_right_marks_average_to_the_trainers_accuracy(
    pairs: list[tuple[float, float]], threshold: float
) -> None:
    p = np.array([a for a, _ in pairs])
    y = np.array([b for _, b in pairs])
    marks = [is_right(a, b, threshold) for a, b in pairs]
    assert sum(marks) / len(marks) == pytest.approx(accuracy(p, y, threshold))


def test_parameter_changes_are_after_minus_before() -> None:
    before = Network.create((3, 2, 1), seed=0)
    x = np.array([[0.4, 0.6, 0.7]])
    trace = before.forward(x)
    grads = before.backward(trace, np.array([[1.0]]))
    after = before.apply(grads, learning_rate=0.5)
    dw, db = parameter_changes(before, after)
    for i in range(2):  # the update is exactly -alpha x gradient, up to rounding
        np.testing.assert_allclose(dw[i], -0.5 * grads.weights[i], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db[i], -0.5 * grads.biases[i], rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match="one shape"):
        parameter_changes(before, Network.create((3, 1), seed=0))
