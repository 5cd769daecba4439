"""Feature scaling (``Scaler``): per-feature ``(x - offset) / scale``, fitted on the training
split, stored in the model file as plain numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.dataset import Array, DataError

SCALE_METHODS = ("minmax", "standard", "none")
"""Feature scaling methods; ``minmax`` (to [0, 1] on the training split) is the default."""


def _finite_json_number(value: Any) -> bool:
    """An int or float that fits float64 and is finite (not a bool)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool) and -1e308 < value < 1e308


def _check_method(method: str) -> str:
    if method not in SCALE_METHODS:
        raise ValueError(f"unknown scaling {method!r}: expected one of {', '.join(SCALE_METHODS)}")
    return method


@dataclass(frozen=True, eq=False)
class Scaler:
    """Per-feature affine scaling ``(x - offset) / scale``, fitted on the training split.

    ``minmax``: offset = min, scale = max - min (to [0, 1] on the training split).
    ``standard``: offset = mean, scale = standard deviation. ``none``: offset 0, scale 1.
    A constant column (scale 0) gets scale 1, so it is only shifted, never NaN.
    """

    method: str
    offset: Array
    scale: Array

    @classmethod
    def fit(cls, X: Array, method: str = "minmax") -> Scaler:
        """Fit on X (n_samples, n_features); a constant column gets scale 1, never NaN."""
        _check_method(method)
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2:
            raise ValueError(f"X must have shape (n_samples, n_features), got {X.shape}")
        n_features = X.shape[1]
        if method == "none" or X.shape[0] == 0:
            offset, scale = np.zeros(n_features), np.ones(n_features)
        elif method == "minmax":
            offset = X.min(axis=0)
            with np.errstate(over="ignore", invalid="ignore"):
                scale = X.max(axis=0) - offset
        else:
            offset = X.mean(axis=0)
            with np.errstate(over="ignore", invalid="ignore"):
                scale = X.std(axis=0)
        scale = np.where(np.isfinite(scale) & (scale > 0.0), scale, 1.0)
        offset = np.where(np.isfinite(offset), offset, 0.0)
        return cls.from_arrays(method, offset, scale)

    @classmethod
    def from_arrays(cls, method: str, offset: Any, scale: Any) -> Scaler:
        """A scaler holding read-only float64 copies of ``offset`` and ``scale``."""
        off = np.array(offset, dtype=np.float64)
        sc = np.array(scale, dtype=np.float64)
        off.setflags(write=False)
        sc.setflags(write=False)
        return cls(method, off, sc)

    @property
    def n_features(self) -> int:
        """Number of features this scaler takes."""
        return int(self.offset.shape[0])

    def transform(self, X: Array) -> Array:
        """Scale X (n_samples, n_features) -> same shape."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"X must have shape (n_samples, {self.n_features}), got {X.shape}")
        out: Array = (X - self.offset) / self.scale
        return out

    def inverse_transform(self, X: Array) -> Array:
        """Undo ``transform``: scaled (n_samples, n_features) -> raw values."""
        out: Array = np.asarray(X, dtype=np.float64) * self.scale + self.offset
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "method": self.method,
            "offset": [float(v) for v in self.offset],
            "scale": [float(v) for v in self.scale],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scaler:
        """Inverse of to_dict; raises DataError on a malformed dict."""
        if not isinstance(data, dict):
            raise DataError(f"scaler: expected an object, got {type(data).__name__}")
        method = data.get("method")
        if method not in SCALE_METHODS:
            raise DataError(
                f"scaler method: expected one of {', '.join(SCALE_METHODS)}, got {method!r}"
            )
        arrays = []
        for key in ("offset", "scale"):
            values = data.get(key)
            if not isinstance(values, list) or not all(_finite_json_number(v) for v in values):
                raise DataError(f"scaler {key}: expected a list of finite numbers")
            arrays.append(values)
        offset, scale = arrays
        if len(offset) != len(scale):
            raise DataError(f"scaler: offset has {len(offset)} values but scale has {len(scale)}")
        if not all(s > 0 for s in scale):
            raise DataError("scaler scale: expected numbers > 0")
        return cls.from_arrays(str(method), offset, scale)
