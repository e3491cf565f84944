"""Code and data tests of the language check (odsgr.language, over py3langid)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from odsgr import language
from odsgr.language import detect_language, is_spanish

SPANISH = [
    "En mi barrio los vecinos llevamos meses pidiendo que el ayuntamiento arregle las aceras, "
    "porque las personas mayores no pueden salir a la calle sin riesgo de caerse.",
    "La escuela pública del pueblo se ha quedado sin profesor de matemáticas y los niños tienen "
    "que desplazarse cada día a otra localidad para recibir las clases que les faltan.",
    "¿Por qué se sigue perdiendo tanta agua en la red de abastecimiento? Creo que hace falta "
    "invertir en tuberías nuevas y controlar mejor el consumo de las grandes empresas.",
    "Muchas familias de la zona no llegan a fin de mes y dependen del banco de alimentos, que "
    "ya no tiene suficientes productos frescos para todos los hogares que lo necesitan.",
    "El centro de salud tiene listas de espera de más de dos semanas y las urgencias están "
    "saturadas durante todo el invierno, sobre todo cuando llega la gripe.",
]
FOREIGN = {
    "en": "Our neighbourhood has been asking the council for months to repair the pavements, "
    "because older people cannot go out without a serious risk of falling over.",
    "fr": "Dans notre quartier, les habitants demandent depuis des mois à la mairie de réparer "
    "les trottoirs, car les personnes âgées ne peuvent pas sortir sans risque de tomber.",
    "pt": "No nosso bairro os moradores pedem há meses à câmara que conserte os passeios, "
    "porque as pessoas mais velhas não conseguem sair à rua sem o risco de cair.",
    "it": "Nel nostro quartiere gli abitanti chiedono da mesi al comune di riparare i "
    "marciapiedi, perché gli anziani non possono uscire di casa senza il rischio di cadere.",
}
MORE_PORTUGUESE = [
    "A escola pública da vila ficou sem professor de matemática e as crianças têm de ir todos "
    "os dias a outra localidade para ter as aulas que lhes faltam.",
    "Muitas famílias da região não chegam ao fim do mês e dependem do banco alimentar, que já "
    "não tem produtos frescos suficientes para todas as casas que precisam dele.",
]


@pytest.mark.parametrize("text", SPANISH)
def test_spanish_paragraphs_are_accepted(text: str) -> None:
    assert is_spanish(text)
    assert detect_language(text) == "es"


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_foreign_paragraphs_are_rejected(code: str) -> None:
    assert not is_spanish(FOREIGN[code])
    assert detect_language(FOREIGN[code]) == code
    assert language.check(FOREIGN[code]).warning == language.NOT_SPANISH_WARNING


@pytest.mark.parametrize("text", MORE_PORTUGUESE)
def test_portuguese_close_to_spanish_is_rejected(text: str) -> None:
    assert not is_spanish(text)
    assert detect_language(text) == "pt"


def test_short_or_empty_texts_are_undecidable_and_accepted() -> None:
    assert is_spanish("Hospital nuevo")
    assert detect_language("Hospital nuevo") == "unknown"


def test_texts_without_letters_are_not_language() -> None:
    for text in ("", "12345", "😀😀😀", "--- *** ---"):
        assert language.check(text).warning == language.NOT_LANGUAGE_WARNING


def _cases(fixtures: Path) -> list[tuple[str, bool, str]]:
    frame = pd.read_csv(fixtures / "idiomas.csv")
    return list(frame.itertuples(index=False, name=None))


CASES = _cases(Path(__file__).parent / "fixtures")


@pytest.mark.parametrize(("case", "warned", "text"), CASES, ids=[c[0] for c in CASES])
def test_fixture_cases_warn_exactly_when_expected(case: str, warned: bool, text: str) -> None:
    """Other languages and junk are warned; Spanish with mojibake, typos or no accents is not."""
    check = language.check(text)
    assert (check.warning is not None) == warned, (case, check)
    if case in ("lorem", "digitos", "emoji", "galimatias", "teclado"):
        assert check.warning == language.NOT_LANGUAGE_WARNING
    elif warned:
        assert check.warning == language.NOT_SPANISH_WARNING


# --- data test on the shared reference file ------------------------------------------------

REFERENCE_NAME = "ods_opiniones_aumentado_llm.csv"
# Marker words that only French (or only Spanish) writes among the five languages: a rule
# independent of the detector, to find the French texts of the reference file.
FRENCH_ONLY = re.compile(r"\b(?:les|des|une|est|dans|avec|sont|ces|cette|pas|qui|aux)\b")
SPANISH_ONLY = re.compile(r"\b(?:el|los|las|del|y|por|para|con|una|es|son|está)\b")


def _reference_file() -> Path:
    folder = os.environ.get("ODSGR_REFERENCE_DATA")
    base = (
        Path(folder) if folder else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    )
    return base / REFERENCE_NAME


def test_reference_data_french_flagged_and_spanish_accepted() -> None:
    path = _reference_file()
    if not path.exists():
        pytest.skip(f"reference data not found at {path}")

    texts = pd.read_csv(path).iloc[:, 0].astype(str).tolist()
    french, mixed, rest = [], [], []
    for text in texts:
        french_words = len(FRENCH_ONLY.findall(text.lower()))
        spanish_words = len(SPANISH_ONLY.findall(text.lower()))
        if french_words > spanish_words:
            french.append(text)
        elif french_words >= 3:
            mixed.append(text)
        else:
            rest.append(text)
    accepted = sum(is_spanish(text) for text in rest)
    print(
        f"\nreference: {len(texts)} texts; {len(french)} mainly French, "
        f"{sum(not is_spanish(t) for t in french)} flagged; {len(mixed)} with French passages, "
        f"{sum(not is_spanish(t) for t in mixed)} flagged; "
        f"{accepted}/{len(rest)} others accepted ({accepted / len(rest):.2%})"
    )
    assert french, "the reference file is expected to hold at least one French text"
    assert all(not is_spanish(text) for text in french)
    assert accepted / len(rest) >= 0.98


def test_identifier_model_is_unpacked_once_into_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = language._load_identifier()
    assert [p.name for p in (tmp_path / "odsgr").iterdir()][0].startswith("py3langid-")

    def no_unpacking(_source: Path) -> dict:
        raise AssertionError("the cached copy should have been read")

    monkeypatch.setattr(language, "_unpack_model", no_unpacking)
    cached = language._load_identifier()
    for text in [*SPANISH, *FOREIGN.values()]:
        assert cached.rank(text) == first.rank(text)


def test_identifier_works_without_a_writable_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    identifier = language._load_identifier()
    assert identifier.rank(SPANISH[0])[0][0] == "es"
