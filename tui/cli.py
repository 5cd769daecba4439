"""The ``passfail-tui`` command line (placeholder until the app and subcommands land)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``passfail-tui`` console script."""
    parser = argparse.ArgumentParser(prog="passfail-tui", description=__doc__)
    parser.parse_args(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
