"""Weights pane: every weight and bias, layer by layer, with the change the last update made.

Each weight says its article name (``w1 +0.378``) and each input row its i1 first, as the
picture, ``m`` and the quiz do."""

from __future__ import annotations

from collections.abc import Sequence

from engine.explain import ParameterBlame
from engine.names import node_names, screen_node_names, weight_name
from engine.network import Network, parameter_changes
from tui.widgets.pane import Pane, change, change_text, esc, signed

LABEL = 9
"""Fewest cells for a row's name (a feature or a hidden node); more when the pane has room."""

CELL = 8
"""Cells for one weight (a space, a sign and up to 3.3 digits)."""

DELTA = 6
"""Fewest cells for the change beside it (more for one such as ``▼2.2e-4``, too small for 3
decimals)."""


def layer_titles(n_layers: int) -> list[str]:
    """What each layer of activations is called: inputs, hidden (1, 2, ...), output."""
    n_hidden = n_layers - 2
    hidden = ["hidden"] if n_hidden == 1 else [f"hidden {k}" for k in range(1, n_hidden + 1)]
    return ["inputs", *hidden, "output"]


class WeightsPane(Pane):
    """``z = a · W + b`` for each layer: the weights, their signs, their last change."""

    TITLE = "Weights"

    _shown: tuple[Network, Network | None, tuple[str, ...], Sequence[ParameterBlame] | None]
    _shown = None  # type: ignore[assignment]
    _stale = False

    def on_resize(self) -> None:
        """Names get longer (or shorter) with the pane's width."""
        if self._shown is not None:
            self.show(*self._shown)

    def label_width(
        self, names: list[list[str]], widest_layer: int, delta: int = DELTA, cell: int = CELL
    ) -> int:
        """Cells for row names: whole names when the pane has room; else as many as leave the
        table room (down to 6, ``i1 c…``), at least ``LABEL`` where that fits."""
        longest = max(len("bias"), *(len(name) for layer in names[:-1] for name in layer)) + 1
        room = self.scrollable_content_region.width - widest_layer * (cell + 1 + delta)
        return max(min(LABEL, longest, max(room, 6)), min(longest, room))

    def show(
        self,
        network: Network,
        before: Network | None,
        feature_names: Sequence[str],
        blame: Sequence[ParameterBlame] | None = None,
    ) -> None:
        """``before``: the network before the last update, for the change beside each value;
        ``blame`` (autoplay's blame beat): each parameter's share, shown there instead.
        While the pane is off (the picture shows) the table is written only once it shows
        or is read: a run's redraws would pay for it every frame."""
        self._shown = (network, before, tuple(feature_names), blame)
        self._stale = True
        changed = before is not None and before.layer_sizes == network.layer_sizes
        subtitle = "▲▼ last change" if changed else ""
        self.border_subtitle = "▲▼ share of the blame" if blame is not None else subtitle
        if not self.has_class("-off"):
            self.catch_up()

    @property
    def text(self) -> str:
        """The table as plain text (written first if it is behind)."""
        self.catch_up()
        return super().text

    def catch_up(self) -> None:
        """Write the table for what ``show`` was last handed, if it is not written yet."""
        if not self._stale or self._shown is None:
            return
        self._stale = False
        network, before, feature_names, blame = self._shown
        sizes = network.layer_sizes
        names = screen_node_names(sizes, feature_names)
        names[0] = [f if f == i else f"{i} {f}" for i, f in zip(node_names(sizes)[0], names[0])]
        wide = len(weight_name(sizes, len(sizes) - 2, sizes[-2] - 1, sizes[-1] - 1))
        cell = wide + CELL - 1  # w1 +0.378
        titles = layer_titles(len(sizes))
        if before is not None and before.layer_sizes != sizes:
            before = None
        changes = None if before is None else parameter_changes(before, network)
        shares = {(r.layer, r.row, r.col): r for r in blame or ()}
        if blame is not None:
            changes = None
        delta = DELTA
        if changes is not None:  # as wide as the widest change (▼2.2e-4), at least DELTA
            every = [float(v) for layer in (*changes[0], *changes[1]) for v in layer.flat]
            delta = max(DELTA, *(len(change_text(v)) for v in every))
        width = self.label_width(names, max(sizes[1:]), delta, cell + 1)
        lines: list[str] = []
        for i, (w, b) in enumerate(zip(network.weights, network.biases)):
            n_in, n_out = w.shape
            lines.append(
                f"[b]{titles[i]}[/b] 1x{n_in} · [b]weights[/b] {n_in}x{n_out} → "
                f"[b]{titles[i + 1]}[/b] 1x{n_out}"
            )
            head = " ".join(f"{name:>{cell}} {'':<{delta}}" for name in names[i + 1])
            lines.append(f"[$text-muted]{'':<{width}}{head}[/]")
            dw = None if changes is None else changes[0][i]
            db = None if changes is None else changes[1][i]
            for r in range(n_in):
                label = names[i][r]
                short = label.split(" ")[0]  # i1 alone rather than i1 c…
                cut = label[: width - 2] + "…" if width - 2 > len(short) + 3 else short
                label = label if len(label) < width else cut
                cells = " ".join(
                    f"[$text-muted]{weight_name(sizes, i, r, c):>{wide}}[/] "
                    + signed(float(w[r, c]), width=CELL - 2)
                    + " "
                    + (
                        share(shares[i, r, c], delta)
                        if (i, r, c) in shares
                        else change(None if dw is None else float(dw[r, c]), width=delta)
                    )
                    for c in range(n_out)
                )
                lines.append(f"{esc(label):<{width}}{cells}")
            cells = " ".join(
                signed(float(b[c]), width=cell)
                + " "
                + (
                    share(shares[i, -1, c], delta)
                    if (i, -1, c) in shares
                    else change(None if db is None else float(db[c]), width=delta)
                )
                for c in range(n_out)
            )
            lines.append(f"[i]{'bias':<{width}}[/i]{cells}")
        self.set_text("\n".join(lines))


def share(blamed: ParameterBlame, width: int) -> str:
    """A parameter's share of the blame and the way it will move: ``▲31%`` / ``▼4%``."""
    text = f"{blamed.share:.0%}"
    if blamed.gradient < 0:
        return "[$success]" + f"▲{text}".ljust(width) + "[/]"
    if blamed.gradient > 0:
        return "[$error]" + f"▼{text}".ljust(width) + "[/]"
    return "[$text-muted]" + f"={text}".ljust(width) + "[/]"
