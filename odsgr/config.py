"""Settings of odsgr, read from the environment (and overridden by CLI flags)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HUB_PREFIX = "hub:"  # data sources written hub:org/name[@revision] are Hub datasets


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


def _env_list(name: str) -> tuple[str, ...]:
    value = os.environ.get(name, "")
    return tuple(item.strip() for item in value.split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Every tunable of odsgr in one place.

    Secrets (``admin_password``, ``openai_api_key``, ``hf_token``) are excluded from ``repr`` so
    they never reach a log line.
    """

    home: Path = REPO_ROOT
    max_file_mb: float = 50.0
    max_expanded_mb: float = 256.0
    max_rows: int = 200_000
    max_text_chars: int = 20_000
    max_batch_texts: int = 10_000
    max_request_chars: int = 5_000_000
    min_text_chars: int = 20
    review_threshold: float = 0.6
    validation_fraction: float = 0.15
    seed: int = 42
    gate_f1_tolerance: float = 0.01
    gate_recall_tolerance: float = 0.05
    mask_personal_data: bool = True
    public_history: bool = False
    results_ttl_min: float = 60.0
    review_max_items: int = 2_000
    admin_password: str = field(default="", repr=False)
    admin_failure_delay_s: float = 1.0
    admin_lock_failures: int = 30
    admin_lock_minutes: float = 15.0
    admin_users: tuple[str, ...] = ()
    admin_org: str = ""
    llm_model: str = "gpt-4o-mini"
    openai_base_url: str = ""
    openai_api_key: str = field(default="", repr=False)
    openai_organization: str = ""
    hub_model_repo: str = ""
    hub_dataset_repo: str = ""
    hf_token: str = field(default="", repr=False)

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
    def from_env(cls, home: str | Path | None = None) -> Settings:
        """Settings from ``ODSGR_*``, ``OPENAI_*`` and ``HF_TOKEN`` environment variables."""
        env_home = home or os.environ.get("ODSGR_HOME") or REPO_ROOT
        return cls(
            home=Path(env_home).expanduser().resolve(),
            max_file_mb=_env_float("ODSGR_MAX_FILE_MB", cls.max_file_mb),
            max_expanded_mb=_env_float("ODSGR_MAX_EXPANDED_MB", cls.max_expanded_mb),
            max_rows=_env_int("ODSGR_MAX_ROWS", cls.max_rows),
            max_text_chars=_env_int("ODSGR_MAX_TEXT_CHARS", cls.max_text_chars),
            max_batch_texts=_env_int("ODSGR_MAX_BATCH_TEXTS", cls.max_batch_texts),
            max_request_chars=_env_int("ODSGR_MAX_REQUEST_CHARS", cls.max_request_chars),
            min_text_chars=_env_int("ODSGR_MIN_TEXT_CHARS", cls.min_text_chars),
            review_threshold=_env_float("ODSGR_REVIEW_THRESHOLD", cls.review_threshold),
            validation_fraction=_env_float("ODSGR_VALIDATION_FRACTION", cls.validation_fraction),
            seed=_env_int("ODSGR_SEED", cls.seed),
            gate_f1_tolerance=_env_float("ODSGR_GATE_F1_TOLERANCE", cls.gate_f1_tolerance),
            gate_recall_tolerance=_env_float(
                "ODSGR_GATE_RECALL_TOLERANCE", cls.gate_recall_tolerance
            ),
            mask_personal_data=_env_bool("ODSGR_MASK_PERSONAL_DATA", cls.mask_personal_data),
            public_history=_env_bool("ODSGR_PUBLIC_HISTORY", cls.public_history),
            results_ttl_min=_env_float("ODSGR_RESULTS_TTL_MIN", cls.results_ttl_min),
            review_max_items=_env_int("ODSGR_REVIEW_MAX_ITEMS", cls.review_max_items),
            admin_password=os.environ.get("ODSGR_ADMIN_PASSWORD", ""),
            admin_failure_delay_s=_env_float(
                "ODSGR_ADMIN_FAILURE_DELAY_S", cls.admin_failure_delay_s
            ),
            admin_lock_failures=_env_int("ODSGR_ADMIN_LOCK_FAILURES", cls.admin_lock_failures),
            admin_lock_minutes=_env_float("ODSGR_ADMIN_LOCK_MIN", cls.admin_lock_minutes),
            admin_users=_env_list("ODSGR_ADMIN_USERS"),
            admin_org=os.environ.get("ODSGR_ADMIN_ORG", ""),
            llm_model=os.environ.get("ODSGR_LLM_MODEL") or cls.llm_model,
            openai_base_url=os.environ.get("OPENAI_BASE_URL", ""),
            openai_api_key=os.environ.get("OPENAI_API_KEY", ""),
            openai_organization=os.environ.get("OPENAI_ORG_ID", ""),
            hub_model_repo=os.environ.get("ODSGR_HUB_MODEL_REPO", ""),
            hub_dataset_repo=os.environ.get("ODSGR_HUB_DATASET_REPO", ""),
            hf_token=os.environ.get("HF_TOKEN", ""),
        )
