"""atomic_path: a file is either the old one or the complete new one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from odsgr.storage import TMP_PREFIX, atomic_path


def test_the_new_content_replaces_the_file_and_no_temporary_is_left(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "informe.json"
    with atomic_path(target) as temporary:
        assert temporary.parent == target.parent and temporary.suffix == ".json"
        assert temporary.name.startswith(TMP_PREFIX) and not target.exists()
        temporary.write_text('{"ok": true}', encoding="utf-8")
    assert target.read_text(encoding="utf-8") == '{"ok": true}'
    assert sorted(p.name for p in target.parent.iterdir()) == ["informe.json"]


def test_an_error_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "datos.csv"
    target.write_text("antiguo", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("a medias", encoding="utf-8")
        raise RuntimeError("disco lleno")
    assert target.read_text(encoding="utf-8") == "antiguo"
    assert [p.name for p in tmp_path.iterdir()] == ["datos.csv"]


def test_permissions_are_those_of_a_plain_write(tmp_path: Path) -> None:
    fresh = tmp_path / "nuevo.txt"
    with atomic_path(fresh) as temporary:
        temporary.write_text("x", encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    assert fresh.stat().st_mode == plain.stat().st_mode
    os.chmod(plain, 0o640)
    with atomic_path(plain) as temporary:
        temporary.write_text("y", encoding="utf-8")
    assert plain.stat().st_mode & 0o777 == 0o640
