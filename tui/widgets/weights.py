"""Weights pane: every weight and bias, layer by layer, with the change the last update made."""

from __future__ import annotations

from collections.abc import Sequence

from engine.network import Network
from tui.widgets.pane import Pane, change, esc, signed

LABEL = 9
"""Cells for a row's name (a feature or a hidden node)."""

CELL = 8
"""Cells for one weight (a space, a sign and up to 3.3 digits)."""

DELTA = 6
"""Cells for the change beside it."""


def node_names(layer_sizes: Sequence[int], feature_names: Sequence[str]) -> list[list[str]]:
    """Names of every layer's nodes: the features, h1 h2 (h1.1 ... with more hidden layers), out."""
    names = [list(feature_names)]
    hidden = layer_sizes[1:-1]
    for k, size in enumerate(hidden, 1):
        prefix = "h" if len(hidden) == 1 else f"h{k}."
        names.append([f"{prefix}{j}" for j in range(1, size + 1)])
    outs = layer_sizes[-1]
    names.append(["out"] if outs == 1 else [f"out{j}" for j in range(1, outs + 1)])
    return names


def layer_titles(n_layers: int) -> list[str]:
    """What each layer of activations is called: inputs, hidden (1, 2, ...), output."""
    n_hidden = n_layers - 2
    hidden = ["hidden"] if n_hidden == 1 else [f"hidden {k}" for k in range(1, n_hidden + 1)]
    return ["inputs", *hidden, "output"]


class WeightsPane(Pane):
    """``z = a · W + b`` for each layer: the weights, their signs, their last change."""

    TITLE = "Weights"

    def show(self, network: Network, before: Network | None, feature_names: Sequence[str]) -> None:
        """``before``: the network before the last update, for the change beside each value."""
        sizes = network.layer_sizes
        names = node_names(sizes, feature_names)
        titles = layer_titles(len(sizes))
        if before is not None and before.layer_sizes != sizes:
            before = None
        lines: list[str] = []
        for i, (w, b) in enumerate(zip(network.weights, network.biases)):
            n_in, n_out = w.shape
            lines.append(
                f"[b]{titles[i]}[/b] 1x{n_in} · [b]weights[/b] {n_in}x{n_out} → "
                f"[b]{titles[i + 1]}[/b] 1x{n_out}"
            )
            head = "".join(f"{name:>{CELL}} {'':<{DELTA}}" for name in names[i + 1])
            lines.append(f"[$text-muted]{'':<{LABEL}}{head}[/]")
            dw = None if before is None else w - before.weights[i]
            db = None if before is None else b - before.biases[i]
            for r in range(n_in):
                label = names[i][r]
                label = label if len(label) < LABEL else label[: LABEL - 2] + "…"
                cells = "".join(
                    signed(float(w[r, c]), width=CELL)
                    + " "
                    + change(None if dw is None else float(dw[r, c]), width=DELTA)
                    for c in range(n_out)
                )
                lines.append(f"{esc(label):<{LABEL}}{cells}")
            cells = "".join(
                signed(float(b[c]), width=CELL)
                + " "
                + change(None if db is None else float(db[c]), width=DELTA)
                for c in range(n_out)
            )
            lines.append(f"[i]{'bias':<{LABEL}}[/i]{cells}")
        self.border_subtitle = "▲▼ last change" if before is not None else ""
        self.set_text("\n".join(lines))
