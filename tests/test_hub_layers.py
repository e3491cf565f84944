"""Where the Hub code sits: the service uses odsgr.hub, never the other way round, and a home
without a Hub never loads huggingface_hub through the service or the CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
HUB_PACKAGE = REPO_ROOT / "odsgr" / "hub"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_hub_module_imports_the_service_or_the_ui() -> None:
    modules = sorted(HUB_PACKAGE.glob("*.py"))
    assert {path.name for path in modules} >= {"client.py", "models.py", "datasets.py", "space.py"}
    for path in modules:
        upward = {
            name
            for name in _imported_modules(path)
            if name.startswith(("odsgr.service", "odsgr.ui", "odsgr.cli"))
        }
        assert not upward, f"{path.name} imports {sorted(upward)}"


def test_ui_cli_and_app_reach_the_hub_through_the_service_only() -> None:
    ui_modules = sorted(
        p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "odsgr" / "ui").rglob("*.py")
    )
    assert "odsgr/ui/handlers.py" in ui_modules
    for name in (*ui_modules, "odsgr/cli.py", "app.py"):
        hub_imports = {
            module
            for module in _imported_modules(REPO_ROOT / name)
            if module == "odsgr.hub" or module.startswith("odsgr.hub.")
        }
        assert not hub_imports, f"{name} imports {sorted(hub_imports)}"


def test_the_service_and_the_cli_load_no_hub_client_without_a_hub() -> None:
    code = (
        "import sys, tempfile\n"
        "import odsgr.cli, odsgr.service\n"
        "from odsgr.config import Settings\n"
        "service = odsgr.service.Service(Settings(home=tempfile.mkdtemp()))\n"
        "print(service.sync_hub_at_startup(), service.hub_queued_versions())\n"
        "print(sorted(m for m in sys.modules if m.startswith(('huggingface_hub', 'odsgr.hub.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True
    )
    status, loaded = result.stdout.strip().splitlines()
    assert status == "Hub de Hugging Face no configurado: se usa la copia local. []"
    assert loaded == "['odsgr.hub.queue']"
