"""Worst-case cost of the personal-data masker on hostile 20,000-character texts.

Issue 12 asks masking to stay linear: at most 10 ms per 20,000-character text whatever its
content. Each pattern below is repeated to 20,000 characters; the figure is the best of
``--repeats`` runs in CPU time (``time.process_time``, steadier than wall time on a shared
machine), with plain prose as the baseline.

    python benchmarks/masking_speed.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from odsgr.privacy import mask_personal_data  # noqa: E402

LENGTH = 20_000
PATTERNS = {
    "prose": "La comunidad del barrio pide agua potable, alumbrado y mejores vías. ",
    "name-dash": "Ana-",
    "names": "Sra. Ana, ",
    "capitalised words": "Juan Pérez Gómez ",
    "phones": "3104567890 ",
    "spaced phones": "310 456 7890 ",
    "international phones": "+57 310 456 7890 ",
    "cédulas": "CC 52345678 ",
    "cédulas glued": "CC52345678",
    "dotted ids": "52'345.678 ",
    "e-mails": "a@b.co ",
    "long e-mail": "nombre.apellido@dominio.gov.co ",
    "urls": "https://x.co/a ",
    "whatsapp links": "wa.me/573104567890 ",
    "digits": "1234567890",
    "at signs": "@@@@ ",
    "mixed": "Ana 3104567890 a@b.co CC 52345678 ",
}


def best_cpu_ms(text: str, repeats: int) -> float:
    """Best CPU time of ``repeats`` maskings of ``text``, in milliseconds."""
    times = []
    for _ in range(repeats):
        started = time.process_time()
        mask_personal_data(text)
        times.append(time.process_time() - started)
    return 1000 * min(times)


def main() -> None:
    """Print one row per pattern and the worst figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    mask_personal_data("Ana Gómez")  # compile the patterns outside the timings
    rows = []
    for name, unit in PATTERNS.items():
        text = (unit * (LENGTH // len(unit) + 1))[:LENGTH]
        rows.append((name, best_cpu_ms(text, args.repeats)))
    print(f"| pattern ({LENGTH:,} characters) | best of {args.repeats}, CPU ms |")
    print("|---|---|")
    for name, ms in rows:
        print(f"| {name} | {ms:.1f} |")
    worst = max(rows, key=lambda row: row[1])
    print(f"\nworst: {worst[0]} {worst[1]:.1f} ms (goal ≤ 10 ms)")


if __name__ == "__main__":
    main()
