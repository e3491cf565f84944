"""atomic_path: a file is either the old one or the complete new one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from odsgr.storage import TMP_PREFIX, atomic_dir, atomic_path


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


def test_a_folder_appears_complete_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "salida" / "partes"
    with atomic_dir(target) as staging:
        assert staging.parent == target.parent and staging.name.startswith(TMP_PREFIX)
        assert not target.exists()
        (staging / "part-00000.parquet").write_bytes(b"PAR1")
    assert [p.name for p in target.iterdir()] == ["part-00000.parquet"]
    assert [p.name for p in target.parent.iterdir()] == ["partes"]
    plain = tmp_path / "plain"
    plain.mkdir()
    assert target.stat().st_mode == plain.stat().st_mode

    broken = tmp_path / "rota"
    with pytest.raises(RuntimeError), atomic_dir(broken) as staging:
        (staging / "part-00000.parquet").write_bytes(b"PAR1")
        raise RuntimeError("disco lleno")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain", "salida"]


def test_a_folder_written_first_by_another_writer_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "modelo"
    target.mkdir()
    (target / "ptc.npy").write_text("del primero", encoding="utf-8")
    with pytest.raises(OSError), atomic_dir(target) as staging:
        (staging / "ptc.npy").write_text("del segundo", encoding="utf-8")
    assert (target / "ptc.npy").read_text(encoding="utf-8") == "del primero"
    assert [p.name for p in tmp_path.iterdir()] == ["modelo"]
