"""The model file: a trained network with everything needed to use it, as versioned JSON.

Never pickle: JSON only, written atomically (a temporary file in the same folder, flushed
to disk, then renamed over the old one), so a save killed midway leaves the old file
intact. A file looks like::

    {"format": "passfail-tui model", "format_version": 1,
     "layer_sizes": [3, 2, 1], "activation": "sigmoid", "loss": "bce",
     "weights": [[[...], ...], ...], "biases": [[...], ...],
     "feature_names": [...], "scaler": {"method": "minmax", "offset": [...], "scale": [...]},
     "target_name": "passed", "labels": ["0", "1"],
     "settings": {"learning_rate": 0.5, ...}, "seed": 0, "n_train": 480,
     "data": {"name": "students.csv", "sha256": "..."}}

``data`` (the file the model learned from) is optional: files from before it still load,
and it did not change the format version.

Loading checks every field (types, shapes against ``layer_sizes``, finite numbers, known
activation, loss and scaling) and refuses anything else with one DataError.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from engine.activations import ACTIVATIONS
from engine.dataset import DataError
from engine.limits import MAX_EPOCHS, hidden_problem, layer_sizes_problem
from engine.losses import LOSSES
from engine.network import Network
from engine.records import read_at_most, regular_file
from engine.safe_write import write_text
from engine.saved_model import DataRef, at_seed_start
from engine.saved_model import SavedModel as SavedModel  # re-exported: the shape it writes
from engine.scaling import SCALE_METHODS, Scaler
from engine.training_config import MODES

FORMAT = "passfail-tui model"
"""The value of the file's ``format`` field."""

FORMAT_VERSION = 1
"""Bumped whenever the file's layout changes; loading refuses versions it does not know."""

MAX_MODEL_BYTES = 64 * 1024 * 1024
"""Larger files are refused before parsing."""


def features_in_model_order(
    model: SavedModel, asked: Sequence[str] | None = None
) -> tuple[str, ...]:
    """The features a model takes, in its order: what every command that takes a model
    reads. ``asked`` (``--features``) may name the same columns in any order (and case);
    naming others is a ValueError, since the weights belong to the model's columns."""
    names = model.feature_names
    if asked is None:
        return names
    if sorted(a.casefold() for a in asked) != sorted(n.casefold() for n in names):
        raise ValueError(
            f"--features {','.join(asked)} names other columns than the model was trained on "
            f"({','.join(names)}): leave --features out, or name the same columns"
        )
    return names


def model_to_dict(model: SavedModel) -> dict[str, Any]:
    """The JSON-ready form of ``model`` (what ``save_model`` writes)."""
    net = model.network
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "layer_sizes": list(net.layer_sizes),
        "activation": net.activation,
        "loss": model.loss,
        "weights": [w.tolist() for w in net.weights],
        "biases": [b.tolist() for b in net.biases],
        "feature_names": list(model.feature_names),
        "scaler": model.scaler.to_dict(),
        "target_name": model.target_name,
        "labels": list(model.labels),
        "settings": dict(model.settings),
        "seed": int(model.seed),
        "n_train": int(model.n_train),
        **({"data": {"name": model.data.name, "sha256": model.data.sha256}} if model.data else {}),
    }


