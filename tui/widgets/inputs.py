"""Inputs pane: the current student, their grades as read and as the network sees them."""

from __future__ import annotations

from collections.abc import Sequence

from tui.widgets.pane import Pane, esc


def scale_heading(method: str) -> str:
    """The scaled column's heading, in its 6 characters: "std" for standard scaling."""
    return {"standard": "std"}.get(method, method)


class InputsPane(Pane):
    """Who the network is looking at: name, where they stand (``student 7 of 480 training``),
    each feature, the outcome."""

    TITLE = "Inputs"

    def show(
        self,
        name: str,
        position: str,
        number: int,
        training: bool,
        features: Sequence[tuple[str, float, float]],
        actual: str,
        scale: str,
    ) -> None:
        """``position``: ``student 7 of 480 training`` (live counts); ``number``: the file's
        own number of the student; ``features``: (name, raw value, scaled value) per feature."""
        colour = "$success" if training else "$warning"
        where = esc(position).replace("training", f"[{colour}]training[/]")
        where = where.replace("held-out", f"[{colour}]held-out[/]")
        named = [
            (f if f == f"i{k}" else f"i{k} {f}", raw, x)
            for k, (f, raw, x) in enumerate(features, 1)
        ]
        width = max((len(f) for f, _, _ in named), default=7)  # i1 first, as the picture says
        width = min(max(width, 7), 18)
        lines = [
            f"[b]{esc(name)}[/b]"
            + ("" if name == f"student {number}" else f" [$text-muted]#{number} in the file[/]"),
            where,
            f"[$text-muted]{'feature':<{width}} {'raw':>6} {scale_heading(scale):>6}[/]",
        ]
        for feature, raw, scaled in named:
            label = feature if len(feature) <= width else feature[: width - 1] + "…"
            lines.append(f"{esc(label):<{width}} {raw:>6.4g} {scaled:>6.3f}")
        lines.append(f"actual outcome: [b]{esc(actual)}[/b]")
        self.border_subtitle = "" if training else "held-out: never learned from"
        self.set_text("\n".join(lines))
