"""Model repos: publish versions (with their data and model card), the ``current`` branch and
``v<N>`` tags, the push queue's flush, and pulling a version into the local cache."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from huggingface_hub import (
    CommitOperationAdd,
    CommitOperationDelete,
    hf_hub_download,
    snapshot_download,
)

from odsgr import modelcard
from odsgr.errors import HubError, HubOfflineError, ModelNotFoundError, OdsgrError
from odsgr.hub.client import CARD_FILE, CURRENT_REF, HubClient, hub_errors
from odsgr.hub.datasets import push_dataset, restore_data
from odsgr.hub.queue import queue_path, queued_versions, write_queue
from odsgr.registry import (
    METADATA_FILE,
    MODEL_FILE,
    TMP_PREFIX,
    ModelVersion,
    now_iso,
    version_number,
)

log = logging.getLogger(__name__)

VERSION_FILES = (MODEL_FILE, METADATA_FILE, CARD_FILE, modelcard.CONFUSION_IMAGE)


# --------------------------------------------------------------------------- push
def _stage_version(
    folder: Path, client: HubClient, chosen: ModelVersion, dataset: dict
) -> dict[str, bytes]:
    """Write the files of ``chosen`` as published into ``folder``; returns {name: bytes}."""
    model_repo = client.settings.hub_model_repo
    shutil.copy2(chosen.model_path, folder / MODEL_FILE)
    metadata = {**chosen.metadata, "hub": {"model_repo": model_repo, **dataset}}
    (folder / METADATA_FILE).write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    parent = None
    if chosen.metadata.get("parent"):
        with contextlib.suppress(ModelNotFoundError):
            parent = client.registry.get(chosen.metadata["parent"])
    modelcard.write_confusion_png(
        chosen.metadata.get("validation_metrics", {}), folder / modelcard.CONFUSION_IMAGE
    )
    card = modelcard.render_model_card(
        ModelVersion(chosen.version, chosen.path, metadata),
        parent,
        model_repo=model_repo,
        dataset_repo=dataset.get("dataset_repo", ""),
        dataset_revision=dataset.get("dataset_revision", ""),
        space_id=os.environ.get("SPACE_ID", ""),
        confusion_image=True,
    )
    (folder / CARD_FILE).write_text(card, encoding="utf-8")
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def _upload_version(client: HubClient, chosen: ModelVersion, dataset: dict, on_main: bool) -> str:
    """Upload a version's folder as one commit (on ``main`` or a throw-away branch); its sha."""
    api, repo = client.api, client.require_model_repo()
    with tempfile.TemporaryDirectory(prefix="odsgr-push-") as tmp:
        files = _stage_version(Path(tmp), client, chosen, dataset)
        client.refuse_secrets(files)
        operations: list = [
            CommitOperationAdd(path_in_repo=name, path_or_fileobj=content)
            for name, content in sorted(files.items())
        ]
        branch = "main" if on_main else f"upload-{chosen.version}"
        if not on_main:
            api.create_branch(repo, branch=branch, revision="main", exist_ok=True)
        stale = set(api.list_repo_files(repo, revision=branch)) & set(VERSION_FILES) - set(files)
        operations += [CommitOperationDelete(path_in_repo=name) for name in sorted(stale)]
        info = api.create_commit(
            repo,
            operations,
            commit_message=f"Versión {chosen.version} del clasificador ODS",
            commit_description=f"Publicada por odsgr el {now_iso()}.",
            revision=branch,
        )
        if not on_main:
            api.delete_branch(repo, branch=branch)
    return info.oid


def _move_current(client: HubClient, commit: str, branches: Mapping[str, str]) -> bool:
    """Point the ``current`` branch at ``commit``; False when it already does."""
    if branches.get(CURRENT_REF) == commit:
        return False
    if CURRENT_REF in branches:
        client.api.delete_branch(client.require_model_repo(), branch=CURRENT_REF)
    client.api.create_branch(client.require_model_repo(), branch=CURRENT_REF, revision=commit)
    return True


def _remote_metadata(client: HubClient, revision: str, folder: Path) -> dict:
    path = hf_hub_download(
        client.require_model_repo(),
        METADATA_FILE,
        revision=revision,
        local_dir=folder,
        token=client.token,
    )
    return json.loads(Path(path).read_text(encoding="utf-8"))


