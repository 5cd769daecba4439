"""The limits every input obeys: one block, so `--hidden`, the CSV reader, model files and the
training history all refuse the same things (and the README states them once).

They keep a hand-made or tampered file from exhausting the machine: the largest network
allowed has 100,000 parameters (under a megabyte of float64), and a CSV is refused before it
is read when it is larger than ``--max-csv-mb`` megabytes.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_FEATURES = 1_000
"""Most feature columns (inputs) a network may take."""

MAX_HIDDEN_LAYERS = 4
"""Most hidden layers."""

MAX_LAYER_NODES = 256
"""Most nodes in one hidden layer."""

MAX_OUTPUTS = 2
"""Most output nodes (1 for pass/fail; 2 in Matt Mazur's worked example)."""

MAX_PARAMETERS = 100_000
"""Most weights and biases in one network."""

MAX_CSV_MB = 64
"""Default of ``--max-csv-mb``: a larger CSV is refused before it is read."""

MAX_EPOCHS = 1_000_000_000
"""Most epochs a model file may say it trained (or will): far past any run (a 10,000,000-epoch
run is a long one), so a hand-edited count is refused before it reaches the schedule."""

MAX_STUDENTS = 1_000_000
"""Most students (data rows) a CSV may hold: a class list is far shorter, and each student
costs memory and a step per epoch. Refused while reading, before more are kept."""

HISTORY_EXACT_EPOCHS = 1_000
"""The training history keeps every epoch up to this one ..."""

HISTORY_RECENT_EPOCHS = 200
"""... and the last this many; in between it thins geometrically (see engine.trainer)."""

HISTORY_MAX_ROWS = 20_000
"""The training history never holds more rows than this, however long the run."""


def n_parameters(layer_sizes: Sequence[int]) -> int:
    """Weights plus biases of a network with these layer sizes."""
    return sum((a + 1) * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))


def hidden_problem(hidden: Sequence[int]) -> str | None:
    """Why these hidden layer sizes are refused, or None when they are within the limits."""
    if len(hidden) > MAX_HIDDEN_LAYERS:
        return f"at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(hidden)}"
    for size in hidden:
        if not 1 <= size <= MAX_LAYER_NODES:
            return f"hidden layers of 1 to {MAX_LAYER_NODES} nodes, got {size}"
    return None


def layer_sizes_problem(layer_sizes: Sequence[int]) -> str | None:
    """Why a network of these layer sizes (inputs, hidden..., outputs) is refused, or None.

    Checked on the sizes alone, before any weight is allocated.
    """
    if len(layer_sizes) < 2:
        return "at least an input and an output layer"
    n_in, *hidden, n_out = layer_sizes
    if not 1 <= n_in <= MAX_FEATURES:
        return f"1 to {MAX_FEATURES} inputs (features), got {n_in}"
    if not 1 <= n_out <= MAX_OUTPUTS:
        return f"1 to {MAX_OUTPUTS} outputs, got {n_out}"
    problem = hidden_problem(hidden)
    if problem is not None:
        return problem
    total = n_parameters(layer_sizes)
    if total > MAX_PARAMETERS:
        return f"at most {MAX_PARAMETERS:,} weights and biases, got {total:,}"
    return None
