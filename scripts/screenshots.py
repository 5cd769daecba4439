"""Make the README's screenshots: docs/main-screen.svg and docs/math-view.svg at 120x40.

The main screen after f (guess), b (blame), 40 epochs (e) and a fresh guess (f), so the
loss chart has a curve; the math view (key m) after f and b, when the
app has one. Fixed seed and the bundled students, so the same code gives the same SVGs:
run it after changing the screen and commit the SVGs.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.app import KEYS  # noqa: E402
from tui.cli import build_parser  # noqa: E402
from tui.launch import build_app  # noqa: E402

SIZE = (120, 40)
DOCS = ROOT / "docs"


async def shoot(name: str, keys: list[str]) -> Path:
    """Open the app, press ``keys``, save the screen as docs/NAME."""
    args = build_parser().parse_args(["--seed", "0"])
    app = build_app(args)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        app.save_screenshot(name, path=str(DOCS))
    return DOCS / name


def math_key() -> str | None:
    """The key that opens the math view, if the app has one."""
    for key in KEYS:
        if key.action in ("math", "math_view"):
            return key.keys.split(",")[0]
    return None


async def main() -> None:
    DOCS.mkdir(exist_ok=True)
    print(await shoot("main-screen.svg", ["f", "b", *["e"] * 40, "f"]))
    key = math_key()
    if key is None:
        print("no math view in this app yet: docs/math-view.svg not made", file=sys.stderr)
    else:
        print(await shoot("math-view.svg", ["f", "b", key]))


if __name__ == "__main__":
    asyncio.run(main())
