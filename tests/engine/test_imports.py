"""The engine must stay free of user-interface libraries, so headless tools start fast."""

import subprocess
import sys


def test_engine_imports_no_ui_library() -> None:
    code = (
        "import sys, engine, engine.network, engine.data, engine.model_file\n"
        "bad = [m for m in ('textual', 'plotext', 'rich', 'textual_plotext') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
