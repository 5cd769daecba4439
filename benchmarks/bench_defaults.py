"""The engine's default training recipe against logistic regression, on public data sets.

For every data set and seed, the engine's ``Trainer`` makes its stratified 75/25 split and
fits its scaler on the training side; scikit-learn's ``LogisticRegression(C=1.0)`` then
learns from exactly the same scaled training rows and both are scored on the same held-out
rows. Printed per set: mean held-out accuracy and log-loss of each, the paired 95% interval
of the accuracy difference (engine - LR, Student's t over seeds) and whether the targets hold:
accuracy at least LR's minus 1 point (or the interval includes -1 point) and log-loss at most
1.1x LR's.

    pip install '.[bench]'            # scikit-learn and statsmodels (not app dependencies)
    python benchmarks/bench_defaults.py                      # the full table (38 s to ~2 min)
    python benchmarks/bench_defaults.py --sets students,iris --seeds 5   # a quick subset
    python benchmarks/bench_defaults.py --set mode=batch --set epochs=2000  # another recipe

Seeds: 20 for sets under 500 rows, 5 above (``--seeds N`` caps both).
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.data import Dataset, bundled_path, load_dataset
from engine.trainer import Trainer, TrainingConfig

Array = NDArray[np.float64]
TEST_FRACTION = 0.25
SMALL = 500
"""Sets with fewer rows than this get 20 seeds, larger ones 5."""


# ----- the data sets ------------------------------------------------------------------


def _table(name: str, X: Any, y: Any, features: Any) -> Dataset:
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    return Dataset(
        path=name,
        feature_names=tuple(str(f) for f in features),
        X=X,
        names=tuple(f"row {i + 1}" for i in range(len(X))),
        target_name="y",
        y=y,
    )


def _sklearn(loader: str) -> Any:
    import sklearn.datasets

    return getattr(sklearn.datasets, loader)()


def _statsmodels(name: str) -> Any:
    import statsmodels.api as sm

    return getattr(sm.datasets, name).load_pandas().data


def students() -> Dataset:
    """The bundled students: pass if assignments >= 80 or the test average > 60 (an "or")."""
    return load_dataset(bundled_path("students.csv"))


def breast_cancer() -> Dataset:
    """scikit-learn's Wisconsin breast cancer: benign (1) or malignant, 30 features."""
    b = _sklearn("load_breast_cancer")
    return _table("breast_cancer", b.data, b.target, b.feature_names)


def iris_versicolor() -> Dataset:
    """Iris, versicolor against the rest: versicolor lies between the other two species."""
    b = _sklearn("load_iris")
    return _table("iris_versicolor", b.data, b.target == 1, b.feature_names)


def wine_class1() -> Dataset:
    """Wine, cultivar 1 against the rest (13 chemical measurements)."""
    b = _sklearn("load_wine")
    return _table("wine_class1", b.data, b.target == 1, b.feature_names)


def digits_low() -> Dataset:
    """Handwritten digits (8x8 pixels), 0-4 against 5-9."""
    b = _sklearn("load_digits")
    return _table("digits_0to4", b.data, b.target <= 4, [f"px{i}" for i in range(64)])


def diabetes_high() -> Dataset:
    """scikit-learn's diabetes progression, above its median or not (10 features)."""
    b = _sklearn("load_diabetes")
    return _table("diabetes_high", b.data, b.target > np.median(b.target), b.feature_names)


def spector() -> Dataset:
    """statsmodels' Spector and Mazzeo: did a new teaching method (PSI) raise grades (32 rows)."""
    d = _statsmodels("spector")
    cols = ["GPA", "TUCE", "PSI"]
    return _table("spector", d[cols].to_numpy(), d["GRADE"].to_numpy(), cols)


def anes96() -> Dataset:
    """statsmodels' 1996 American National Election Study: voted Dole (1) or Clinton."""
    d = _statsmodels("anes96")
    cols = [c for c in d.columns if c not in ("vote", "popul")]
    return _table("anes96", d[cols].to_numpy(), d["vote"].to_numpy(), cols)


