"""Command line: ``python -m odsgr <command> ...``.

Exit codes: 0 success, 2 bad input or refused action (one clear line on stderr, no traceback),
130 cancelled with Ctrl-C (``augment`` resumes from its checkpoint when run again).
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from odsgr import batch, data, evaluate
from odsgr.config import Settings
from odsgr.errors import DataError, OdsgrError
from odsgr.results import RetrainSummary, TrainSummary
from odsgr.service import Service

EXIT_BAD_INPUT = 2
EXIT_CANCELLED = 130


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
    _print_json(summary.to_dict())
    _print_intake(summary)
    return 0


def _print_intake(summary: TrainSummary | RetrainSummary) -> None:
    """One Spanish line on stderr: what the rows read became (the JSON is on stdout)."""
    intake = summary.intake
    print(
        f"Filas leídas: {intake.rows_read} · textos nuevos: {intake.new_texts} · ya "
        f"guardados: {intake.already_stored} · reetiquetados: {intake.relabelled} · "
        f"conflictos: {intake.conflicts} · descartadas: {intake.dropped} · "
        f"validación: {summary.validation_rows} textos",
        file=sys.stderr,
    )


def cmd_evaluate(service: Service, args: argparse.Namespace) -> int:
    metrics = service.evaluate(
        args.data,
        version=args.version,
        text_column=args.text_column,
        label_column=args.label_column,
    )
    if args.json:
        _print_json(metrics)
        return 0
    if metrics.get("warning"):
        print(f"Aviso: {metrics['warning']}", file=sys.stderr)
    print(evaluate.metrics_table(metrics).to_string(index=False))
    print()
    print(evaluate.per_class_table(metrics).to_string(index=False))
    print()
    print(evaluate.confusion_table(metrics).to_string())
    unseen, overlap = metrics.get("unseen_metrics"), metrics["overlap"]
    if unseen and overlap["in_history"]:
        print()
        print(
            f"Solo los {overlap['rows'] - overlap['in_history']} textos que no están en el "
            f"historial: F1 macro {unseen['f1_macro']:.4f} · exactitud {unseen['accuracy']:.4f}"
        )
    return 0


def cmd_predict(service: Service, args: argparse.Namespace) -> int:
    if args.chunk_rows is not None and args.chunk_rows < 1:
        raise DataError("--chunk-rows debe ser al menos 1.")
    if args.workers is not None and args.workers < 1:
        raise DataError("--workers debe ser al menos 1.")
    if args.engine == "local" and args.scheduler:
        raise DataError("--scheduler solo se usa con --engine dask.")
    options = batch.BatchOptions(
        text_column=args.text_column,
        workers=args.workers,
        chunk_rows=args.chunk_rows or batch.DEFAULT_CHUNK_ROWS,
        enforce_limits=False,
        scheduler=args.scheduler,
    )
    update, bar = _progress_bar("Clasificando")
    with bar:
        if args.engine == "dask":
            path = service.predict_dataset(args.input, args.output, options, progress=update)
        else:
            path = service.predict_file(args.input, args.output, options, progress=update)
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
    _print_json(service.rollback(args.version, actor="cli", force=args.force))
    return 0


def cmd_push(service: Service, args: argparse.Namespace) -> int:
    _print_json(service.publish_to_hub(args.version))
    return 0


def cmd_pull(service: Service, args: argparse.Namespace) -> int:
    pulled = service.pull_from_hub(args.version, force=args.force)
    _print_json({"version": pulled.version, "current": service.current_version_id()})
    return 0


def cmd_deploy(service: Service, args: argparse.Namespace) -> int:
    print(service.deploy_space(args.space, private=args.private))
    return 0


def cmd_retrain(service: Service, args: argparse.Namespace) -> int:
    update, bar = _progress_bar("Reentrenando")
    with bar:
        summary = service.retrain(
            paths=args.data,
            strategy=args.strategy,
            window=args.window,
            window_days=args.window_days,
            force=args.force,
            text_column=args.text_column,
            label_column=args.label_column,
            progress=update,
            actor="cli",
        )
    _print_json(summary.to_dict())
    _print_intake(summary)
    return 0


REJECTION_NAMES = {
    "empty": "vacíos",
    "not_spanish": "no en español",
    "length": "longitud fuera de rango",
    "model_disagrees": "el modelo actual discrepa",
    "near_duplicate": "casi duplicados",
}


def _print_augment_report(report: dict, output: str | None) -> None:
    def table(records: list[dict]) -> str:
        return pd.DataFrame(records).to_string(index=False)

    print(
        f"Método: {report['method']}  (proporción objetivo {report['ratio']:g}, "
        f"semilla {report['seed']})"
    )
    print()
    print("Equilibrio de clases" + (" previsto" if report.get("dry_run") else ""))
    print(table(report["class_balance"]))
    print()
    if report.get("dry_run"):
        tokens = report["tokens"]
        print(
            f"Estimación: {report['requests']['estimated']} peticiones, unos "
            f"{tokens['prompt']} tokens de entrada + {tokens['completion']} de salida "
            f"= {tokens['total']}. No se ha llamado a ningún modelo ni escrito nada."
        )
        return
    if report.get("comparison"):
        validation = report["validation"]
        origin = (
            "conjunto de validación fijo del directorio"
            if validation["origin"] == "home"
            else "separados del archivo, estratificados"
        )
        print(
            f"Métricas en validación ({validation['rows']} textos reales, {origin}); modelo "
            f"entrenado con {validation['train_rows_before']} textos antes y "
            f"{validation['train_rows_after']} después"
        )
        print(table(report["comparison"]))
        print()
    texts, requests, tokens = report["texts"], report["requests"], report["tokens"]
    rejected = sum(texts["rejected"].values())
    reasons = ", ".join(
        f"{REJECTION_NAMES.get(reason, reason)} {count}"
        for reason, count in texts["rejected"].items()
    )
    print(
        f"Textos sintéticos: {texts['generated']} generados, {texts['accepted']} aceptados, "
        f"{rejected} rechazados ({reasons})."
    )
    print(
        f"Peticiones: {requests['made']} hechas, {requests['cached']} desde la caché, "
        f"{requests['resumed']} reanudadas, {requests['failed']} fallidas. Tokens: "
        f"{tokens['prompt']} de entrada + {tokens['completion']} de salida = {tokens['total']}."
    )
    for error in report["errors"]:
        print(f"Aviso: {error}")
    if output:
        print(
            f"Escrito {output}: {report['input_rows']} filas de entrada + "
            f"{report['synthetic_rows']} sintéticas."
        )


def cmd_augment(service: Service, args: argparse.Namespace) -> int:
    if Path(args.output).suffix.lower() not in (".csv", ".xlsx"):
        raise DataError(f"Solo se puede guardar en .csv o .xlsx, no en «{Path(args.output).name}».")
    cancel = threading.Event()

    def on_interrupt(_signum: int, _frame: object) -> None:
        cancel.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        print(
            "\nCancelando tras la petición en curso (Ctrl-C otra vez para salir ya)…",
            file=sys.stderr,
        )

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, on_interrupt)
    update, bar = _progress_bar("Aumentando")
    try:
        with bar:
            frame, report = service.augment(
                args.data,
                ratio=args.ratio,
                seed=args.seed,
                model_name=args.model,
                base_url=args.base_url,
                dry_run=args.dry_run,
                progress=update,
                cancel=cancel,
                text_column=args.text_column,
                label_column=args.label_column,
            )
    except KeyboardInterrupt:
        report = {"cancelled": True}
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if report.get("cancelled"):
        print(
            "Aumento cancelado; no se escribió nada. Repita el mismo comando para reanudar "
            "desde el punto de control.",
            file=sys.stderr,
        )
        return EXIT_CANCELLED
    output = None
    if not args.dry_run:
        output = str(data.write_table(frame, args.output))
        report["output"] = output
    if args.json:
        _print_json(report)
    else:
        _print_augment_report(report, output)
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
        help="archivo etiquetado (CSV, XLSX, XLS, JSON, JSONL, Parquet) o conjunto del Hub "
        "hub:org/nombre[@revisión]; repetible",
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
    pr.add_argument(
        "--output",
        required=True,
        metavar="ARCHIVO",
        help="salida .csv o .xlsx (con --engine dask, otra ruta = carpeta de partes Parquet)",
    )
    columns(pr, label=False)
    pr.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: esta máquina, por bloques y en varios procesos (por defecto); dask: un "
        "conjunto CSV/Parquet (archivo, patrón glob o carpeta de partes) en un clúster dask",
    )
    pr.add_argument(
        "--scheduler",
        metavar="DIRECCIÓN",
        help="planificador dask, p. ej. tcp://host:8786 (por defecto, un clúster local)",
    )
    pr.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="procesos (local) o trabajadores del clúster local dask (por defecto, los núcleos)",
    )
    pr.add_argument(
        "--chunk-rows",
        type=int,
        metavar="N",
        help=f"filas por bloque con --engine local (por defecto {batch.DEFAULT_CHUNK_ROWS})",
    )

    versions = command("versions", cmd_versions, "lista las versiones del modelo")
    versions.add_argument("--json", action="store_true", help="salida JSON")

    rollback = command("rollback", cmd_rollback, "vuelve a una versión anterior")
    rollback.add_argument("version", help="versión a la que volver, p. ej. v3")
    rollback.add_argument(
        "--force",
        action="store_true",
        help="volver también a una versión rechazada, descartada o de demostración",
    )

    rt = command(
        "retrain",
        cmd_retrain,
        "entrena una versión candidata con datos nuevos; se promueve si pasa el control de "
        "calidad (o con --force)",
    )
    rt.add_argument(
        "--data", action="append", required=True, metavar="ARCHIVO", help="archivo etiquetado"
    )
    rt.add_argument(
        "--strategy",
        choices=("batch", "incremental", "window"),
        default="batch",
        help="batch: todo el historial + nuevos; incremental: actualiza el modelo solo con las "
        "filas nuevas; window: solo las filas recientes",
    )
    rt.add_argument("--window", type=int, metavar="N", help="window: las últimas N filas")
    rt.add_argument(
        "--window-days", type=float, metavar="D", help="window: las filas de los últimos D días"
    )
    rt.add_argument(
        "--force",
        action="store_true",
        help="promover la candidata aunque el control de calidad la rechace",
    )
    columns(rt)

    au = command(
        "augment",
        cmd_augment,
        "equilibra las clases con textos sintéticos (LLM o recombinación sin conexión)",
    )
    au.add_argument("--data", required=True, metavar="ARCHIVO", help="archivo etiquetado")
    au.add_argument(
        "--output",
        required=True,
        metavar="ARCHIVO",
        help="salida .csv o .xlsx: filas de entrada + sintéticas (columna synthetic)",
    )
    au.add_argument(
        "--ratio",
        type=float,
        default=0.8,
        help="cada ODS llega a esta fracción del mayoritario (por defecto 0.8)",
    )
    au.add_argument("--model", help="modelo de chat (por defecto $ODSGR_LLM_MODEL o gpt-4o-mini)")
    au.add_argument(
        "--base-url",
        help="endpoint compatible con OpenAI (por defecto $OPENAI_BASE_URL); sin endpoint ni "
        "$OPENAI_API_KEY se usa la recombinación sin conexión",
    )
    au.add_argument("--seed", type=int, help="semilla (por defecto $ODSGR_SEED o 42)")
    au.add_argument(
        "--dry-run", action="store_true", help="solo estima peticiones y tokens; no escribe nada"
    )
    au.add_argument("--json", action="store_true", help="informe en JSON")
    columns(au)

    push = command("push", cmd_push, "publica la versión actual (u otra) y sus datos en el Hub")
    push.add_argument("--version", help="versión a publicar (por defecto la actual)")
    pull = command("pull", cmd_pull, "trae del Hub la versión «current» (u otra) y la hace actual")
    pull.add_argument("--version", help="versión a traer, p. ej. v3 (por defecto «current»)")
    pull.add_argument(
        "--force",
        action="store_true",
        help="hacer actual también una versión rechazada, descartada o de demostración",
    )
    deploy = command("deploy", cmd_deploy, "crea o actualiza el Space de la aplicación")
    deploy.add_argument("--space", required=True, metavar="ORG/NOMBRE", help="id del Space")
    deploy.add_argument("--private", action="store_true", help="Space privado")
    return parser


def _flags_of(error: OdsgrError) -> str:
    """The CLI flags of the options an error names, e.g. `` (opciones: --window)``."""
    options = getattr(error, "options", ())
    if not options:
        return ""
    return " (opciones: " + ", ".join("--" + name.replace("_", "-") for name in options) + ")"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    # No tqdm monitor thread: with it the CLI looks like a threaded server, which scores files
    # in one process (batch.predict_file) and fits in a child process (train._fit).
    tqdm.monitor_interval = 0
    try:
        service = Service(Settings.from_env(args.home))
        return args.handler(service, args)
    except OdsgrError as error:
        print(f"error: {error}{_flags_of(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        print(f"error: no se puede abrir {error.filename}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:  # disk full, I/O error: writes are atomic, nothing half-done stays
        where = f" en {error.filename}" if error.filename else ""
        print(f"error de entrada/salida{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
