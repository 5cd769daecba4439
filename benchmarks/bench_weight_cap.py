"""What keeping every |weight| at most 5 on the bundled students would cost (issue 15).

Issue 15 asks that ``space`` at the defaults stop with every |weight| at most 5; the default
recipe stops at 6.26 (h2 to the output). This sweeps the ways the recipe could hold the
weights lower and prints, for each: the largest |weight| of the screen's run (the bundled
students, the screen's 80/20 split, seed 0), that run's held-out accuracy and loss, and
``bench_defaults``' figures against logistic regression on the students, wine and breast
cancer (the two sets that need confident outputs).

    pip install '.[bench]'
    python benchmarks/bench_weight_cap.py            # every row, about 40 s
    python benchmarks/bench_weight_cap.py --rows 3   # the first rows only
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from bench_defaults import SETS, SMALL, TEST_FRACTION, Score, score_engine, score_lr

from engine.data import Dataset, bundled_path, load_dataset
from engine.trainer import Trainer, TrainingConfig

Scale = Callable[[tuple[float, ...]], tuple[float, ...]]
Variant = tuple[str, Scale, dict[str, float | int]]

VARIANTS: list[Variant] = [
    ("the default recipe", lambda d: d, {}),
    ("output decay x2", lambda d: (*d[:-1], 2 * d[-1]), {}),
    ("output decay x4", lambda d: (*d[:-1], 4 * d[-1]), {}),
    ("output decay x8", lambda d: (*d[:-1], 8 * d[-1]), {}),
    ("every layer's decay x2", lambda d: tuple(2 * x for x in d), {}),
    ("every layer's decay x4", lambda d: tuple(4 * x for x in d), {}),
    ("alpha decay K = 1", lambda d: d, {"lr_decay": 1.0}),
    ("alpha decay K = 0.5", lambda d: d, {"lr_decay": 0.5}),
    ("K = 1 and output decay x1.5", lambda d: (*d[:-1], 1.5 * d[-1]), {"lr_decay": 1.0}),
    ("stop at tol 1e-3, patience 5", lambda d: d, {"tol": 1e-3, "patience": 5}),
]
BENCH_SETS = ("students", "wine_class1", "breast_cancer")


def trained(data: Dataset, config: TrainingConfig, scale: Scale) -> Trainer:
    """A fitted trainer whose per-layer decay is ``scale`` of the auto one (same split)."""
    auto = Trainer(data, config).recipe.weight_decay
    t = Trainer(data, replace(config, weight_decay=scale(auto)))
    t.fit()
    return t


def biggest_weight(t: Trainer) -> str:
    """The largest |weight| and where it is (``w[layer][i, j]``)."""
    best = max(
        (abs(float(w[i, j])), layer, i, j)
        for layer, w in enumerate(t.network.weights)
        for i, j in np.ndindex(w.shape)
    )
    return f"{best[0]:.2f} (layer {best[1] + 1}, {best[2] + 1}->{best[3] + 1})"


def versus_lr(name: str, config: TrainingConfig, scale: Scale) -> str:
    """Accuracy difference (points) and log-loss ratio against LR, means over the seeds."""
    data = SETS[name]()
    seeds = 20 if data.n_samples < SMALL else 5  # as bench_defaults counts them
    ours: list[Score] = []
    theirs: list[Score] = []
    for seed in range(seeds):
        t = trained(data, replace(config, seed=seed, test_fraction=TEST_FRACTION), scale)
        ours.append(score_engine(t))
        theirs.append(score_lr(t))
    acc = 100 * statistics.fmean(a.accuracy - b.accuracy for a, b in zip(ours, theirs))
    ratio = statistics.fmean(a.log_loss for a in ours) / statistics.fmean(
        b.log_loss for b in theirs
    )
    return f"{acc:+.1f} / {ratio:.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=len(VARIANTS), help="the first N variants")
    args = parser.parse_args(argv)
    students = load_dataset(bundled_path("students.csv"))
    print(
        "| recipe | screen's largest weight | screen held-out acc / loss | "
        + " | ".join(f"{s}: points / log-loss vs LR" for s in BENCH_SETS)
        + " |"
    )
    print("|---" * (3 + len(BENCH_SETS)) + "|")
    for label, scale, settings in VARIANTS[: args.rows]:
        config = replace(TrainingConfig(), **settings)
        t = trained(students, config, scale)
        ev = t.evaluate("test")
        assert ev is not None
        cells = [versus_lr(s, config, scale) for s in BENCH_SETS]
        row = [label, biggest_weight(t), f"{100 * ev.accuracy:.1f}% / {ev.loss:.3f}", *cells]
        print("| " + " | ".join(row) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
