"""The model file: a trained network with everything needed to use it, as versioned JSON.

Never pickle: JSON only, written atomically (a temporary file in the same folder, flushed
to disk, then renamed over the old one), so a save killed midway leaves the old file
intact. A file looks like::

    {"format": "passfail-tui model", "format_version": 1,
     "layer_sizes": [3, 2, 1], "activation": "sigmoid", "loss": "bce",
     "weights": [[[...], ...], ...], "biases": [[...], ...],
     "feature_names": [...], "scaler": {"method": "minmax", "offset": [...], "scale": [...]},
     "target_name": "passed", "labels": ["0", "1"],
     "settings": {"learning_rate": 0.5, ...}, "seed": 0, "n_train": 480}

Loading checks every field (types, shapes against ``layer_sizes``, finite numbers, known
activation, loss and scaling) and refuses anything else with one DataError.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from engine.activations import ACTIVATIONS
from engine.dataset import DataError
from engine.losses import LOSSES
from engine.network import Network
from engine.saved_model import SavedModel as SavedModel  # re-exported: the shape it writes
from engine.scaling import Scaler

FORMAT = "passfail-tui model"
"""The value of the file's ``format`` field."""

FORMAT_VERSION = 1
"""Bumped whenever the file's layout changes; loading refuses versions it does not know."""

MAX_MODEL_BYTES = 64 * 1024 * 1024
"""Larger files are refused before parsing."""


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
    }


def model_text(model: SavedModel, path: str | Path = "model") -> str:
    """The JSON text ``save_model`` writes (DataError if it cannot be strict JSON)."""
    try:
        return json.dumps(model_to_dict(model), indent=1, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise DataError(f"cannot save this model as JSON ({exc})", path) from None


def new_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0o666 less the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def check_target(target: Path) -> None:
    """Refuse, before any temp file exists, a target that is a folder or whose folder is
    missing: the error names what the user typed, not the temp file."""
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, expected a file name", str(target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(folder))


def save_model(path: str | Path, model: SavedModel) -> None:
    """Write ``model`` to ``path`` atomically: a killed save leaves the old file intact.

    A model that cannot be written as strict JSON (a NaN weight, a setting that is not a
    JSON value) raises DataError before anything touches the disk; OSError passes through.
    """
    atomic_write_text(path, model_text(model, path))


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temp file beside it and a rename: a killed write
    leaves the old file intact, never a half-written one. A folder, or a missing folder,
    is refused first, by the name the user gave."""
    target = Path(path)
    check_target(target)
    fd, tmp = tempfile.mkstemp(
        dir=target.parent if str(target.parent) else ".",
        prefix=f".{target.name}.",
        suffix=".tmp",
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, new_file_mode())  # mkstemp makes 0600; a saved file is a normal file
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows (not on Windows)."""
    try:
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
    """Read and validate every field; a broken or mismatched file raises DataError."""
    p = Path(path)
    if not p.exists():
        raise DataError("no such file", path)
    if p.is_dir():
        raise DataError("is a folder, not a model file", path)
    try:
        if p.stat().st_size > MAX_MODEL_BYTES:
            raise DataError(
                f"not a passfail-tui model file (larger than {MAX_MODEL_BYTES >> 20} MB)", path
            )
        raw = p.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror or exc})", path) from None
    return model_from_dict(_parse(raw, path), path)


def model_from_dict(data: dict[str, Any], path: str | Path = "model") -> SavedModel:
    """Validate the JSON object of a model file and build the SavedModel; raises DataError."""
    f = _Fields(data, path)
    sizes = f.get("layer_sizes")
    if not (
        isinstance(sizes, list)
        and len(sizes) >= 2
        and all(_is_int(s) and 1 <= s <= 100_000 for s in sizes)
    ):
        raise f.fail("layer_sizes", "a list of at least 2 whole numbers >= 1", sizes)
    if sizes[-1] != 1:
        raise f.fail("layer_sizes", "one output (the probability of passing) last", sizes)
    activation = f.text("activation")
    if activation not in ACTIVATIONS:
        raise f.fail("activation", "one of " + ", ".join(ACTIVATIONS), activation)
    loss = f.text("loss")
    if loss not in LOSSES:
        raise f.fail("loss", "one of " + ", ".join(LOSSES), loss)

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
    settings = f.get("settings")
    if not isinstance(settings, dict):
        raise f.fail("settings", "an object", settings)
    seed = f.get("seed")
    if not _is_int(seed):
        raise f.fail("seed", "a whole number", seed)
    n_train = f.integer("n_train")
    network = Network.from_weights(weights, biases, activation)
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
    )
