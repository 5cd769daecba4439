"""Students data, as one import: reading a CSV, scaling the features, the seeded split.

The work lives in one module per job; this one re-exports them so ``from engine.data
import load_dataset, Scaler, Split, ...`` keeps working:

- ``engine.dataset``: ``Dataset`` (the students table) and ``DataError``;
- ``engine.reading``: ``load_dataset`` (encoding, delimiter, records, columns), with
  ``engine.cells`` reading each column's numbers and labels;
- ``engine.scaling``: ``Scaler`` and ``SCALE_METHODS``;
- ``engine.splitting``: ``Split`` and ``split_indices``.
"""

from __future__ import annotations

from engine.cells import LABEL_WORDS, LineOf
from engine.dataset import Array, DataError, Dataset, bundled_path
from engine.reading import DELIMITERS, MAX_FIELD, load_dataset
from engine.scaling import SCALE_METHODS, Scaler
from engine.splitting import Split, split_indices

__all__ = [
    "DELIMITERS",
    "LABEL_WORDS",
    "MAX_FIELD",
    "SCALE_METHODS",
    "Array",
    "DataError",
    "Dataset",
    "LineOf",
    "Scaler",
    "Split",
    "bundled_path",
    "load_dataset",
    "split_indices",
]
