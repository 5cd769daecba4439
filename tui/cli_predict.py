"""``passfail-tui predict``: probability and verdict for each of this year's students."""

from __future__ import annotations

import argparse
import json

from tui.cli_parser import EXIT_OK


def run_predict(args: argparse.Namespace) -> int:
    """``passfail-tui predict``: probability and verdict for each of this year's students."""
    from engine.data import bundled_path, load_dataset
    from engine.model_file import load_model
    from engine.predict import predict_rows, write_predictions

    model = load_model(args.model)
    path = args.data or bundled_path("current_year.csv")
    data = load_dataset(path, None, model.feature_names, max_mb=args.max_csv_mb)
    rows = predict_rows(model, data)
    caveat = (
        f"Caveat: this model learned from {model.n_train} past students; each probability is "
        "its best guess from grades alone, not a certainty."
    )
    if args.out:  # never over the CSV read, the model or anything not a file (safe_write)
        write_predictions(args.out, data, rows, [args.model])
    if args.json:
        print(
            json.dumps(
                {
                    "model": str(args.model),
                    "data": str(path),
                    "n_train": model.n_train,
                    "caveat": caveat,
                    "out": None if not args.out else str(args.out),
                    "predictions": [
                        {
                            "student": r.student,
                            "probability": r.probability,
                            "prediction": r.prediction,
                            "verdict": r.verdict,
                        }
                        for r in rows
                    ],
                }
            )
        )
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for note in data.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    table = Table(show_edge=False)
    table.add_column("student")
    table.add_column("probability of passing", justify="right")
    table.add_column("verdict")
    for r in rows:
        table.add_row(r.student, f"{r.probability:.1%}", r.verdict)
    console.print(table)
    console.print(caveat, highlight=False)
    if args.out:
        console.print(f"Wrote {len(rows)} predictions to {args.out}", highlight=False)
    return EXIT_OK
