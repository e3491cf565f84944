"""Is a text Spanish, and is it language at all? A thin layer over ``py3langid``.

odsgr only classifies Spanish texts, so it warns about (and, when generating synthetic data,
rejects) texts in other languages and texts that are not language: digits, emoji, keyboard
mashing, *lorem ipsum*. ``py3langid`` (a maintained fork of langid.py: naive Bayes over byte
n-grams, 4.5 MB, offline) was chosen over ``lingua-language-detector`` (96 MB installed, 44 s to
preload its models, ~15× slower per text) for the same verdict on the test and reference texts
(see ``benchmarks/scope.md``). Mojibake is repaired before identification, so
``educaciÃ³n`` reads as Spanish; missing accents and spelling mistakes do not change the verdict.

The identifier costs about a millisecond per text, so batch paths use it only for the texts that
:func:`odsgr.model.score` cannot vouch for (see ``model.LANGUAGE_CHECK``).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import ftfy

from odsgr import storage

if TYPE_CHECKING:
    import numpy as np

SPANISH = "es"
NOT_LANGUAGE = "zxx"  # py3langid's (and ISO 639-2's) code for "no linguistic content"
MIN_SPANISH_PROBABILITY = 0.5
"""Least probability of Spanish (among the languages py3langid knows) to call a text Spanish."""

MIN_LETTERS = 20
"""Texts with fewer letters are too short to identify: only a text without letters is judged."""

MAX_CHARS = 300
"""Only the beginning of a text is identified: its cost grows with length, its verdict does not."""

NOT_SPANISH_WARNING = (
    "El texto no parece estar en español; el modelo solo conoce textos en español y la "
    "predicción es poco fiable."
)
NOT_LANGUAGE_WARNING = (
    "El texto no parece lenguaje natural (números, símbolos, emojis o letras al azar); la "
    "predicción no tiene sentido."
)

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_VOWELS = frozenset("aeiouáéíóúüàèìòùâêîôûyæœ")
_identifier = None
_identifier_lock = threading.Lock()


@dataclass(frozen=True)
class LanguageCheck:
    """The verdict on one text: language code, probability of Spanish and the warning, if any."""

    language: str
    spanish_probability: float
    warning: str | None

    @property
    def is_spanish(self) -> bool:
        """Whether the text is Spanish (or too short to tell)."""
        return self.warning is None


def _get_identifier():  # noqa: ANN202 - py3langid has no type hints
    """The py3langid identifier with normalised probabilities, loaded once per process."""
    global _identifier
    if _identifier is None:
        with _identifier_lock:
            if _identifier is None:
                _identifier = _load_identifier()
    return _identifier


def cache_dir() -> Path:
    """Where odsgr keeps files it can rebuild: ``$XDG_CACHE_HOME/odsgr`` (``~/.cache/odsgr``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "odsgr"


def _load_identifier():  # noqa: ANN202 - py3langid has no type hints
    """py3langid's own model, read from an unpacked copy in :func:`cache_dir`.

    The package ships its model LZMA-compressed: unpacking it costs ~0.5 CPU s, as much as
    classifying 5,000 texts, in every process that meets one text the fast path cannot vouch
    for. The first such process also saves the unpacked arrays (68 MB, in a folder named after
    the package's model file, so an upgrade makes a new copy); later ones map them from disk in
    milliseconds and read only the pages they use. The arrays are the same, so the verdicts are
    too. Without a writable cache folder the model is unpacked each time.
    """
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    source = MODEL_DIR / MODEL_FILE
    stat = source.stat()
    folder = cache_dir() / f"py3langid-{stat.st_size}-{stat.st_mtime_ns}"
    try:
        arrays = {
            name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
            for name in _MODEL_ARRAYS
        }
    except (OSError, ValueError):
        arrays = _unpack_model(source)
        with contextlib.suppress(OSError):
            _save_model(folder, arrays)
    return LanguageIdentifier(
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        _as_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(),
        norm_probs=True,
        tk_row=_as_array(arrays["nextmove_row"]),
    )


_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _save_model(folder: Path, arrays: dict) -> None:
    """Write ``arrays`` as ``.npy`` files into ``folder``, all or nothing (first writer wins)."""
    import numpy as np

    with storage.atomic_dir(folder) as building:  # OSError when another process got there first
        for name, values in arrays.items():
            with open(building / f"{name}.npy", "wb") as handle:
                np.save(handle, values, allow_pickle=False)


def _unpack_model(source: Path) -> dict:
    """The arrays of py3langid's compressed model file (the layout ``modelio.load_model`` reads)."""
    import lzma

    import numpy as np

    with tempfile.TemporaryFile(suffix=".npz") as unpacked:
        with lzma.open(source) as packed:
            shutil.copyfileobj(packed, unpacked, length=1 << 20)
        unpacked.seek(0)
        with np.load(unpacked, allow_pickle=False) as model:
            return {name: model[name] for name in _MODEL_ARRAYS}


# Item size in bytes → the memoryview format of an unsigned integer of that size.
_TYPECODES: dict[int, Literal["H", "I", "L"]] = {2: "H", 4: "I", 8: "L"}


def _as_array(values: np.ndarray) -> memoryview:
    """An unsigned integer NumPy array as the flat sequence of ints py3langid's DFA walk indexes.

    A view, not a copy: mapped from the cache, only the pages the texts visit are read.
    """
    return values.data.cast("B").cast(_TYPECODES[values.dtype.itemsize])


def _looks_like_words(text: str) -> bool:
    """Whether the Latin-script words of ``text`` have vowels (keyboard mashing does not).

    Texts in other scripts are left to the identifier.
    """
    words = [w for w in _WORD.findall(text.lower()) if max(w) <= "\u024f"]
    if not words:
        return True
    voiced = sum(1 for word in words if any(c in _VOWELS for c in word) and len(set(word)) > 1)
    return voiced / len(words) >= 0.5


def check(text: str) -> LanguageCheck:
    """Identify the language of ``text``.

    Args:
        text: any text.

    Returns:
        A :class:`LanguageCheck`; ``warning`` is ``NOT_LANGUAGE_WARNING`` for texts without
        language (no letters, emoji, digits, letters at random, Latin filler),
        ``NOT_SPANISH_WARNING`` for other languages and ``None`` for Spanish and for texts too
        short to identify.
    """
    text = str(text)[:MAX_CHARS]
    if "Ã" in text or "Â" in text:
        text = ftfy.fix_text(text)
    letters = len(_LETTER.findall(text))
    if letters == 0 or (letters >= MIN_LETTERS and not _looks_like_words(text)):
        return LanguageCheck(NOT_LANGUAGE, 0.0, NOT_LANGUAGE_WARNING)
    if letters < MIN_LETTERS:
        return LanguageCheck("unknown", 0.0, None)
    ranking = _get_identifier().rank(text)
    language = ranking[0][0]
    spanish = next((float(p) for code, p in ranking if code == SPANISH), 0.0)
    if spanish >= MIN_SPANISH_PROBABILITY:
        return LanguageCheck(SPANISH, spanish, None)
    if language in (NOT_LANGUAGE, "la"):  # "la": lorem ipsum is the Latin most texts contain
        return LanguageCheck(language, spanish, NOT_LANGUAGE_WARNING)
    return LanguageCheck(language, spanish, NOT_SPANISH_WARNING)


def detect_language(text: str) -> str:
    """The most likely language code of ``text`` (``"es"``, ``"en"``, ``"zxx"`` for no language,
    ``"unknown"`` when too short to tell)."""
    return check(text).language


def is_spanish(text: str) -> bool:
    """Whether ``text`` reads as Spanish; texts too short to identify are given the benefit of
    the doubt, texts without language are not."""
    return check(text).is_spanish