def push_version(
    client: HubClient,
    version: str | None = None,
    *,
    move_current: bool | None = None,
    timeout_s: float | None = None,
) -> dict:
    """Publish a version (default: the current one) and its data; move ``current`` to it.

    Idempotent: a version whose tag exists is not uploaded again (rolling back only moves the
    ``current`` branch). A Hub version with the same id but another model is refused.

    Args:
        client: the home's Hub client.
        version: ``v<N>``; ``None`` for the current version.
        move_current: point the Hub's ``current`` at it (default: when it is current locally).
        timeout_s: timeout of the reachability check (default: the client's).

    Returns:
        ``{"version", "model_repo", "commit", "uploaded", "current_moved", "dataset_revision"}``.

    Raises:
        HubError: no repo or token configured, conflicting version, access refused.
        HubOfflineError: the Hub cannot be reached.
    """
    registry = client.registry
    repo = client.require_model_repo()
    client.require_token()
    chosen = registry.get(version) if version else registry.current()
    if move_current is None:
        move_current = chosen.version == registry.current_version()
    with hub_errors(repo):
        client.ensure_repo(repo, "model", timeout_s)
        tags, branches = client.refs(repo)
        dataset = push_dataset(client, chosen.version, timeout_s)
        uploaded = chosen.version not in tags
        if uploaded:
            commit = _upload_version(client, chosen, dataset, on_main=move_current)
            client.api.create_tag(repo, tag=chosen.version, revision=commit)
        else:
            commit = tags[chosen.version]
            with tempfile.TemporaryDirectory(prefix="odsgr-check-") as tmp:
                remote = _remote_metadata(client, commit, Path(tmp))
            if remote.get("model_sha256") != chosen.metadata.get("model_sha256"):
                raise HubError(
                    f"La versión {chosen.version} del Hub («{repo}») es un modelo distinto del "
                    f"local. Traiga la versión del Hub con `python -m odsgr pull` antes de "
                    "entrenar y publicar."
                )
        moved = _move_current(client, commit, branches) if move_current else False
    log.info("Hub %s: %s uploaded=%s current_moved=%s", repo, chosen.version, uploaded, moved)
    return {
        "version": chosen.version,
        "model_repo": repo,
        "commit": commit,
        "uploaded": uploaded,
        "current_moved": moved,
        "dataset_revision": dataset.get("dataset_revision"),
    }


def _flush(
    client: HubClient, timeout_s: float | None
) -> tuple[dict[str, dict], dict[str, OdsgrError]]:
    settings = client.settings
    pending = queued_versions(settings)
    current = client.registry.current_version()
    if current in pending:  # the current version last, so the Hub's ``current`` ends on it
        pending = [v for v in pending if v != current] + [current]
    pushed: dict[str, dict] = {}
    refused: dict[str, OdsgrError] = {}
    for index, version in enumerate(pending):
        try:
            pushed[version] = push_version(
                client, version, move_current=version == current, timeout_s=timeout_s
            )
        except HubOfflineError:
            write_queue(settings, [*refused, *pending[index:]], "sin conexión")
            raise
        except ModelNotFoundError:
            log.error("Queued push of %s dropped: the version no longer exists locally", version)
        except HubError as error:
            log.error("Queued push of %s refused: %s", version, error)
            refused[version] = error
    write_queue(settings, list(refused), "rechazada por el Hub")
    return pushed, refused


def flush_queue(client: HubClient, timeout_s: float | None = None) -> list[str]:
    """Push every queued version; the Hub's ``current`` ends on the local current version.

    Returns:
        The versions still queued because the Hub refused them (e.g. a conflicting version).

    Raises:
        HubOfflineError: the Hub cannot be reached (the queue is kept).
    """
    return list(_flush(client, timeout_s)[1])