def fair() -> Dataset:
    """statsmodels' Fair (1978) survey: any affair (1) or none (6,366 rows, 8 features)."""
    d = _statsmodels("fair")
    cols = [c for c in d.columns if c != "affairs"]
    return _table("fair", d[cols].to_numpy(), d["affairs"].to_numpy() > 0, cols)


SETS: dict[str, Callable[[], Dataset]] = {
    "students": students,
    "iris_versicolor": iris_versicolor,
    "spector": spector,
    "wine_class1": wine_class1,
    "diabetes_high": diabetes_high,
    "breast_cancer": breast_cancer,
    "anes96": anes96,
    "digits_0to4": digits_low,
    "fair": fair,
}


# ----- one seed ---------------------------------------------------------------------


def bce_from_logits(z: Array, y: Array) -> float:
    """Mean binary cross-entropy from logits, exact for any z (as the engine computes it)."""
    z, y = z.reshape(-1), y.reshape(-1)
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


@dataclass(frozen=True)
class Score:
    """Held-out accuracy and log-loss of one method on one seed."""

    accuracy: float
    log_loss: float


def default_fit(trainer: Trainer) -> Any:
    """Train with the engine's default recipe (``Trainer.fit`` when it exists)."""
    fit = getattr(trainer, "fit", None)
    if fit is not None:
        return fit()
    return trainer.run_epochs(trainer.config.epochs)


def score_engine(trainer: Trainer) -> Score:
    trace = trainer.network.forward(trainer.X_test)
    y = trainer.y_test
    acc = float(np.mean((trace.output >= 0.5) == (y >= 0.5)))
    return Score(acc, bce_from_logits(trace.z[-1], y))


def score_lr(trainer: Trainer) -> Score:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1.0, max_iter=5000)
    lr.fit(trainer.X_train, trainer.y_train.ravel())
    z = lr.decision_function(trainer.X_test)
    y = trainer.y_test
    acc = float(np.mean((z >= 0.0) == (y.ravel() >= 0.5)))
    return Score(acc, bce_from_logits(z, y))


def t975(df: int) -> float:
    """The two-sided 95% quantile of Student's t with ``df`` degrees of freedom."""
    try:
        from scipy.stats import t

        return float(t.ppf(0.975, df))
    except ImportError:  # pragma: no cover - scipy comes with scikit-learn
        return 1.96


@dataclass(frozen=True)
class SetResult:
    """One data set's figures over its seeds."""

    name: str
    rows: int
    features: int
    seeds: int
    engine: list[Score]
    lr: list[Score]
    majority: float
    seconds: float
    epochs: float

    def mean(self, which: str, field: str) -> float:
        scores = self.engine if which == "engine" else self.lr
        return statistics.fmean(getattr(s, field) for s in scores)

    def diff_interval(self) -> tuple[float, float, float]:
        """Mean accuracy difference (engine - LR, in points) and its paired 95% interval."""
        d = [100 * (e.accuracy - r.accuracy) for e, r in zip(self.engine, self.lr)]
        m = statistics.fmean(d)
        if len(d) < 2:
            return m, math.nan, math.nan
        half = t975(len(d) - 1) * statistics.stdev(d) / math.sqrt(len(d))
        return m, m - half, m + half

    def meets_accuracy(self) -> bool:
        m, lo, hi = self.diff_interval()
        return m >= -1.0 or (lo <= -1.0 <= hi)

    def meets_log_loss(self) -> bool:
        return self.mean("engine", "log_loss") <= 1.1 * self.mean("lr", "log_loss")


