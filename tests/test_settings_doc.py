"""The settings: one field per environment variable, documented in the README table."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from conftest import run_cli

from odsgr import config
from odsgr.config import OTHER_VARIABLES, Settings, readme_with_table, settings_table
from odsgr.errors import ConfigurationError

REPO_ROOT = Path(__file__).resolve().parents[1]
README = REPO_ROOT / "README.md"
ENV_READ = re.compile(r"""(?:environ(?:\.get)?\(|environ\[|getenv\()\s*["']([A-Z][A-Z0-9_]+)["']""")


def _documented() -> list[str]:
    return re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", settings_table(), flags=re.MULTILINE)


def test_readme_table_matches_the_settings_fields() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme_with_table(readme) == readme, (
        "README settings table is out of date: run `python -m odsgr.config --readme README.md`"
    )


def test_every_field_has_its_variable_and_meaning() -> None:
    for spec in fields(Settings):
        assert re.fullmatch(r"[A-Z][A-Z0-9_]+", spec.metadata.get("env", "")), spec.name
        assert spec.metadata.get("doc"), spec.name
    names = _documented()
    assert len(names) == len(set(names)), "a variable is documented twice"


def test_every_variable_the_code_reads_is_documented() -> None:
    sources = [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "odsgr").glob("**/*.py"))]
    read = {name for path in sources for name in ENV_READ.findall(path.read_text("utf-8"))}
    missing = sorted(read - set(_documented()))
    assert not missing, f"declare these with setting() or in OTHER_VARIABLES: {missing}"


def test_from_env_reads_every_type() -> None:
    environ = {
        "ODSGR_MAX_ROWS": "12",
        "ODSGR_REVIEW_THRESHOLD": "0.75",
        "ODSGR_MASK_PERSONAL_DATA": "no",
        "ODSGR_ADMIN_USERS": " ana , luis ,",
        "ODSGR_LLM_MODEL": "",
        "HF_TOKEN": "hf_secreto",
    }
    settings = Settings.from_env(environ=environ)
    assert settings.max_rows == 12
    assert settings.review_threshold == 0.75
    assert settings.mask_personal_data is False
    assert settings.admin_users == ("ana", "luis")
    assert settings.llm_model == Settings.llm_model  # empty means the default
    assert settings.hf_token == "hf_secreto" and "hf_secreto" not in repr(settings)


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [(float | None, "0.5", 0.5), (int | None, "7", 7), (tuple[str, ...], "a,b", ("a", "b"))],
)
def test_optional_and_tuple_fields_are_parsed(kind: object, raw: str, expected: object) -> None:
    assert config._parse(kind, "ODSGR_X", raw) == expected


def test_home_flag_wins_over_the_variable(tmp_path: Path) -> None:
    environ = {"ODSGR_HOME": str(tmp_path / "from_env")}
    assert Settings.from_env(environ=environ).home == tmp_path / "from_env"
    assert Settings.from_env(tmp_path / "flag", environ=environ).home == tmp_path / "flag"


def test_a_malformed_number_names_its_variable() -> None:
    with pytest.raises(ConfigurationError, match=r"ODSGR_MAX_ROWS.*'muchas'"):
        Settings.from_env(environ={"ODSGR_MAX_ROWS": "muchas"})


def test_default_home_outside_a_checkout_is_in_the_user_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert config.default_home() == REPO_ROOT  # this checkout holds app.py
    monkeypatch.setattr(config, "REPO_ROOT", tmp_path / "site-packages")
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert config.default_home() == tmp_path / "user" / ".odsgr"


def test_other_variables_are_not_settings_fields() -> None:
    declared = {spec.metadata["env"] for spec in fields(Settings)}
    assert not declared & {name for name, _, _ in OTHER_VARIABLES}


def test_the_cli_reports_a_malformed_setting_in_one_line(tmp_path: Path) -> None:
    result = run_cli("versions", "--home", str(tmp_path), env={"ODSGR_MAX_ROWS": "muchas"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: ODSGR_MAX_ROWS debe ser un número entero; se recibió 'muchas'."
    )
