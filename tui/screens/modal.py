"""The base of every modal here: one that can only be dismissed once.

Textual's ``dismiss`` pops whatever screen is on top. A second Enter or Escape that was
already queued when the first one closed the modal would pop the screen beneath it (or,
over the simulator, fail with ``ScreenStackError``). Once a modal is no longer the active
screen, dismissing it again does nothing.
"""

from __future__ import annotations

from typing import TypeVar, cast

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

from tui.screens.latest_size import LatestSizeOnly

ResultT = TypeVar("ResultT")


class OnceModal(LatestSizeOnly, ModalScreen[ResultT]):
    """A ModalScreen whose ``dismiss`` is a no-op once it has left the top of the stack."""

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """Close with ``result``, unless this screen was already closed (a key burst)."""
        if not self.is_active:
            return cast(AwaitComplete, AwaitComplete.nothing())  # type: ignore[no-untyped-call]
        return super().dismiss(result)