def run_set(
    name: str,
    config: TrainingConfig,
    n_seeds: int | None,
    fit: Callable[[Trainer], Any] = default_fit,
) -> SetResult:
    """Every seed of one data set: the engine's recipe and LR on the same split."""
    data = SETS[name]()
    seeds = 20 if data.n_samples < SMALL else 5
    if n_seeds is not None:
        seeds = min(seeds, n_seeds)
    engine, lr, majority, epochs = [], [], [], []
    start = time.perf_counter()
    for seed in range(seeds):
        trainer = Trainer(data, replace(config, seed=seed, test_fraction=TEST_FRACTION))
        fit(trainer)
        engine.append(score_engine(trainer))
        lr.append(score_lr(trainer))
        epochs.append(trainer.epoch)
        ev = trainer.evaluate("test")
        majority.append(ev.baseline_accuracy if ev else math.nan)
    return SetResult(
        name,
        data.n_samples,
        data.n_features,
        seeds,
        engine,
        lr,
        statistics.fmean(majority),
        time.perf_counter() - start,
        statistics.fmean(epochs),
    )


# ----- the table ----------------------------------------------------------------------


def markdown_row(r: SetResult) -> str:
    m, lo, hi = r.diff_interval()
    ll_e, ll_r = r.mean("engine", "log_loss"), r.mean("lr", "log_loss")
    ok = r.meets_accuracy() and r.meets_log_loss()
    checks = (("accuracy", r.meets_accuracy()), ("log-loss", r.meets_log_loss()))
    verdict = "yes" if ok else "MISS: " + ", ".join(w for w, met in checks if not met)
    return (
        f"| {r.name} | {r.rows} x {r.features} | {r.seeds} | {100 * r.majority:.1f}% "
        f"| {100 * r.mean('lr', 'accuracy'):.1f}% | {100 * r.mean('engine', 'accuracy'):.1f}% "
        f"| {m:+.1f} ({lo:+.1f}, {hi:+.1f}) | {ll_r:.3f} | {ll_e:.3f} ({ll_e / ll_r:.2f}x) "
        f"| {verdict} |"
    )


HEADER = (
    "| data set | rows x features | seeds | majority | LR accuracy | engine accuracy "
    "| difference, points (95% CI) | LR log-loss | engine log-loss | targets met |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def parse_setting(text: str) -> tuple[str, Any]:
    """``key=value`` for a TrainingConfig field, the value typed like the field's default."""
    key, _, value = text.partition("=")
    known = {f.name: f for f in fields(TrainingConfig)}
    if key not in known:
        raise argparse.ArgumentTypeError(f"unknown setting {key!r}: one of {', '.join(known)}")
    default = getattr(TrainingConfig(), key)
    if isinstance(default, bool):
        return key, value.lower() in ("1", "true", "yes")
    if isinstance(default, tuple):
        return key, tuple(int(v) for v in value.split(",") if v)
    if value == "auto" and default is None:
        return key, None
    if default is None:  # an "auto" setting given a number: epochs is whole, the rest real
        return key, int(value) if key == "epochs" else float(value)
    if isinstance(default, (int, float)):
        return key, type(default)(float(value)) if isinstance(default, int) else float(value)
    return key, value


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sets and print the markdown table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated (%(default)s)")
    parser.add_argument("--seeds", type=int, default=None, help="at most this many seeds a set")
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        type=parse_setting,
        default=[],
        metavar="KEY=VALUE",
        help="a TrainingConfig setting for the engine (repeatable)",
    )
    args = parser.parse_args(argv)
    names = [n for n in args.sets.split(",") if n]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}: one of {', '.join(SETS)}")
    config = replace(TrainingConfig(), **dict(args.settings))
    print(f"engine: {config}")
    print(HEADER)
    missed = 0
    total = time.perf_counter()
    for name in names:
        r = run_set(name, config, args.seeds)
        missed += not (r.meets_accuracy() and r.meets_log_loss())
        print(markdown_row(r), f"<!-- {r.seconds:.1f} s, {r.epochs:.0f} epochs -->", flush=True)
    print(
        f"\n{len(names) - missed} of {len(names)} sets meet both targets; "
        f"{time.perf_counter() - total:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
