"""Cheap offline check that a text is written in Spanish.

odsgr only classifies Spanish texts, so it needs to warn about (or, when generating synthetic data,
reject) paragraphs in other languages. A full language identifier is overkill: the function words
of Spanish, English, French, Portuguese and Italian differ enough that counting them settles the
question for anything longer than a sentence. A word shared by several languages ("de", "que",
"la") counts for each of them in proportion, so only the distinctive words decide.
"""

from __future__ import annotations

import re
from collections import Counter

_STOPWORDS: dict[str, frozenset[str]] = {
    "es": frozenset(
        """
        de la que el en y a los del se las por un para con no una su al lo como más pero sus le
        ya o este esta estos estas ese esa eso esto porque entre cuando muy sin sobre también me
        hasta hay donde quien quienes desde todo todos toda todas nos durante uno unos unas les ni
        contra otro otros otra otras ante ellos ellas él ella e antes algunos algunas qué yo tanto
        mucho muchos muchas nada poco cual cuales estar está están estaba fue fueron ha han hemos
        había hace hacen puede pueden ser sido son es era cada menos así aunque según mientras
        nosotros nuestro nuestra nuestros nuestras mi mis tu tus te usted ustedes hacia tras
        sino pues donde cómo cuándo dónde porqué además tiene tienen tenemos debe deben
        """.split()
    ),
    "en": frozenset(
        """
        the of and to in is that for it as with was on be by this are or from at an but not have
        has had they which their will would can we our there been more these also its than other
        into some such who what when all about if were them he she his her you i my do does so
        no may should could most many only both between through each those very it's how where
        """.split()
    ),
    "fr": frozenset(
        """
        le la les de des du un une et est en que qui dans pour pas sur au aux avec ce ces cette
        cet il elle ils elles nous vous je ne se sont ont été être avoir par plus mais ou où leur
        leurs son sa ses comme aussi tout tous toute toutes très sans entre fait peut d l qu n c
        s j à même lui dont donc alors chez était avait sont notre nos votre vos mon ma mes ça
        """.split()
    ),
    "pt": frozenset(
        """
        o os as do da dos das em no na nos nas um uma uns umas com não mais ao aos à às pelo pela
        pelos pelas ele ela eles elas seu sua seus suas isso isto este esta esse essa também já
        muito muita muitos são é foi ser está estão tem têm há mas ou quando onde como que se de
        a e por para entre sobre sem até nosso nossa pode podem cada ainda mesmo depois então
        porque lhe lhes eu você nós aquele aquela só bem num numa dela dele pelo
        """.split()
    ),
    "it": frozenset(
        """
        il lo la i gli le di da in con su per tra fra un uno una e è che non del dello della dei
        degli delle al allo alla ai agli alle dal dalla dai nel nello nella nei negli nelle sul
        sulla sono anche più come ma o se questo questa questi queste quello quella suo sua loro
        ha hanno essere stato stata molto ci si ne dell all nell sull però quando dove perché
        cosa ogni tutto tutti io noi voi mi ti vi
        """.split()
    ),
}
LANGUAGES: tuple[str, ...] = tuple(_STOPWORDS)

# Letters (and Spanish's inverted marks) that only some of the five languages write.
_CHARACTER_HINTS: dict[str, tuple[str, ...]] = {
    "ñ": ("es",),
    "¿": ("es",),
    "¡": ("es",),
    "ã": ("pt",),
    "õ": ("pt",),
    "ç": ("fr", "pt"),
    "œ": ("fr",),
    "ê": ("fr", "pt"),
    "â": ("fr", "pt"),
    "è": ("fr", "it"),
    "ù": ("fr", "it"),
    "î": ("fr",),
    "û": ("fr",),
    "ë": ("fr",),
    "ï": ("fr",),
}
_CHARACTER_WEIGHT = 0.5

_WORD = re.compile(r"[^\W\d_]+")

DEFAULT_THRESHOLD = 0.55
"""Minimum :func:`spanish_score` for :func:`is_spanish` (measured on the reference data)."""

MIN_EVIDENCE = 2.0
"""Below this much function-word evidence a text is too short to judge."""


def _share(word: str) -> dict[str, float]:
    languages = [code for code, words in _STOPWORDS.items() if word in words]
    return {code: 1.0 / len(languages) for code in languages}


_WORD_SHARES: dict[str, dict[str, float]] = {
    word: _share(word) for words in _STOPWORDS.values() for word in words
}


def language_evidence(text: str) -> dict[str, float]:
    """Function-word evidence for each language in ``LANGUAGES`` (higher means more likely).

    Args:
        text: any text.

    Returns:
        One non-negative number per language code; all zeros when nothing is recognised.
    """
    evidence = dict.fromkeys(LANGUAGES, 0.0)
    lowered = str(text).lower()
    # Apostrophes are not word characters: "l'eau" gives "l" and "eau" without a translate pass.
    # Only function words count; filtering first keeps their order (and so the sums) unchanged.
    words = [word for word in _WORD.findall(lowered) if word in _WORD_SHARES]
    for word, count in Counter(words).items():
        for code, share in _WORD_SHARES[word].items():
            evidence[code] += share * count
    for character, codes in _CHARACTER_HINTS.items():
        occurrences = lowered.count(character)
        if occurrences:
            for code in codes:
                evidence[code] += _CHARACTER_WEIGHT * occurrences / len(codes)
    return evidence


def _score(evidence: dict[str, float]) -> float:
    spanish = evidence["es"]
    rival = max(value for code, value in evidence.items() if code != "es")
    return spanish / (spanish + rival) if spanish + rival else 0.0


def spanish_score(text: str) -> float:
    """How much more Spanish than its closest rival language ``text`` reads, from 0.0 to 1.0.

    The score is ``es / (es + best_other)`` over the function-word evidence: about 0.8 for
    ordinary Spanish prose, 0.5 for a text half in another language, near 0.0 for a foreign
    one. Returns 0.0 when the text holds no recognisable function word at all (empty, numbers,
    a single noun); use :func:`is_spanish` to give such short texts the benefit of the doubt.
    """
    return _score(language_evidence(text))


def detect_language(text: str) -> str:
    """The most likely language code of ``text`` (``"es"``, ``"en"``, ``"fr"``, ``"pt"``,
    ``"it"``), or ``"unknown"`` when the text is too short to tell."""
    evidence = language_evidence(text)
    if sum(evidence.values()) < MIN_EVIDENCE:
        return "unknown"
    return max(evidence, key=evidence.__getitem__)


def is_spanish(
    text: str, threshold: float = DEFAULT_THRESHOLD, min_evidence: float = MIN_EVIDENCE
) -> bool:
    """Whether ``text`` reads as Spanish.

    Args:
        text: any text.
        threshold: minimum :func:`spanish_score`.
        min_evidence: texts with less function-word evidence than this (a few words, a list of
            nouns) are too short to judge and are accepted.

    Returns:
        ``True`` for Spanish or undecidable texts, ``False`` for texts that read as English,
        French, Portuguese or Italian.
    """
    evidence = language_evidence(text)
    if sum(evidence.values()) < min_evidence:
        return True
    return _score(evidence) >= threshold
