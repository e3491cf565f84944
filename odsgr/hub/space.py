"""Deploy the app as a Gradio Space: its files, README front matter, secrets and variables."""

from __future__ import annotations

from pathlib import Path

from huggingface_hub import CommitOperationAdd, CommitOperationDelete

from odsgr import modelcard
from odsgr.config import REPO_ROOT, Settings
from odsgr.errors import HubError
from odsgr.hub.client import CARD_FILE, SPACE_SECRETS, HubClient, hub_errors
from odsgr.hub.datasets import parse_hub_spec

SPACE_FILES = ("app.py", "requirements.txt")
SPACE_FOLDERS = ("odsgr", "data/demo")


def _gradio_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gradio")
    except PackageNotFoundError as error:
        raise HubError("gradio no está instalado: no se puede fijar sdk_version.") from error


def space_front_matter(settings: Settings, space_id: str) -> dict:
    """The Space README metadata (Gradio SDK, pinned version, OAuth when admins sign in)."""
    front: dict = {
        "title": "Clasificador ODS (odsgr)",
        "emoji": "🌍",
        "colorFrom": "blue",
        "colorTo": "green",
        "sdk": "gradio",
        "sdk_version": _gradio_version(),
        "python_version": "3.11",
        "app_file": "app.py",
        "pinned": False,
        "license": modelcard.LICENSE,
        "short_description": "Clasifica textos ciudadanos en español según los ODS",
        "tags": ["sdg", "ods", "text-classification", "spanish"],
    }
    if settings.admin_users or settings.admin_org:
        front["hf_oauth"] = True
        front["hf_oauth_scopes"] = ["openid", "profile"]
    if settings.hub_model_repo:
        front["models"] = [settings.hub_model_repo]
    if settings.hub_dataset_repo:
        front["datasets"] = [settings.hub_dataset_repo]
    return front


def _space_files(source: Path) -> dict[str, bytes]:
    files = {
        name: (source / name).read_bytes() for name in SPACE_FILES if (source / name).is_file()
    }
    for folder in SPACE_FOLDERS:
        for path in sorted((source / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files[path.relative_to(source).as_posix()] = path.read_bytes()
    if "app.py" not in files:
        raise HubError(f"No se encuentra app.py en {source}: no se puede desplegar.")
    return files


def deploy_space(
    client: HubClient, space_id: str, *, private: bool = False, source: Path = REPO_ROOT
) -> str:
    """Create or update a Gradio Space with the app, its secrets and variables; its URL.

    Uploads app.py, odsgr/, requirements.txt, data/demo and a README with the Space front matter
    (never the local models/data cache, tests or virtual environments). Secrets come from the
    settings (``HF_TOKEN``, ``OPENAI_API_KEY``, ``ODSGR_ADMIN_PASSWORD``) and are never printed or
    written into a file.

    Raises:
        HubError, HubOfflineError.
    """
    settings, api = client.settings, client.api
    parse_hub_spec(space_id)
    client.require_token()
    files = _space_files(source)
    readme = (
        (source / "README.md").read_text(encoding="utf-8")
        if (source / "README.md").is_file()
        else ""
    )
    files[CARD_FILE] = modelcard.render_space_readme(
        space_front_matter(settings, space_id), readme
    ).encode("utf-8")
    client.refuse_secrets(files)
    secrets = {key: getattr(settings, field) for key, field in SPACE_SECRETS.items()}
    variables = {
        "ODSGR_HUB_MODEL_REPO": settings.hub_model_repo,
        "ODSGR_HUB_DATASET_REPO": settings.hub_dataset_repo,
        "ODSGR_ADMIN_USERS": ",".join(settings.admin_users),
        "ODSGR_ADMIN_ORG": settings.admin_org,
    }
    with hub_errors(space_id, "space"):
        api.create_repo(
            space_id, repo_type="space", space_sdk="gradio", private=private, exist_ok=True
        )
        existing = api.list_repo_files(space_id, repo_type="space")
        stale = [
            path
            for path in existing
            if path.startswith(tuple(f"{folder}/" for folder in SPACE_FOLDERS))
            and path not in files
        ]
        operations: list = [
            CommitOperationAdd(path_in_repo=name, path_or_fileobj=content)
            for name, content in sorted(files.items())
        ] + [CommitOperationDelete(path_in_repo=path) for path in stale]
        api.create_commit(
            space_id, operations, repo_type="space", commit_message="Despliegue de odsgr"
        )
        for key, value in secrets.items():
            if value:
                api.add_space_secret(space_id, key, value)
        for key, value in variables.items():
            if value:
                api.add_space_variable(space_id, key, value)
    return f"{client.endpoint}/spaces/{space_id}"
