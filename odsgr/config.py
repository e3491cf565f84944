"""Settings of odsgr, read from the environment (and overridden by CLI flags).

Every setting is one field of :class:`Settings` declared with :func:`setting`: its environment
variable, its meaning and its default live there and nowhere else. ``from_env`` reads them and the
README's settings table is generated from them (``python -m odsgr.config --readme README.md``).
"""

from __future__ import annotations

import argparse
import os
import sys
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from odsgr.errors import ConfigurationError

REPO_ROOT = Path(__file__).resolve().parent.parent
HUB_PREFIX = "hub:"  # data sources written hub:org/name[@revision] are Hub datasets
_TRUE = {"1", "true", "yes", "si", "sí", "on"}
_README_START = "<!-- settings:start (python -m odsgr.config --readme README.md) -->"
_README_END = "<!-- settings:end -->"

# Variables read outside Settings (by app.py, odsgr.access, the Hub runtime, the tests):
# (name, meaning, default) for the README table.
OTHER_VARIABLES: tuple[tuple[str, str, str], ...] = (
    ("ODSGR_OAUTH", "offer «Sign in with Hugging Face» outside a Space (`1`)", "off"),
    ("SPACE_ID", "set by Hugging Face on a Space: turns sign-in on, named in model cards", "—"),
    ("SYSTEM", "set to `spaces` by Hugging Face on a Space (with `SPACE_ID`: real OAuth)", "—"),
    ("OAUTH_CLIENT_ID", "OAuth app id: with the secret, real sign-in outside a Space", "(none)"),
    ("OAUTH_CLIENT_SECRET", "OAuth app secret (never logged)", "(none)"),
    ("GRADIO_SERVER_NAME", "address `app.py` listens on", "127.0.0.1"),
    ("GRADIO_SERVER_PORT", "port `app.py` listens on", "7860"),
    ("ODSGR_REFERENCE_DATA", "reference datasets for data tests and benchmarks", "../shared/data"),
    ("GRADIO_IS_E2E_TEST", "Gradio's own test switch, honoured by `odsgr.sessions`", "(none)"),
)


def default_home() -> Path:
    """Where models/ and data/ live without ``ODSGR_HOME``: the source folder, else ~/.odsgr.

    A checkout or a Space (``app.py`` beside the package) keeps its models in that folder; an
    installed package (``pip install .``) uses ``~/.odsgr`` so that every working directory sees
    the same models.
    """
    return REPO_ROOT if (REPO_ROOT / "app.py").is_file() else Path.home() / ".odsgr"


def setting(default: Any, env: str, doc: str, *, shown: str | None = None, secret: bool = False):
    """A :class:`Settings` field read from the environment variable ``env``.

    Args:
        default: value when the variable is unset or empty.
        env: name of the environment variable.
        doc: meaning, one line, for the README table.
        shown: the default as written in the README (``default`` itself when omitted).
        secret: kept out of ``repr`` and shown as «(none)» by default.
    """
    metadata = {"env": env, "doc": doc, "shown": shown}
    return field(default=default, repr=not secret, metadata=metadata)


