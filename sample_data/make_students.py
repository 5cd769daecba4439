"""Make the bundled students: ``students.csv`` (past years) and ``current_year.csv``.

Run ``python -m sample_data.make_students`` (or ``python sample_data/make_students.py``);
the same seed always writes the same files. ``--out DIR`` writes them elsewhere.

The rule, from the teacher's intuitions in the article:

- Every student has an *ability* and an *effort*, both standard normal. Written tests
  follow ability most (56 + 16 ability); oral tests follow ability and a little effort
  (60 + 12 ability + 4 effort); class assignments follow effort most (64 + 4 ability +
  20 effort); each has its own noise, is clipped to 0-100 and rounded to one decimal.
- A student passed the final exam if they got 80% or more on class assignments, or if their
  test average, with written tests counting double, ``(2 written + oral) / 3``, is above 60%.
- Then 4% of the outcomes are flipped at random (a good or a bad day at the exam).

The "or" of two straight boundaries is what a network without a hidden layer (one straight
boundary) cannot draw and the article's 3-2-1 network can: ``--compare`` measures it.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

SEED = 2024
N_HISTORY = 600
N_CURRENT = 50
FLIP_RATE = 0.04
COLUMNS = ("student", "class_assignments", "written_tests", "oral_tests", "passed")

FIRST_NAMES = [
    "Aaliyah",
    "Aiden",
    "Amara",
    "Amir",
    "Anna",
    "Ava",
    "Ben",
    "Carlos",
    "Chen",
    "Chloe",
    "Daniel",
    "Dara",
    "Elena",
    "Eli",
    "Emma",
    "Ethan",
    "Fatima",
    "Finn",
    "Grace",
    "Hana",
    "Hugo",
    "Ibrahim",
    "Isla",
    "Ivan",
    "Jack",
    "Jade",
    "Jonas",
    "Julia",
    "Kai",
    "Kenji",
    "Lara",
    "Leo",
    "Liam",
    "Lina",
    "Lucas",
    "Maya",
    "Mia",
    "Mohammed",
    "Nadia",
    "Noah",
    "Nora",
    "Oliver",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Ruby",
    "Sam",
    "Sara",
    "Sofia",
    "Tariq",
    "Theo",
    "Uma",
    "Victor",
    "Wei",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoe",
]
"""Made-up first names; with a surname initial they give 59 x 26 = 1534 unique students."""


def grades(rng: np.random.Generator, n: int) -> NDArray[np.float64]:
    """(n, 3) % grades: class assignments, written tests, oral tests (0-100, one decimal)."""
    ability = rng.normal(0.0, 1.0, n)
    effort = rng.normal(0.0, 1.0, n)
    assignments = 64 + 4 * ability + 20 * effort + rng.normal(0.0, 6.0, n)
    written = 56 + 16 * ability + rng.normal(0.0, 10.0, n)
    oral = 60 + 12 * ability + 4 * effort + rng.normal(0.0, 10.0, n)
    X = np.stack([assignments, written, oral], axis=1)
    out: NDArray[np.float64] = np.round(np.clip(X, 0.0, 100.0), 1)
    return out


def passes(X: NDArray[np.float64]) -> NDArray[np.bool_]:
    """The rule without noise: 80%+ on assignments, or (2 written + oral) / 3 above 60%."""
    tests = (2 * X[:, 1] + X[:, 2]) / 3
    out: NDArray[np.bool_] = (X[:, 0] >= 80.0) | (tests > 60.0)
    return out


def names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` unique names like "Mia K."."""
    initials = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    everyone = [f"{first} {last}." for first in FIRST_NAMES for last in initials]
    picked = rng.choice(len(everyone), size=n, replace=False)
    return [everyone[i] for i in picked]


def make(seed: int = SEED) -> tuple[list[list[str]], list[list[str]]]:
    """Rows (without header) of students.csv and of current_year.csv."""
    rng = np.random.default_rng(seed)
    who = names(rng, N_HISTORY + N_CURRENT)
    X = grades(rng, N_HISTORY + N_CURRENT)
    passed = passes(X) ^ (rng.random(N_HISTORY + N_CURRENT) < FLIP_RATE)
    rows = [[who[i], *(f"{v:.1f}" for v in X[i]), str(int(passed[i]))] for i in range(len(who))]
    return rows[:N_HISTORY], [row[:-1] for row in rows[N_HISTORY:]]


def write(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    """A plain UTF-8 comma-separated file with LF line ends."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def compare_networks(
    path: Path | None = None, seeds: int = 10, epochs: int | None = None
) -> dict[str, list[float]]:
    """Held-out accuracy of the 3-2-1 and the 3-1 network, one per seed (split and start).

    Everything else is the trainer's defaults (standard scaling, stochastic steps, the
    recipe's alpha decay, weight decay and stop rule, bce, 20% held out); ``epochs`` None
    trains until the recipe stops, a number trains exactly that many epochs.
    """
    from engine.data import bundled_path, load_dataset
    from engine.trainer import Trainer, TrainingConfig

    data = load_dataset(path or bundled_path("students.csv"))
    results: dict[str, list[float]] = {"3-2-1": [], "3-1": []}
    for name, hidden in (("3-2-1", (2,)), ("3-1", ())):
        for seed in range(seeds):
            trainer = Trainer(data, TrainingConfig(hidden=hidden, seed=seed, epochs=epochs))
            if epochs is None:
                trainer.fit()
            else:
                trainer.run_epochs(epochs)
            evaluation = trainer.evaluate("test")
            assert evaluation is not None
            results[name].append(evaluation.accuracy)
    return results


def main(argv: list[str] | None = None) -> None:
    """Write both files (next to this script unless ``--out`` says otherwise)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--compare", action="store_true", help="train both networks on 10 seeds; print accuracy"
    )
    args = parser.parse_args(argv)
    if args.compare:
        results = compare_networks(args.out / "students.csv")
        for name, accs in results.items():
            print(
                f"{name}: held-out accuracy {np.mean(accs):.1%} ± {np.std(accs):.1%} "
                f"({min(accs):.1%} - {max(accs):.1%}) over {len(accs)} seeds"
            )
        gap = np.mean(results["3-2-1"]) - np.mean(results["3-1"])
        print(f"gap: {100 * gap:.1f} points")
        return
    history, current = make(args.seed)
    write(args.out / "students.csv", COLUMNS, history)
    write(args.out / "current_year.csv", COLUMNS[:-1], current)
    print(f"wrote {len(history)} past and {len(current)} current students to {args.out}")


if __name__ == "__main__":
    main()
