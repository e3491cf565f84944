"""Start-up sync with the Hub (flush queued pushes, pull ``current``) and the periodic sync of
``data/review`` and ``data/drift`` to the dataset repo."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from huggingface_hub import CommitScheduler

from odsgr.errors import OFFLINE_STATUS, HubError, HubOfflineError, OdsgrError
from odsgr.hub import NOT_CONFIGURED_STATUS
from odsgr.hub.client import HubClient, hub_errors
from odsgr.hub.models import flush_queue, pull_version
from odsgr.hub.queue import queued_versions
from odsgr.registry import TMP_PREFIX

log = logging.getLogger(__name__)

STARTUP_TIMEOUT_S = 20.0  # start-up never waits longer for the Hub
SYNCED_DATA_FOLDERS = ("review", "drift")


def _local_status(client: HubClient) -> str:
    version = client.registry.current_version()
    queued = len(queued_versions(client.settings))
    where = (
        f"se usa la versión local {version} guardada en caché"
        if version
        else "no hay ningún modelo en caché"
    )
    return where + (f"; {queued} publicación(es) en cola" if queued else "")


def _sync(client: HubClient, timeout_s: float, load_current: Callable[[], object]) -> str:
    try:
        refused = flush_queue(client, timeout_s)
        if refused:
            return (
                f"El Hub rechazó publicar {', '.join(refused)}; {_local_status(client)} "
                "(revise el registro)."
            )
        chosen = pull_version(client, timeout_s=timeout_s)
        load_current()
    except HubOfflineError as error:
        return f"{OFFLINE_STATUS}. {error} {_local_status(client).capitalize()}."
    except OdsgrError as error:
        return f"No se usó el modelo del Hub: {error} {_local_status(client).capitalize()}."
    return f"Modelo {chosen.version} sincronizado con el Hub ({client.settings.hub_model_repo})."


def sync_at_startup(
    client: HubClient,
    load_current: Callable[[], object],
    timeout_s: float = STARTUP_TIMEOUT_S,
    data_sync: bool = True,
) -> str:
    """At start-up: flush queued pushes, pull the Hub's ``current`` and load it.

    Waits at most ``timeout_s``; a slower Hub is left to finish in the background while the cached
    version is served. Starts :func:`start_data_sync` when a dataset repo is configured.

    Args:
        client: the home's Hub client.
        load_current: loads the (new) current version for serving, called after the pull.
        timeout_s: the longest wait.
        data_sync: start the review/drift sync too.

    Returns:
        A one-line status for the logs and the UI (Spanish).
    """
    settings = client.settings
    if not settings.hub_model_repo:
        return NOT_CONFIGURED_STATUS
    outcome: dict[str, str] = {}
    probe_s = min(client.probe_timeout_s, timeout_s)
    worker = threading.Thread(
        target=lambda: outcome.setdefault("message", _sync(client, probe_s, load_current)),
        name="odsgr-hub-sync",
        daemon=True,
    )
    worker.start()
    worker.join(timeout_s)
    if data_sync and settings.hub_dataset_repo:  # creating the scheduler calls the Hub
        threading.Thread(target=start_data_sync, args=(client,), daemon=True).start()
    if "message" in outcome:
        return outcome["message"]
    return (
        f"El Hub tarda en responder (más de {timeout_s:.0f} s): {_local_status(client)} "
        "mientras se sincroniza en segundo plano."
    )


_schedulers: dict[str, CommitScheduler] = {}


def start_data_sync(client: HubClient, every_minutes: float = 5) -> CommitScheduler | None:
    """Sync ``data/review`` and ``data/drift`` to the dataset repo every few minutes.

    Returns the running ``CommitScheduler`` (one per home), or ``None`` when no dataset repo is
    configured or the Hub cannot be reached now.
    """
    settings = client.settings
    repo = settings.hub_dataset_repo
    if not repo:
        return None
    key = f"{settings.home}|{repo}"
    if key in _schedulers:
        return _schedulers[key]
    for folder in SYNCED_DATA_FOLDERS:
        (settings.data_dir / folder).mkdir(parents=True, exist_ok=True)
    try:
        with hub_errors(repo, "dataset"):
            scheduler = CommitScheduler(
                repo_id=repo,
                repo_type="dataset",
                folder_path=settings.data_dir,
                every=every_minutes,
                private=True,
                allow_patterns=[f"{folder}/**" for folder in SYNCED_DATA_FOLDERS],
                ignore_patterns=[f"**/{TMP_PREFIX}*"],  # half-written files
                hf_api=client.api,
            )
    except HubError as error:
        log.warning("Review/drift sync to the Hub not started: %s", error)
        return None
    _schedulers[key] = scheduler
    return scheduler
