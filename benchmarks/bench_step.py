"""One full-batch training step (forward, backward with bce, apply) of the 3-2-1 network,
through the public engine API and, when torch is installed, the same float64 step in
PyTorch autograd, side by side; one thread each. Prints medians and the ratio torch / ours.

    python benchmarks/bench_step.py [--sizes 1 256 10000 1000000] [--budget 4.0]

Issue 2's targets: N=256 at least 10x faster than torch, N=1,000,000 at least as fast.
"""

from __future__ import annotations

import os

# Pin BLAS to one thread before numpy loads (threadpoolctl, if present, pins it again below).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from engine import Network  # noqa: E402

LEARNING_RATE = 0.5


def _limit_threads() -> contextlib.AbstractContextManager[Any]:
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-not-found]
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1)  # type: ignore[no-any-return]


def _data(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n)
    X = rng.uniform(0.0, 1.0, size=(n, 3))
    y = (X.sum(axis=1, keepdims=True) > 1.5).astype(np.float64)
    return X, y


def _calibrate(step: Callable[[], object]) -> tuple[float, int]:
    """One call's rough cost, and how many calls make a timed batch of about 1 ms."""
    step()  # warm up
    start = time.perf_counter()
    step()
    once = max(time.perf_counter() - start, 1e-7)
    return once, max(1, int(1e-3 / once))


def _batch(step: Callable[[], object], inner: int) -> float:
    start = time.perf_counter()
    for _ in range(inner):
        step()
    return (time.perf_counter() - start) / inner


def _time(steps: list[Callable[[], object]], budget: float) -> tuple[list[float], int]:
    """Median seconds per call of each step, timed in alternation so that both see the
    same machine load; small steps are timed in batches of about 1 ms (timer overhead)."""
    cal = [_calibrate(s) for s in steps]
    per_round = sum(once * inner for once, inner in cal)
    repeats = max(7, min(1001, int(budget / per_round)))
    times: list[list[float]] = [[] for _ in steps]
    for _ in range(repeats):
        for k, (step, (_, inner)) in enumerate(zip(steps, cal)):
            times[k].append(_batch(step, inner))
    return [statistics.median(t) for t in times], repeats


def ours(n: int) -> Callable[[], object]:
    """A closure doing one engine step on fresh-per-run data of ``n`` samples."""
    X, y = _data(n)
    net = Network.create((3, 2, 1), "sigmoid", seed=0)

    def step() -> Network:
        trace = net.forward(X)
        grads = net.backward(trace, y, loss="bce")
        return net.apply(grads, learning_rate=LEARNING_RATE)

    return step


def torch_step(n: int) -> Callable[[], object] | None:
    """The same step in float64 PyTorch autograd, or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    X, y = _data(n)
    net = Network.create((3, 2, 1), "sigmoid", seed=0)
    tX, ty = torch.from_numpy(X), torch.from_numpy(y)
    W = [torch.tensor(np.array(w), requires_grad=True) for w in net.weights]
    b = [torch.tensor(np.array(v), requires_grad=True) for v in net.biases]
    bce = torch.nn.functional.binary_cross_entropy_with_logits

    def step() -> object:
        h = torch.sigmoid(tX @ W[0] + b[0])
        z = h @ W[1] + b[1]
        loss = bce(z, ty)
        gW0, gb0, gW1, gb1 = torch.autograd.grad(loss, (W[0], b[0], W[1], b[1]))
        with torch.no_grad():
            return (
                W[0] - LEARNING_RATE * gW0,
                b[0] - LEARNING_RATE * gb0,
                W[1] - LEARNING_RATE * gW1,
                b[1] - LEARNING_RATE * gb1,
            )

    return step


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.3f} s"


def main() -> None:
    """Time each size in both implementations and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 256, 10_000, 1_000_000])
    parser.add_argument("--budget", type=float, default=4.0, help="seconds per size")
    args = parser.parse_args()
    with _limit_threads():
        print(
            "one full-batch step (forward, backward bce, apply) of the 3-2-1 sigmoid network, "
            "float64, 1 thread; median"
        )
        print(f"numpy {np.__version__}", end="")
        try:
            import torch

            print(f", torch {torch.__version__}")
        except ImportError:
            print(", torch not installed")
        print(f"{'N':>10}{'engine':>12}{'torch':>12}{'torch/engine':>14}{'rounds':>9}")
        for n in args.sizes:
            other = torch_step(n)
            steps = [ours(n)] if other is None else [ours(n), other]
            medians, runs = _time(steps, args.budget)
            if other is None:
                print(f"{n:>10,}{_fmt(medians[0]):>12}{'-':>12}{'-':>14}{runs:>9}")
                continue
            ours_s, torch_s = medians
            print(
                f"{n:>10,}{_fmt(ours_s):>12}{_fmt(torch_s):>12}{torch_s / ours_s:>13.1f}x{runs:>9}"
            )


if __name__ == "__main__":
    main()