def publish(client: HubClient, version: str | None = None) -> dict:
    """Push ``version`` (default: current) after any queued pushes; it stays queued when offline.

    Returns:
        ``push_version``'s summary plus ``"flushed"``: the queued versions pushed before it.

    Raises:
        HubError: configuration error, or the Hub refused this version (e.g. a conflict).
        HubOfflineError: the Hub cannot be reached (the push stays queued).
    """
    settings, registry = client.settings, client.registry
    client.require_model_repo()
    chosen = registry.get(version) if version else registry.current()
    earlier = [v for v in queued_versions(settings) if v != chosen.version]
    write_queue(settings, [*earlier, chosen.version], "pendiente")
    try:
        pushed, refused = _flush(client, None)
    except HubOfflineError as error:
        raise HubOfflineError(
            f"{error} La publicación de {chosen.version} queda en cola "
            f"({queue_path(settings)}) y se reintentará en la próxima publicación o arranque."
        ) from error
    if chosen.version in refused:
        write_queue(settings, [v for v in refused if v != chosen.version])
        raise refused[chosen.version]
    return {**pushed[chosen.version], "flushed": [v for v in earlier if v in pushed]}


def publish_after_change(client: HubClient, version: str) -> str:
    """Mirror a local promotion or rollback on the Hub; never raises (the app keeps serving).

    Demo versions are never published. Returns a status message (empty when no Hub is set).
    """
    if not client.settings.hub_model_repo:
        return ""
    try:
        if client.registry.get(version).metadata.get("demo"):
            return f"La versión {version} es de demostración: no se publica en el Hub."
        summary = publish(client, version)
    except HubError as error:
        log.warning("Hub publication of %s postponed: %s", version, error)
        return str(error)
    return f"Versión {summary['version']} publicada en el Hub ({summary['model_repo']})."


# --------------------------------------------------------------------------- pull
def pull_version(
    client: HubClient,
    version: str | None = None,
    *,
    make_current: bool = True,
    restore: bool = True,
    timeout_s: float | None = None,
    force: bool = False,
) -> ModelVersion:
    """Fetch the Hub's ``current`` (or tag ``version``) into the local cache and make it current.

    The model file is checked against the SHA-256 recorded in its metadata and loaded once
    (scikit-learn release check) before it becomes current. An empty home also gets the labelled
    history and validation set of that version's data revision. A version pulled by tag obeys
    :meth:`Registry.check_may_become_current` (``force`` overrides it); the Hub's ``current`` was
    current there and may always become current here.

    Raises:
        HubError: no repo, unknown version, nothing published yet.
        HubOfflineError: the Hub cannot be reached.
        ModelIntegrityError: checksum mismatch or another scikit-learn release.
        DataError: the tagged version is rejected, discarded or demo and ``force`` is not set.
    """
    registry = client.registry
    repo = client.require_model_repo()
    if version:
        version_number(version)
    timeout_s = timeout_s or client.probe_timeout_s
    with hub_errors(repo):
        if not client.probe(repo, "model", timeout_s):
            raise HubError(f"No existe el repositorio de modelos «{repo}» en el Hub.")
        tags, branches = client.refs(repo)
        if version:
            if version not in tags:
                raise HubError(f"La versión {version} no está publicada en «{repo}».")
            commit = tags[version]
        elif CURRENT_REF in branches:
            commit = branches[CURRENT_REF]
        elif tags:
            raise HubError(f"«{repo}» no tiene la rama «{CURRENT_REF}»; indique --version.")
        else:
            raise HubError(f"«{repo}» todavía no tiene ninguna versión publicada.")
        registry.models_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=registry.models_dir))
        try:
            remote = _remote_metadata(client, commit, staging)
            local = None
            with contextlib.suppress(ModelNotFoundError):
                local = registry.get(remote["version"])
            if local is None or local.metadata.get("model_sha256") != remote.get("model_sha256"):
                snapshot_download(
                    repo,
                    revision=commit,
                    local_dir=staging,
                    allow_patterns=list(VERSION_FILES),
                    token=client.token,
                    etag_timeout=timeout_s,
                )
                local = registry.import_version(staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    registry.load(local)
    if make_current and registry.current_version() != local.version:
        if version:
            registry.check_may_become_current(local.version, force=force)
        registry.set_current(local.version, action="pull", actor=f"hub:{repo}")
    hub_meta = local.metadata.get("hub", {})
    if restore and hub_meta.get("dataset_repo") and hub_meta.get("dataset_revision"):
        try:
            restore_data(client, hub_meta["dataset_repo"], hub_meta["dataset_revision"])
        except HubError as error:
            log.warning("Labelled data not restored from the Hub: %s", error)
    return local
