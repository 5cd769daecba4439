"""How long 1,000 epochs on the bundled students take in each mode (issue 4's targets:
batch well under 1 s, stochastic under 2 s). Prints the median of several runs.

    python benchmarks/bench_train.py [--epochs 1000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from engine.data import bundled_path, load_dataset
from engine.trainer import Trainer, TrainingConfig


def main() -> None:
    """Time each mode and print a table of medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = load_dataset(bundled_path("students.csv"))
    print(
        f"{args.epochs} epochs on {data.n_samples} students (80% training), "
        f"3-2-1 sigmoid, bce; median of {args.repeats} runs"
    )
    print(f"{'mode':<12}{'median s':>10}{'min s':>10}{'epochs/s':>12}{'final train loss':>18}")
    for mode, extra in (("batch", {}), ("minibatch", {"batch_size": 16}), ("stochastic", {})):
        times = []
        loss = float("nan")
        for _ in range(args.repeats):
            trainer = Trainer(data, TrainingConfig(mode=mode, **extra))  # type: ignore[arg-type]
            start = time.perf_counter()
            trainer.run_epochs(args.epochs)
            times.append(time.perf_counter() - start)
            loss = trainer.history[-1].train_loss
        med = statistics.median(times)
        print(f"{mode:<12}{med:>10.3f}{min(times):>10.3f}{args.epochs / med:>12.0f}{loss:>18.4f}")
    trainer = Trainer(data, TrainingConfig())
    for fast in (True, False):
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            for e in range(1, 21):
                trainer.train_epoch_network(trainer.network, e, fast=fast)
            times.append((time.perf_counter() - start) / 20)
        label = "fast path" if fast else "numpy path"
        med = statistics.median(times)
        print(
            f"stochastic {label}: {med * 1e3:.2f} ms per epoch, "
            f"{med / trainer.n_train * 1e6:.2f} us per student step"
        )


if __name__ == "__main__":
    main()
