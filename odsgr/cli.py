"""Command line: ``python -m odsgr <command> ...``.

Exit codes: 0 success, 2 bad input or refused action (one clear line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence

from tqdm import tqdm

from odsgr import evaluate
from odsgr.config import Settings
from odsgr.errors import OdsgrError
from odsgr.service import Service

EXIT_BAD_INPUT = 2


def _print_json(payload: object) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def _progress_bar(description: str) -> tuple[Callable[[float, str], None], tqdm]:
    bar = tqdm(
        total=100,
        desc=description,
        unit="%",
        file=sys.stderr,
        leave=False,
        disable=not sys.stderr.isatty(),
    )

    def update(fraction: float, message: str) -> None:
        bar.set_description(message)
        bar.update(max(0, round(fraction * 100) - bar.n))

    return update, bar


def cmd_train(service: Service, args: argparse.Namespace) -> int:
    update, bar = _progress_bar("Entrenando")
    with bar:
        summary = service.train(
            paths=args.data,
            validation_path=args.validation,
            text_column=args.text_column,
            label_column=args.label_column,
            progress=update,
        )
    _print_json(summary)
    return 0


def cmd_evaluate(service: Service, args: argparse.Namespace) -> int:
    metrics = service.evaluate(
        args.data,
        version=args.version,
        text_column=args.text_column,
        label_column=args.label_column,
    )
    if args.json:
        _print_json(metrics)
    else:
        print(evaluate.comparison_table(metrics, metrics).iloc[:, :2].to_string(index=False))
        print()
        print(evaluate.per_class_table(metrics).to_string(index=False))
        print()
        print(evaluate.confusion_table(metrics).to_string())
    return 0


def cmd_predict(service: Service, args: argparse.Namespace) -> int:
    update, bar = _progress_bar("Clasificando")
    with bar:
        path = service.predict_file(
            args.input, args.output, text_column=args.text_column, progress=update
        )
    print(f"Predicciones escritas en {path}")
    return 0


def cmd_versions(service: Service, args: argparse.Namespace) -> int:
    rows = service.versions()
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print("No hay versiones todavía. Entrene una con: python -m odsgr train --data ARCHIVO")
    for row in rows:
        marker = "*" if row["current"] else " "
        f1 = f"{row['f1_macro']:.4f}" if row["f1_macro"] is not None else "—"
        print(
            f"{marker} {row['version']:>5}  {row['created_at']}  estrategia={row['strategy']}  "
            f"padre={row['parent'] or '—'}  filas={row['train_rows']}  F1={f1}"
        )
    return 0


def cmd_rollback(service: Service, args: argparse.Namespace) -> int:
    _print_json(service.rollback(args.version, actor="cli"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m odsgr``."""
    parser = argparse.ArgumentParser(
        prog="python -m odsgr",
        description="odsgr: clasifica textos ciudadanos en español según los ODS.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="mostrar registros (logging)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMANDO")

    def command(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--home",
            help="directorio con models/ y data/ (por defecto $ODSGR_HOME "
            "o la raíz del repositorio)",
        )
        sub.set_defaults(handler=handler)
        return sub

    def columns(sub: argparse.ArgumentParser, label: bool = True) -> None:
        sub.add_argument("--text-column", help="columna de texto (por defecto se detecta)")
        if label:
            sub.add_argument("--label-column", help="columna de etiqueta (por defecto se detecta)")

    train = command("train", cmd_train, "entrena una versión nueva y la hace actual")
    train.add_argument(
        "--data",
        action="append",
        required=True,
        metavar="ARCHIVO",
        help="archivo etiquetado (CSV, XLSX, XLS, JSON, JSONL, Parquet); repetible",
    )
    train.add_argument(
        "--validation",
        metavar="ARCHIVO",
        help="archivo que reemplaza el conjunto de validación fijo",
    )
    columns(train)

    ev = command("evaluate", cmd_evaluate, "evalúa la versión actual (u otra) con un archivo")
    ev.add_argument("--data", required=True, metavar="ARCHIVO", help="archivo etiquetado")
    ev.add_argument("--version", help="versión a evaluar (por defecto la actual)")
    ev.add_argument("--json", action="store_true", help="salida JSON")
    columns(ev)

    pr = command("predict", cmd_predict, "clasifica cada fila de un archivo")
    pr.add_argument("--input", required=True, metavar="ARCHIVO", help="archivo de textos")
    pr.add_argument("--output", required=True, metavar="ARCHIVO", help="salida .csv o .xlsx")
    columns(pr, label=False)

    versions = command("versions", cmd_versions, "lista las versiones del modelo")
    versions.add_argument("--json", action="store_true", help="salida JSON")

    rollback = command("rollback", cmd_rollback, "vuelve a una versión anterior")
    rollback.add_argument("version", help="versión a la que volver, p. ej. v3")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    service = Service(Settings.from_env(args.home))
    try:
        return args.handler(service, args)
    except OdsgrError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        print(f"error: no se puede abrir {error.filename}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
