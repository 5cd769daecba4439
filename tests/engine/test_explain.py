"""The written-out working: its numbers are the engine's, and Mazur's published values appear."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.explain import (
    blame,
    fmt,
    forward_steps,
    node_names,
    shape_line,
    weight_name,
    working_text,
)
from engine.network import Network
from engine.presets import mazur

# Published in Matt Mazur's "A Step by Step Backpropagation Example" (9 decimals).
MAZUR_PUBLISHED = {
    "net_h1": "0.377500000",
    "out_h1": "0.593269992",
    "out_h2": "0.596884378",
    "net_o1": "1.105905967",
    "out_o1": "0.751365070",
    "out_o2": "0.772928465",
    "E_total": "0.298371109",
    "dE/dout_o1": "0.741365070",
    "dout_o1/dnet_o1": "0.186815602",
    "dE/dw5": "0.082167041",
    "w5+": "0.358916480",
    "w6+": "0.408666186",
    "w7+": "0.511301270",
    "w8+": "0.561370121",
    "dE/dout_h1": "0.036350306",
    "dE/dw1": "0.000438568",
    "w1+": "0.149780716",
    "w2+": "0.199561432",
    "w3+": "0.249751144",
    "w4+": "0.299502287",
}


def test_mazur_working_shows_his_published_values() -> None:
    ex = mazur()
    text = working_text(
        ex.network, ex.X, ex.y, ex.loss, ex.learning_rate, ex.update_biases, places=9
    )
    shown = [float(m) for m in re.findall(r"-?\d+\.\d+", text)]
    for name, value in MAZUR_PUBLISHED.items():
        # He prints 9 decimals; the working prints at least 9 (more for small numbers).
        assert any(abs(x - float(value)) <= 1e-9 for x in shown), f"{name} = {value} missing"
    assert "w5 <- w5 - alpha x dE/dw5 = 0.400000000 - 0.5 x 0.0821670406 = 0.358916480" in text
    assert "b(h1) <-" not in text  # his biases are frozen


def test_weight_names_follow_mazur() -> None:
    sizes = (2, 2, 2)
    # w1: i1 -> h1, w2: i2 -> h1, w3: i1 -> h2, w4: i2 -> h2, then w5..w8 into o1, o2.
    assert [weight_name(sizes, 0, i, j) for j in range(2) for i in range(2)] == [
        "w1",
        "w2",
        "w3",
        "w4",
    ]
    assert weight_name(sizes, 1, 0, 0) == "w5" and weight_name(sizes, 1, 1, 1) == "w8"
    assert node_names((3, 2, 1)) == [["i1", "i2", "i3"], ["h1", "h2"], ["o1"]]
    assert shape_line((3, 2, 1)) == (
        "inputs (1x3) . weights (3x2) -> hidden (1x2) . weights (2x1) -> output (1x1)"
    )


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_working_numbers_are_the_engines(activation: str, loss: str) -> None:
    net = Network.create((3, 4, 2), activation, seed=3)
    X = np.array([[0.85, 0.70, 0.55]])
    y = np.array([[1.0, 0.0]])
    trace = net.forward(X)
    grads = net.backward(trace, y, loss)
    after = net.apply(grads, 0.5)
    steps = forward_steps(net, trace)
    assert [s.z for s in steps] == list(trace.z[0][0]) + list(trace.z[1][0])
    assert [s.a for s in steps] == list(trace.a[1][0]) + list(trace.a[2][0])
    rows = blame(net, trace, grads, after, loss, y)
    got = {(r.layer, r.row, r.col): r for r in rows}
    for layer, (gw, gb) in enumerate(zip(grads.weights, grads.biases)):
        for (i, j), g in np.ndenumerate(gw):
            r = got[(layer, i, j)]
            assert r.gradient == pytest.approx(g, rel=1e-12, abs=1e-15)
            # The chain rule's factors multiply back to backprop's delta.
            assert r.upstream * r.local == pytest.approx(r.delta, rel=1e-9, abs=1e-15)
            assert r.new == after.weights[layer][i, j]
        for j, g in enumerate(gb):
            assert got[(layer, -1, j)].gradient == pytest.approx(g, rel=1e-12, abs=1e-15)
    assert sum(r.share for r in rows) == pytest.approx(1.0)
    for r in rows:
        assert r.direction == (
            "increase" if r.gradient < 0 else "decrease" if r.gradient > 0 else "keep"
        )


def test_fmt_keeps_small_numbers_significant() -> None:
    assert fmt(0.5310) == "0.5310"
    assert fmt(0.000438568) == "0.0004386"
    assert fmt(-0.13) == "-0.1300"
    assert fmt(0.0) == "0.0000"
