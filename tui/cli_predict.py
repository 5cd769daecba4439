"""``passfail-tui predict``: probability and verdict for each of this year's students."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tui.cli_parser import EXIT_OK


def _prediction_dict(r: Any) -> dict[str, Any]:
    return {
        "student": r.student,
        "probability": r.probability if r.predicted else None,
        "prediction": r.prediction if r.predicted else None,
        "verdict": r.verdict if r.predicted else None,
        "confidence": r.confidence if r.predicted else None,
        **({"reason": r.reason} if r.reason else {}),
    }


def run_predict(args: argparse.Namespace) -> int:
    """``passfail-tui predict``: probability and verdict for each of this year's students."""
    from engine.data import DataError, load_dataset
    from engine.model_file import load_model
    from engine.predict import (
        predict_rows,
        replaced_note,
        untrained_warning,
        write_predictions,
    )
    from engine.safe_write import Occupied
    from tui.cli_gradebook import predict_path

    model = load_model(args.model)
    path = predict_path(model, args.data, model_path=args.model)
    data = load_dataset(path, None, model.feature_names, max_mb=args.max_csv_mb, missing="keep")
    rows = predict_rows(model, data, uncertain=args.uncertain)
    caveat = (
        f"Caveat: this model learned from {model.n_train} past students; each probability is "
        f"its best guess from grades alone, not a certainty (uncertain: within "
        f"{args.uncertain:g} of 0.5)."
    )
    notes = replaced_note(data)  # predicting from its own output replaces those columns
    warning = untrained_warning(model, str(args.model))
    if warning is not None:  # predict_rows calls no verdict of random weights confident
        caveat = "Caveat: this model has learned nothing yet; each probability is a guess."
        print(f"warning: {warning}", file=sys.stderr)
    if args.out:  # never over the CSV read, the model, its training data or a non-file
        try:  # nor over another file, unless --force
            write_predictions(args.out, data, rows, [args.model], model.data, args.force)
        except Occupied as exc:
            raise DataError(f"{exc.reason}, or --force to replace it", args.out) from None
    if args.json:
        print(
            json.dumps(
                {
                    "model": str(args.model),
                    "data": str(path),
                    "n_train": model.n_train,
                    "features": list(model.feature_names),
                    "caveat": caveat,
                    **({"warning": warning} if warning is not None else {}),
                    "out": None if not args.out else str(args.out),
                    "notes": list(notes),
                    "predictions": [_prediction_dict(r) for r in rows],
                }
            )
        )
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for note in notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    table = Table(show_edge=False)
    table.add_column("student")
    table.add_column("probability of passing", justify="right")
    table.add_column("verdict")
    table.add_column("confidence")
    for r in rows:
        if r.predicted:
            table.add_row(r.student, f"{r.probability:.1%}", r.verdict, r.confidence)
        else:
            table.add_row(r.student, "-", "", r.reason)
    console.print(table, highlight=False)
    console.print(caveat, highlight=False)
    if args.out:
        console.print(f"Wrote {len(rows)} predictions to {args.out}", highlight=False)
    return EXIT_OK