def _parse(kind: Any, env: str, raw: str) -> object:
    """``raw`` (non-empty) read as ``kind``; ConfigurationError naming ``env`` if it is not."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):  # ``float | None``
        kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
    try:
        if kind is bool:
            return raw.strip().lower() in _TRUE
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
        if kind is Path:
            return Path(raw).expanduser().resolve()
        if typing.get_origin(kind) is tuple:
            return tuple(item.strip() for item in raw.split(",") if item.strip())
    except ValueError:
        expected = "un número entero" if kind is int else "un número"
        raise ConfigurationError(f"{env} debe ser {expected}; se recibió {raw!r}.") from None
    return raw


@dataclass(frozen=True)
class Settings:
    """Every tunable of odsgr in one place.

    Secrets (``admin_password``, ``openai_api_key``, ``hf_token``) are excluded from ``repr`` so
    they never reach a log line. To add a setting, add one field declared with :func:`setting`,
    then run ``python -m odsgr.config --readme README.md``.
    """

    home: Path = setting(
        default_home(),
        "ODSGR_HOME",
        "home directory (models/, data/)",
        shown="the checkout (folder of `app.py`); `~/.odsgr` when installed",
    )
    max_file_mb: float = setting(50.0, "ODSGR_MAX_FILE_MB", "largest upload, in MB")
    max_expanded_mb: float = setting(
        256.0,
        "ODSGR_MAX_EXPANDED_MB",
        "largest size an XLSX/Parquet upload may expand to when decoded, in MB",
    )
    max_rows: int = setting(200_000, "ODSGR_MAX_ROWS", "most rows in an upload")
    max_text_chars: int = setting(
        20_000, "ODSGR_MAX_TEXT_CHARS", "longest text classified, in characters"
    )
    max_batch_texts: int = setting(
        10_000, "ODSGR_MAX_BATCH_TEXTS", "most texts in one `/predict_batch` call"
    )
    max_request_chars: int = setting(
        5_000_000, "ODSGR_MAX_REQUEST_CHARS", "most characters of text in one API call"
    )
    min_text_chars: int = setting(
        20, "ODSGR_MIN_TEXT_CHARS", "shorter texts get a warning (too short to classify well)"
    )
    review_threshold: float | None = setting(
        None,
        "ODSGR_REVIEW_THRESHOLD",
        "predictions under this probability are flagged «revisar»",
        shown="the version's own (chosen on validation)",
    )
    validation_fraction: float = setting(
        0.15, "ODSGR_VALIDATION_FRACTION", "share split off as the fixed validation set"
    )
    seed: int = setting(42, "ODSGR_SEED", "random seed (validation split, training, augmentation)")
    gate_f1_tolerance: float = setting(
        0.01, "ODSGR_GATE_F1_TOLERANCE", "quality gate: largest accepted drop of macro-F1"
    )
    gate_recall_tolerance: float = setting(
        0.05, "ODSGR_GATE_RECALL_TOLERANCE", "quality gate: largest accepted drop of a class recall"
    )
    mask_personal_data: bool = setting(
        True, "ODSGR_MASK_PERSONAL_DATA", "mask personal data before texts are stored"
    )
    candidate_ttl_h: float = setting(
        72.0,
        "ODSGR_CANDIDATE_TTL_H",
        "candidates waiting longer than this (hours) are discarded at start",
    )
    public_history: bool = setting(
        False,
        "ODSGR_PUBLIC_HISTORY",
        "anyone may read stored texts (`/history`, Datos); otherwise admins only",
    )
    results_ttl_min: float = setting(
        60.0,
        "ODSGR_RESULTS_TTL_MIN",
        "result files, downloads and Gradio's cached uploads are deleted after this many minutes",
    )
    review_max_items: int = setting(
        2_000,
        "ODSGR_REVIEW_MAX_ITEMS",
        "pending items kept in the review queue; beyond it the least doubtful (oldest first) are "
        "dropped and counted",
    )
    admin_password: str = setting(
        "",
        "ODSGR_ADMIN_PASSWORD",
        "admin password for retraining and other writes",
        shown="(writes disabled)",
        secret=True,
    )
    admin_failure_delay_s: float = setting(
        1.0,
        "ODSGR_ADMIN_FAILURE_DELAY_S",
        "after a wrong admin password, that client address is refused unchecked for this long "
        "(seconds), doubling with each further failure (0 = off); refusals never sleep",
    )
    admin_lock_failures: int = setting(
        30,
        "ODSGR_ADMIN_LOCK_FAILURES",
        "this many wrong passwords (any addresses) within 10 min lock password sign-in for "
        "everyone for `ODSGR_ADMIN_LOCK_MIN` minutes, with a log line (0 = off)",
    )
    admin_lock_minutes: float = setting(
        15.0,
        "ODSGR_ADMIN_LOCK_MIN",
        "minutes the admin sign-in stays locked after too many failures",
    )
    admin_users: tuple[str, ...] = setting(
        (), "ODSGR_ADMIN_USERS", "Hugging Face users who are admins (comma-separated)"
    )
    admin_org: str = setting(
        "", "ODSGR_ADMIN_ORG", "Hugging Face organisation whose members are admins"
    )
    llm_model: str = setting("gpt-4o-mini", "ODSGR_LLM_MODEL", "language model for augmentation")
    openai_base_url: str = setting(
        "", "OPENAI_BASE_URL", "OpenAI-compatible endpoint", shown="OpenAI's"
    )
    openai_api_key: str = setting(
        "", "OPENAI_API_KEY", "key of the language-model endpoint", secret=True
    )
    openai_organization: str = setting("", "OPENAI_ORG_ID", "OpenAI organisation")
    hub_model_repo: str = setting(
        "", "ODSGR_HUB_MODEL_REPO", "Hub model repo (`org/name`) mirroring the versions"
    )
    hub_dataset_repo: str = setting(
        "", "ODSGR_HUB_DATASET_REPO", "Hub dataset repo (`org/name`) for history and validation"
    )
    hf_token: str = setting("", "HF_TOKEN", "Hugging Face token", secret=True)

    def __post_init__(self) -> None:
        object.__setattr__(self, "home", Path(self.home))

    @property
    def models_dir(self) -> Path:
        """Folder holding one sub-folder per model version."""
        return self.home / "models"

    @property
    def data_dir(self) -> Path:
        """Folder holding the labelled history, the validation set and queues."""
        return self.home / "data"

    @property
    def max_file_bytes(self) -> int:
        """Largest accepted upload, in bytes."""
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_expanded_bytes(self) -> int:
        """Largest size an XLSX or Parquet upload may expand to (bytes, or characters of text)."""
        return int(self.max_expanded_mb * 1024 * 1024)

    @property
    def llm_configured(self) -> bool:
        """Whether an OpenAI-compatible endpoint is configured."""
        return bool(self.openai_api_key or self.openai_base_url)

    def secrets(self) -> tuple[str, ...]:
        """The secret values in use, for redaction and leak tests."""
        return tuple(s for s in (self.admin_password, self.openai_api_key, self.hf_token) if s)

    def with_home(self, home: str | Path | None) -> Settings:
        """A copy with another home directory (``None`` keeps this one)."""
        return self if home is None else replace(self, home=Path(home).expanduser().resolve())

    @classmethod
    def from_env(
        cls, home: str | Path | None = None, environ: typing.Mapping[str, str] | None = None
    ) -> Settings:
        """Settings from the environment variables of the fields (unset or empty: the default).

        Args:
            home: home directory overriding ``ODSGR_HOME`` (the CLI's ``--home``).
            environ: the variables to read (``os.environ`` when omitted).

        Raises:
            ConfigurationError: a variable does not hold a value of its type.
        """
        environ = os.environ if environ is None else environ
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = environ.get(spec.metadata["env"], "")
            if raw != "":
                values[spec.name] = _parse(hints[spec.name], spec.metadata["env"], raw)
        settings = cls(**values)
        return settings.with_home(home or settings.home)


def settings_table() -> str:
    """The README's settings table (Markdown), from the field metadata and OTHER_VARIABLES."""
    rows = ["| variable | meaning | default |", "|---|---|---|"]
    for spec in fields(Settings):
        shown = spec.metadata["shown"]
        if shown is None:
            default = spec.default if spec.default is not MISSING else ""
            if isinstance(default, bool):
                shown = "on" if default else "off"
            else:
                shown = "(none)" if default in ("", ()) else str(default)
        rows.append(f"| `{spec.metadata['env']}` | {spec.metadata['doc']} | {shown} |")
    rows += [f"| `{name}` | {doc} | {shown} |" for name, doc, shown in OTHER_VARIABLES]
    return "\n".join(rows) + "\n"


def readme_with_table(readme: str) -> str:
    """``readme`` with the text between the settings markers replaced by :func:`settings_table`.

    Raises:
        ValueError: the markers are missing.
    """
    start, end = readme.find(_README_START), readme.find(_README_END)
    if start < 0 or end < start:
        raise ValueError(f"README has no {_README_START!r} … {_README_END!r} section")
    head = readme[: start + len(_README_START)]
    return f"{head}\n\n{settings_table()}\n{readme[end:]}"


def main(argv: typing.Sequence[str] | None = None) -> int:
    """``python -m odsgr.config``: print the settings table, or rewrite it in a README."""
    parser = argparse.ArgumentParser(prog="python -m odsgr.config", description=main.__doc__)
    parser.add_argument("--readme", type=Path, help="README to update in place")
    args = parser.parse_args(argv)
    if args.readme is None:
        sys.stdout.write(settings_table())
        return 0
    from odsgr.storage import atomic_path

    updated = readme_with_table(args.readme.read_text(encoding="utf-8"))
    with atomic_path(args.readme) as temporary:
        temporary.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
