"""The trainer: epochs of gradient descent over the training students, with history and undo.

One ``Trainer`` drives both the screen (single steps, one epoch, continuous runs) and the
headless ``train`` command, so both show the same numbers.

Defaults (``TrainingConfig``): the article's 3-2-1 sigmoid network, binary cross-entropy,
``stochastic`` mode (one student at a time, the step-through mode), learning rate 0.5,
standard scaling fitted on the training split, 20% of the students held out, and the
measured recipe of ``engine.recipe`` (alpha decay, weight decay, epoch budget, stop rule).

Epoch e (1, 2, ...) visits the training students in the order
``numpy.random.default_rng((seed, e)).permutation(n_train)``, so an undone epoch replays
identically. L2 weight decay adds its layer's lambda x W to each weight's gradient (biases
are not decayed); it does *not* enter the reported loss, the plain error of the predictions.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from engine.dataset import Dataset
from engine.evaluation import Evaluation as Evaluation  # re-exported: the trainer's API
from engine.evaluation import accuracy as accuracy
from engine.fastpath import compile_epoch, fits_fast_path, run_epoch
from engine.history import EpochRecord as EpochRecord  # re-exported for older imports
from engine.history import History as History
from engine.limits import layer_sizes_problem
from engine.network import ForwardTrace, Gradients, Network, loss_value
from engine.recipe import Recipe, Run, Stop, learning_rate_at, with_weight_decay
from engine.saved_model import SavedModel, model_of
from engine.scaling import Scaler
from engine.splitting import Split, split_indices
from engine.training_config import MODES as MODES  # re-exported: the trainer's API
from engine.training_config import TrainingConfig as TrainingConfig
from engine.training_config import TrainingDiverged as TrainingDiverged
from engine.undo import UNDO_DEPTH as UNDO_DEPTH  # re-exported: the trainer's API
from engine.undo import Snapshot
from engine.undo import WeightsFrom as WeightsFrom  # re-exported: the trainer's API

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class StepResult:
    """One student's forward pass, blame and update, as the screen shows them."""

    row: int
    trace: ForwardTrace
    grads: Gradients
    before: Network
    after: Network
    loss: float
    learning_rate: float
    """The alpha the update used (the schedule's, for the step's epoch)."""