def model_text(model: SavedModel, path: str | Path = "model") -> str:
    """The JSON text ``save_model`` writes (DataError if it cannot be strict JSON)."""
    try:
        return json.dumps(model_to_dict(model), indent=1, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise DataError(f"cannot save this model as JSON ({exc})", path) from None


def save_model(
    path: str | Path, model: SavedModel, inputs: Iterable[str | Path | None] = ()
) -> Path:
    """Write ``model`` to ``path`` atomically (``engine.safe_write``): a killed save leaves the
    old file intact; returns the file written (a symbolic link's target).

    Refused with DataError, before anything touches the disk: a model that cannot be strict
    JSON (a NaN weight, a setting that is not a JSON value), a path that is one of
    ``inputs`` (the CSVs being read), not a regular file, or a file that is not a model.
    A model may replace another model (the one it was loaded from), never the file it
    learned from (``model.data``). OSError passes through.
    """
    return write_text(path, model_text(model, path), "model", inputs, model.data)


# ----- loading -------------------------------------------------------------------------


class _Fields:
    """Typed access to the file's top-level object; every failure is one DataError."""

    def __init__(self, data: dict[str, Any], path: str | Path) -> None:
        self.data = data
        self.path = path

    def fail(self, key: str, expected: str, got: Any = None, show: bool = True) -> DataError:
        shown = ""
        if show:
            text = json.dumps(got, default=str)
            shown = f", got {text if len(text) <= 40 else text[:37] + '...'}"
        return DataError(f'field "{key}": expected {expected}{shown}', self.path)

    def get(self, key: str) -> Any:
        if key not in self.data:
            raise DataError(f'missing field "{key}": not a complete passfail-tui model', self.path)
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.get(key)
        if not isinstance(value, str):
            raise self.fail(key, "text", value)
        return value

    def integer(self, key: str, minimum: int = 0) -> int:
        value = self.get(key)
        if not _is_int(value) or value < minimum:
            raise self.fail(key, f"a whole number >= {minimum}", value)
        return int(value)

    def texts(self, key: str, n: int, distinct: bool = True) -> tuple[str, ...]:
        value = self.get(key)
        if not (
            isinstance(value, list) and len(value) == n and all(isinstance(v, str) for v in value)
        ):
            raise self.fail(key, f"a list of {n} names", value)
        if distinct and len(set(value)) != n:
            raise self.fail(key, "names that differ", value)
        return tuple(value)


_SEED_END = 2**64
"""Seeds are whole numbers from 0 below this (what numpy's generators take)."""


def _setting_problem(key: str, value: Any) -> str | None:
    """What a known ``settings`` value should be, when it is not; None when it is fine.

    Unknown keys are not checked here (a newer passfail-tui may add some); they are ignored.
    """
    if key == "hidden":
        if not (isinstance(value, list) and all(_is_int(h) for h in value)):
            return "a list of whole numbers (hidden layer sizes)"
        return hidden_problem(value)
    if key in ("activation", "loss", "mode", "scale"):
        names: dict[str, Collection[str]] = {
            "activation": ACTIVATIONS,
            "loss": LOSSES,
            "mode": MODES,
            "scale": SCALE_METHODS,
        }
        if not (isinstance(value, str) and value in names[key]):
            return "one of " + ", ".join(names[key])
        return None
    if key == "learning_rate":
        return None if _is_number(value) and value > 0 else "a number > 0"
    if key == "weight_decay" and isinstance(value, list):  # one a layer
        ok = value and all(_is_number(v) and v >= 0 for v in value)
        return None if ok else "a number >= 0, or a list of them (one a layer)"
    if key in ("weight_decay", "lr_decay", "tol"):
        return None if _is_number(value) and value >= 0 else "a number >= 0"
    if key == "until_loss":
        return None if value is None or _is_number(value) else "a number or null"
    if key == "test_fraction":
        return None if _is_number(value) and 0 <= value < 1 else "a fraction in [0, 1)"
    if key in ("epochs", "epochs_trained"):
        ok = _is_int(value) and 0 <= value <= MAX_EPOCHS
        return None if ok else f"a whole number from 0 to {MAX_EPOCHS:,}"
    if key == "patience":
        return None if _is_int(value) and value >= 0 else "a whole number >= 0"
    if key == "batch_size":
        return None if _is_int(value) and value >= 1 else "a whole number >= 1"
    if key == "seed":
        return None if _is_int(value) and 0 <= value < _SEED_END else "a whole number >= 0"
    if key == "update_biases":
        return None if isinstance(value, bool) else "true or false"
    return None


def _check_settings(f: _Fields, settings: dict[str, Any], must_match: dict[str, Any]) -> None:
    """Every known setting typed and in range; those in ``must_match`` (the network's own
    hidden sizes, activation, loss, scaling) equal to it when present. One DataError naming
    the field."""
    for key, value in settings.items():
        problem = _setting_problem(key, value)
        if problem is None and key in must_match and value != must_match[key]:
            problem = f"{json.dumps(must_match[key])}, as the network in this file has"
        if problem is not None:
            raise f.fail(f"settings.{key}", problem, value, show=", got " not in problem)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    """A finite JSON number (a huge integer would overflow float64, so it is not one)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return _is_int(value) and -1e308 < value < 1e308


def _vector(value: Any, n: int) -> bool:
    return isinstance(value, list) and len(value) == n and all(_is_number(v) for v in value)


def _parse(raw: bytes, path: str | Path) -> dict[str, Any]:
    """The file's top-level JSON object; raises DataError."""
    not_model = "not a passfail-tui model file"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{not_model} (not UTF-8 text)", path) from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DataError(f"{not_model}: broken JSON ({exc.msg})", path, exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise DataError(f"{not_model}: broken JSON ({exc})", path) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataError(f'{not_model} (expected "format": "{FORMAT}")', path)
    version: Any = data.get("format_version")
    if not _is_int(version) or version < 1:
        raise DataError('field "format_version": expected a whole number >= 1', path)
    if version != FORMAT_VERSION:
        raise DataError(
            f"this model file has format version {version}, but this passfail-tui reads "
            f"version {FORMAT_VERSION}: "
            + ("update passfail-tui" if version > FORMAT_VERSION else "train it again"),
            path,
        )
    return data


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_model(path: str | Path) -> SavedModel:
    """Read and validate every field; a broken or mismatched file raises DataError, and so
    does anything but a regular file (before it is opened) or one over MAX_MODEL_BYTES."""
    st = regular_file(path, "a model file")  # the CSV reader's check: no FIFO, device, loop
    too_big = f"not a passfail-tui model file (larger than {MAX_MODEL_BYTES >> 20} MB)"
    if st.st_size > MAX_MODEL_BYTES:
        raise DataError(too_big, path)
    raw = read_at_most(path, MAX_MODEL_BYTES, st.st_size)
    if len(raw) > MAX_MODEL_BYTES:  # it grew after the stat
        raise DataError(too_big, path)
    return model_from_dict(_parse(raw, path), path)


def model_from_dict(data: dict[str, Any], path: str | Path = "model") -> SavedModel:
    """Validate the JSON object of a model file and build the SavedModel; raises DataError."""
    f = _Fields(data, path)
    sizes = f.get("layer_sizes")
    if not (isinstance(sizes, list) and len(sizes) >= 2 and all(_is_int(s) for s in sizes)):
        raise f.fail("layer_sizes", "a list of at least 2 whole numbers", sizes)
    if sizes[-1] != 1:
        raise f.fail("layer_sizes", "one output (the probability of passing) last", sizes)
    too_big = layer_sizes_problem(sizes)  # before any weight is looked at or allocated
    if too_big is not None:
        raise f.fail("layer_sizes", too_big, show=False)
    activation = f.text("activation")
    if activation not in ACTIVATIONS:
        raise f.fail("activation", "one of " + ", ".join(ACTIVATIONS), activation)
    loss = f.text("loss")
    if loss not in LOSSES:
        raise f.fail("loss", "one of " + ", ".join(LOSSES), loss)
    settings = f.get("settings")
    if not isinstance(settings, dict):
        raise f.fail("settings", "an object", settings)
    _check_settings(f, settings, {"hidden": sizes[1:-1], "activation": activation, "loss": loss})

    weights, biases = f.get("weights"), f.get("biases")
    n_layers = len(sizes) - 1
    if not isinstance(weights, list) or len(weights) != n_layers:
        raise f.fail("weights", f"{n_layers} weight matrices for layers {sizes}", show=False)
    if not isinstance(biases, list) or len(biases) != n_layers:
        raise f.fail("biases", f"{n_layers} bias vectors for layers {sizes}", show=False)
    for i, (w, b) in enumerate(zip(weights, biases)):
        n_in, n_out = sizes[i], sizes[i + 1]
        if not (isinstance(w, list) and len(w) == n_in and all(_vector(r, n_out) for r in w)):
            raise f.fail(f"weights[{i}]", f"{n_in} rows of {n_out} finite numbers", show=False)
        if not _vector(b, n_out):
            raise f.fail(f"biases[{i}]", f"{n_out} finite numbers", show=False)

    n_features = sizes[0]
    feature_names = f.texts("feature_names", n_features)
    try:
        scaler = Scaler.from_dict(f.get("scaler"))
    except DataError as exc:
        raise DataError(f'field "scaler": {exc.reason}', path) from None
    if scaler.n_features != n_features:
        raise f.fail("scaler", f"offsets and scales for {n_features} features", show=False)
    target_name = f.text("target_name")
    labels = f.texts("labels", 2)
    _check_settings(f, settings, {"scale": scaler.method})
    seed = f.get("seed")
    if not (_is_int(seed) and 0 <= seed < _SEED_END):
        raise f.fail("seed", "a whole number >= 0", seed)
    n_train = f.integer("n_train")
    learned_from = _data_ref(f)
    network = Network.from_weights(weights, biases, activation)
    if n_train == 0:
        _check_nothing_learned(f, settings.get("epochs_trained"), network, int(seed))
    return SavedModel(
        network=network,
        loss=loss,
        feature_names=feature_names,
        scaler=scaler,
        target_name=target_name,
        labels=(labels[0], labels[1]),
        settings=settings,
        seed=int(seed),
        n_train=n_train,
        data=learned_from,
    )


def _check_nothing_learned(f: _Fields, trained: Any, network: Network, seed: int) -> None:
    """A model of ``"n_train": 0`` learned from no student: it trained no epoch and has the
    weights its seed starts from (a hand edit that says otherwise is refused)."""
    if trained:
        raise f.fail("n_train", f"a whole number >= 1 (the model trained {trained:,} epochs)", 0)
    if not at_seed_start(network, seed):
        raise f.fail(
            "n_train",
            f"a whole number >= 1 (the weights are not the ones seed {seed} starts from: "
            "they learned from students)",
            0,
        )


def _data_ref(f: _Fields) -> DataRef | None:
    """The optional "data" field: {"name": ..., "sha256": 64 hex digits} (older files lack it)."""
    if "data" not in f.data:
        return None
    value = f.data["data"]
    if not (
        isinstance(value, dict)
        and isinstance(value.get("name"), str)
        and isinstance(value.get("sha256"), str)
        and len(value["sha256"]) == 64
        and all(c in "0123456789abcdef" for c in value["sha256"])
    ):
        raise f.fail("data", 'an object {"name": file name, "sha256": 64 hex digits}', value)
    return DataRef(value["name"], value["sha256"])