class Trainer:
    """Trains a network on a dataset's training split and keeps its history and undo stack.

    Reads: ``network`` (current), ``initial_network``, ``epoch``, ``weights_from`` (which
    epoch made ``network``, and the single steps since), ``history``, ``config``,
    ``scaler``, ``split``, ``X`` (all rows, scaled), ``y``. Rows are indexed as in the
    dataset; ``is_training(row)`` says on which side of the split a row is.
    """

    def __init__(
        self,
        dataset: Dataset,
        config: TrainingConfig | None = None,
        network: Network | None = None,
        scaler: Scaler | None = None,
        split: Split | None = None,  # these rows, not the seeded split (a twin keeps its own)
        epochs_before: int = 0,  # the epochs ``network`` had trained (``--model FILE``)
    ) -> None:
        if dataset.y is None:
            raise ValueError("training needs a dataset with a target column")
        self.dataset = dataset
        self.config = config or TrainingConfig()
        self.y: Array = dataset.y
        too_big = layer_sizes_problem(self.layer_sizes)  # before anything is allocated
        if too_big is not None:
            raise ValueError(
                f"a {'-'.join(map(str, self.layer_sizes))} network is too big: expected {too_big}"
            )
        # Stratified by the first output (a worked example's soft targets: one class).
        rows = split or split_indices(self.y[:, :1], self.config.test_fraction, self.config.seed)
        self.split: Split = rows
        self.scaler = scaler or Scaler.fit(dataset.X[self.split.train], self.config.scale)
        self.X: Array = self.scaler.transform(dataset.X)
        self._train_mask = np.zeros(dataset.n_samples, dtype=bool)
        self._train_mask[self.split.train] = True
        self.X_train, self.y_train = self.X[self.split.train], self.y[self.split.train]
        self.X_test, self.y_test = self.X[self.split.test], self.y[self.split.test]
        if network is not None and network.layer_sizes[0] != dataset.n_features:
            raise ValueError(
                f"the network takes {network.layer_sizes[0]} inputs but the data has "
                f"{dataset.n_features} features"
            )
        self.initial_network = network or self._new_network()
        self.network = self.initial_network
        self._model = (self.initial_network, epochs_before if network is not None else 0)
        self.epoch = 0
        self.weights_from = WeightsFrom()
        """Which epoch made ``network`` (an earlier one than ``epoch`` after a stop kept it)."""
        self.history = History()
        self._undo: deque[Snapshot] = deque(maxlen=UNDO_DEPTH)
        self._recipe: tuple[TrainingConfig, Recipe] | None = None

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """(n_features, hidden..., n_outputs); n_outputs is y's width (2 in Mazur's example)."""
        return (self.dataset.n_features, *self.config.hidden, int(self.y.shape[1]))

    def _new_network(self) -> Network:
        return Network.create(self.layer_sizes, self.config.activation, seed=self.config.seed)

    @property
    def n_train(self) -> int:
        """Number of training students."""
        return int(self.split.train.size)

    @property
    def n_test(self) -> int:
        """Number of held-out students."""
        return int(self.split.test.size)

    def is_training(self, row: int) -> bool:
        """Whether dataset row ``row`` is in the training split."""
        return bool(self._train_mask[row])

    @property
    def recipe(self) -> Recipe:
        """The settings' "auto" values resolved for this mode and these students: once per
        settings (a frozen config, replaced on change; the students never change)."""
        cfg = self.config
        if self._recipe is None or self._recipe[0] is not cfg:
            self._recipe = (cfg, Recipe.resolve(cfg, self.n_train, self.layer_sizes))
        return self._recipe[1]

    @property
    def epochs_before(self) -> int:
        """The epochs the opened model had trained, while the run starts from its weights:
        the schedule and the epochs' order count on from them, as in one ``train`` run."""
        start, before = self._model
        return before if self.initial_network is start else 0

    def alpha_at(self, epoch: int) -> float:
        """The effective alpha of epoch ``epoch`` (1-based), counted on from ``epochs_before``."""
        lr, decay = self.config.learning_rate, self.recipe.lr_decay
        return learning_rate_at(lr, decay, self.epochs_before + epoch)

    @property
    def learning_rate_now(self) -> float:
        """The effective alpha of the next step (``b``'s, or the next epoch's)."""
        return self.alpha_at(self.epoch + 1)

    @property
    def can_undo(self) -> bool:
        """Whether there is an action to take back."""
        return bool(self._undo)

    def undo(self) -> str | None:
        """Take back the last step, epoch or edit; returns its label, or None if none is left."""
        if not self._undo:
            return None
        snap = self._undo.pop()
        self.network = snap.network
        self.epoch, self.weights_from = snap.epoch, snap.weights_from
        self.history.truncate_to_epoch(snap.epoch)  # thinning moves rows, not epochs
        self.config = snap.config
        return snap.label

    def set_network(
        self, network: Network, label: str = "hand edit", made_by: WeightsFrom | None = None
    ) -> None:
        """Replace the network (a hand-set weight, say), undoably; ``made_by``: the epoch
        that made it (an earlier epoch's weights kept), else it counts as the one replaced."""
        if network.layer_sizes != self.network.layer_sizes:
            raise ValueError(
                f"expected a network of layer sizes {self.network.layer_sizes}, "
                f"got {network.layer_sizes}"
            )
        self.commit_steps(self.network, label)
        self.network, self.weights_from = network, made_by or self.weights_from

    def set_learning_rate(self, learning_rate: float) -> None:
        """Change alpha for the steps that follow (undoable with the next action's undo)."""
        self.config = replace(self.config, learning_rate=learning_rate)

    def set_mode(self, mode: str, batch_size: int | None = None) -> None:
        """Switch between stochastic, minibatch and batch steps."""
        self.config = replace(
            self.config, mode=mode, batch_size=batch_size or self.config.batch_size
        )

    def reset(self) -> None:
        """Back to the initial weights (same seed); history and undo are cleared."""
        self.network = self.initial_network
        self.epoch, self.weights_from = 0, WeightsFrom()
        self.history.clear()
        self._undo.clear()

    def reinitialise(self, seed: int | None = None, activation: str | None = None) -> None:
        """New initial weights (a new seed and/or hidden activation); history cleared.

        The split stays as it is, so the students keep their places.
        """
        self.config = replace(
            self.config,
            seed=self.config.seed if seed is None else seed,
            activation=self.config.activation if activation is None else activation,
        )
        self.initial_network = self._new_network()
        self.reset()

    # ----- the step-through ----------------------------------------------------------

    def forward_row(self, row: int, network: Network | None = None) -> ForwardTrace:
        """The forward pass of one student (dataset row), scaled as the network sees it."""
        return (network or self.network).forward(self.X[row : row + 1])

    def step(self, row: int, label: str | None = None) -> StepResult:
        """Forward, backprop and update for one student; undo calls it ``label`` or by name."""
        result = self.peek_step(row)
        self.commit_steps(result.before, label or f"backprop for {self.dataset.names[row]}")
        self.took_step(result.after)
        return result

    def took_step(self, after: Network) -> None:
        """``after`` is the network in use, one single step on (``commit_steps`` makes the
        steps undoable: ``step`` at once, a student pace's at the epoch's end)."""
        made = self.weights_from
        self.network, self.weights_from = after, replace(made, steps=made.steps + 1)

    def peek_step(self, row: int) -> StepResult:
        """The step ``step(row)`` would take, not taken; ValueError for a held-out student."""
        if not self.is_training(row):
            raise ValueError("that student is held out: the network never learns from them")
        before, y, trace = self.network, self.y[row : row + 1], self.forward_row(row)
        grads = before.backward(trace, y, self.config.loss)  # dE/dw, as the math view shows
        applied = with_weight_decay(before, grads, self.recipe.weight_decay)
        alpha = self.learning_rate_now
        after = before.apply(applied, alpha, self.config.update_biases)
        loss = loss_value(self.config.loss, trace, y)
        return StepResult(row, trace, grads, before, after, loss, alpha)

    # ----- epochs --------------------------------------------------------------------

    def epoch_order(self, epoch: int) -> NDArray[np.intp]:
        """Positions in the training split visited by epoch ``epoch`` (1-based; counted on
        from ``epochs_before``)."""
        order = np.random.default_rng((self.config.seed, self.epochs_before + epoch))
        return order.permutation(self.n_train)

    def epoch_steps(self, epoch: int) -> list[NDArray[np.intp]]:
        """Epoch ``epoch``'s steps in order: positions in the training split (1, or k, or all)."""
        cfg = self.config
        order = np.arange(self.n_train) if cfg.mode == "batch" else self.epoch_order(epoch)
        k = {"stochastic": 1, "minibatch": cfg.batch_size}.get(cfg.mode, max(self.n_train, 1))
        return [order[start : start + k] for start in range(0, len(order), k)]

    def step_network(self, net: Network, positions: NDArray[np.intp], epoch: int) -> Network:
        """Epoch ``epoch``'s step over ``positions``, bit for bit (no state changes)."""
        alpha = self.alpha_at(epoch)
        if self.config.mode == "stochastic" and fits_fast_path(net.n_parameters):
            return self._epoch_fast(net, positions, alpha)
        return self._epoch_general(net, [positions], alpha)

    def _epoch_general(self, net: Network, steps: list[NDArray[np.intp]], alpha: float) -> Network:
        """Steps through the public Network API (the reference the fast path must match)."""
        cfg, wd = self.config, self.recipe.weight_decay
        for positions in steps:
            X, y = self.X_train[positions], self.y_train[positions]
            grads = with_weight_decay(net, net.backward(net.forward(X), y, cfg.loss), wd)
            net = net.apply(grads, alpha, cfg.update_biases)
        return net

    def _epoch_fast(self, net: Network, order: NDArray[np.intp], alpha: float) -> Network:
        cfg, wd = self.config, self.recipe.weight_decay
        fn = compile_epoch(net.layer_sizes, net.activation, cfg.loss, wd, cfg.update_biases)
        params = run_epoch(fn, net.parameters().tolist(), self.X_train, self.y_train, order, alpha)
        return net.with_parameters(params)

    def train_epoch_network(self, net: Network, epoch: int, fast: bool = True) -> Network:
        """The network after one epoch from ``net`` (no state changes); for tests and tools."""
        alpha = self.alpha_at(epoch)
        if fast and self.config.mode == "stochastic" and fits_fast_path(net.n_parameters):
            return self._epoch_fast(net, self.epoch_order(epoch), alpha)
        return self._epoch_general(net, self.epoch_steps(epoch), alpha)

    def measure(self, network: Network | None = None) -> EpochRecord:
        """Loss and accuracy on the training and held-out students, as an EpochRecord."""
        net = network or self.network
        loss = self.config.loss
        tr = net.forward(self.X_train)
        train_loss = loss_value(loss, tr, self.y_train)
        train_acc = accuracy(tr.output, self.y_train)
        test_loss = test_acc = None
        if self.n_test:
            te = net.forward(self.X_test)
            test_loss = loss_value(loss, te, self.y_test)
            test_acc = accuracy(te.output, self.y_test)
        return EpochRecord(self.epoch, train_loss, train_acc, test_loss, test_acc)

    def run_epoch(self) -> EpochRecord:
        """One full epoch (undoable as one action); raises TrainingDiverged."""
        with np.errstate(all="ignore"):
            after = self.train_epoch_network(self.network, self.epoch + 1)
        return self.commit_epoch(self.network, after)

    def commit_epoch(
        self, before: Network, after: Network, made_by: WeightsFrom | None = None
    ) -> EpochRecord:
        """Record ``after`` as the next epoch, made from ``before`` (undoably; ``made_by``:
        whose weights ``before`` were, if not the network in use); may raise
        TrainingDiverged. ``run_epoch`` and the screen's autoplay both end here."""
        with np.errstate(all="ignore"):
            finite = bool(np.all(np.isfinite(after.parameters())))
            record = self.measure(after) if finite else None
        if record is None or not math.isfinite(record.train_loss):
            raise TrainingDiverged(self.epoch + 1, self.learning_rate_now)
        self.commit_steps(before, f"epoch {self.epoch + 1}", made_by)
        self.network = after
        self.epoch += 1
        self.weights_from = WeightsFrom(self.epoch)
        record = replace(record, epoch=self.epoch)
        self.history.append(record)
        return record

    def commit_steps(self, before: Network, label: str, made_by: WeightsFrom | None = None) -> None:
        """Make what led from ``before`` to ``network`` undoable as one action; ``made_by``:
        whose weights ``before`` were (None: ``weights_from``, before is the network in use)."""
        made = made_by or self.weights_from
        self._undo.append(Snapshot(label, before, self.epoch, self.config, made))

    def run_epochs(
        self, n: int, callback: Callable[[EpochRecord], object] | None = None
    ) -> list[EpochRecord]:
        """``n`` epochs in a row (each undoable); ``callback`` sees every record."""
        records = []
        for _ in range(n):
            record = self.run_epoch()
            records.append(record)
            if callback is not None:
                callback(record)
        return records

    def fit(self, callback: Callable[[EpochRecord], object] | None = None) -> Stop:
        """Epochs until the recipe ends the run (its budget, the stop rule or until_loss),
        keeping the weights it names (``engine.recipe.Run``). Raises TrainingDiverged."""
        return Run(self).until_stopped(callback)

    # ----- evaluation and the model file ----------------------------------------------

    def majority_label(self) -> float:
        """The training split's most common target (1.0 on a tie)."""
        return 1.0 if float(np.mean(self.y_train)) >= 0.5 else 0.0

    def evaluate(self, which: str = "train", threshold: float = 0.5) -> Evaluation | None:
        """Confusion matrix and accuracies on ``"train"`` or ``"test"``; None for an empty set."""
        X, y = (self.X_train, self.y_train) if which == "train" else (self.X_test, self.y_test)
        if y.size == 0:
            return None
        trace = self.network.forward(X)
        pred = trace.output >= threshold
        actual = y >= 0.5
        return Evaluation(
            n=int(y.shape[0]),
            loss=loss_value(self.config.loss, trace, y),
            accuracy=float(np.mean(pred == actual)),
            baseline_accuracy=float(np.mean(actual == (self.majority_label() >= 0.5))),
            true_positive=int(np.sum(pred & actual)),
            false_positive=int(np.sum(pred & ~actual)),
            false_negative=int(np.sum(~pred & actual)),
            true_negative=int(np.sum(~pred & ~actual)),
            threshold=threshold,
        )

    def saved_model(self) -> SavedModel:
        """The network in use with its features, scaling, labels and settings; its
        ``epochs_trained`` is the epochs its weights trained (``engine.saved_model``)."""
        return model_of(self)
