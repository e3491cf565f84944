"""Access control on every endpoint the app serves, secrets that never leak, and a model file that
is only loaded when its checksum matches and it comes from where the settings say.

Extends tests/test_app_api.py (which checks the four named admin endpoints and the hidden write
events for an anonymous caller): here every endpoint of the running app is enumerated, the hidden
ones are also tried with a wrong password, and a full train → predict → retrain → augment → push
flow is run with distinctive secrets that are then searched for in every log line, message and file.
"""

from __future__ import annotations

import ast
import io
import json
import logging
import pickle
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import joblib
import pandas as pd
import pytest
from conftest import DEMO_DATA, REPO_ROOT, launched_app
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from openai_double import OpenAIDouble
from test_app_api import _call_hidden_endpoint

from odsgr import ui
from odsgr.access import AccessPolicy
from odsgr.config import Settings
from odsgr.errors import AccessDeniedError, HubError, LLMError, ModelIntegrityError
from odsgr.service import Service

ADMIN_PASSWORD = "Pw-odsgr-8Kq2-admin-secreta"
OPENAI_KEY = "sk-odsgr-SECRETO-4f9c1e77b2"
HF_TOKEN = "hf_odsgrSECRETOtoken7731zz"
SECRETS = (ADMIN_PASSWORD, OPENAI_KEY, HF_TOKEN)
WRITE_WORDS = re.compile(
    r"train|promote|discard|rollback|review|decide|push|pull|publish|deploy|augment|delete"
)
SPANISH = "La escuela rural no tiene maestros y los niños caminan dos horas para llegar."


@pytest.fixture(scope="module")
def app(trained_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    home = tmp_path_factory.mktemp("access") / "home"
    shutil.copytree(trained_home, home)
    service = Service(Settings(home=home, admin_password=ADMIN_PASSWORD))
    with launched_app(service) as url:
        yield service, url


@pytest.fixture
def labelled_csv(tmp_path: Path) -> Path:
    path = tmp_path / "nuevos.csv"
    pd.read_csv(DEMO_DATA).head(12).to_csv(path, index=False)
    return path


# ----------------------------------------------------------------------------- access


def _dependencies(url: str) -> tuple[list[dict], set[int], dict[int, dict]]:
    import httpx

    config = httpx.get(url + "config").json()
    components = {c["id"]: c for c in config["components"]}
    passwords = {i for i, c in components.items() if c.get("props", {}).get("type") == "password"}
    return config["dependencies"], passwords, components


def _valid_empty(component: dict) -> object:
    """A value Gradio accepts for ``component`` (so the handler, not Gradio, decides)."""
    if component.get("type") == "dataframe":
        headers = component.get("props", {}).get("headers") or ["texto", "ODS"]
        return {"headers": headers, "data": [[SPANISH] + ["4"] * (len(headers) - 1)]}
    return component.get("props", {}).get("value")  # the widget's own default


def test_a_wrong_password_is_answered_slowly_and_the_right_one_at_once() -> None:
    policy = AccessPolicy.from_settings(
        Settings(admin_password=ADMIN_PASSWORD, admin_failure_delay_s=0.3), oauth=False
    )
    start = time.perf_counter()
    with pytest.raises(AccessDeniedError, match="no es correcta"):
        policy.authorize("adivinanza")
    assert time.perf_counter() - start >= 0.3
    start = time.perf_counter()
    assert policy.authorize(ADMIN_PASSWORD)
    assert time.perf_counter() - start < 0.3


def test_every_write_endpoint_needs_the_admin_password(app) -> None:
    """Every named endpoint whose name says it writes (or shows the review queue) takes an
    ``admin_password``; so a new admin endpoint cannot be added without one."""
    _, url = app
    api = Client(url, verbose=False).view_api(return_format="dict", print_info=False)
    writers = {name for name in api["named_endpoints"] if WRITE_WORDS.search(name)}
    assert {"/retrain", "/promote", "/discard", "/rollback"} <= writers
    for name in writers:
        parameters = {p["parameter_name"] for p in api["named_endpoints"][name]["parameters"]}
        assert "admin_password" in parameters, name


def _placeholder(parameter: dict, labelled_csv: Path) -> object:
    kind = json.dumps(parameter.get("python_type", {})) + json.dumps(parameter.get("type", {}))
    if "filepath" in kind or "FileData" in kind:
        return handle_file(str(labelled_csv))
    if '"list' in kind.lower() or "array" in kind:
        return []
    if "bool" in kind:
        return False
    if "int" in kind or "float" in kind or "number" in kind:
        return 1
    return "v1"


@pytest.mark.parametrize("password", [None, "", "no-es-la-clave", 12345, ["lista"], {"a": 1}])
def test_named_admin_endpoints_refuse_anonymous_and_wrong_callers(
    app, labelled_csv, password
) -> None:
    service, url = app
    client = Client(url, verbose=False)
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    before = [v.version for v in service.registry.list_versions()]
    for endpoint in (name for name in api if WRITE_WORDS.search(name)):
        arguments = {
            p["parameter_name"]: _placeholder(p, labelled_csv)
            for p in api[endpoint]["parameters"]
            if not p["parameter_has_default"]
        }
        if password is not None:
            arguments["admin_password"] = password
        with pytest.raises(AppError) as refused:
            client.predict(**arguments, api_name=endpoint)
        message = str(refused.value)
        assert "Traceback" not in message and ADMIN_PASSWORD not in message, endpoint
        assert re.search("no es correcta|reservada a administradores", message), (endpoint, message)
    assert [v.version for v in service.registry.list_versions()] == before
    assert service.registry.current_version() == "v1"


@pytest.mark.parametrize(
    "password",
    ["", "no-es-la-clave", ADMIN_PASSWORD.upper(), " " * 3],
    ids=["empty", "wrong", "upper", "blank"],
)
def test_hidden_events_with_the_password_input_refuse_wrong_callers(app, password: str) -> None:
    """Every event (hidden UI ones included) wired to the password box refuses a wrong one."""
    service, url = app
    dependencies, passwords, components = _dependencies(url)
    gated = [
        (index, dependency)
        for index, dependency in enumerate(dependencies)
        if passwords & set(dependency["inputs"])
    ]
    assert len(gated) >= 5, "the password box is wired to fewer events than expected"
    versions = [v.version for v in service.registry.list_versions()]
    for index, dependency in gated:
        payload = [
            password if i in passwords else _valid_empty(components[i])
            for i in dependency["inputs"]
        ]
        message = _call_hidden_endpoint(url, index, payload)
        name = dependency.get("api_name")
        assert message["success"] is False, name
        error = message["output"]["error"] or ""
        assert "no es correcta" in error or "reservada a administradores" in error, (name, error)
        assert ADMIN_PASSWORD not in json.dumps(message), name
    assert [v.version for v in service.registry.list_versions()] == versions
    assert service.registry.current_version() == "v1"


def test_admin_actions_are_off_when_no_admin_is_configured(trained_home, labelled_csv) -> None:
    handlers = ui.OdsgrApp(Service(Settings(home=trained_home)), AccessPolicy())
    for action in (
        lambda: handlers.api_retrain(str(labelled_csv), admin_password="cualquiera"),
        lambda: handlers.api_promote("v1", True, admin_password="cualquiera"),
        lambda: handlers.api_discard("v1", admin_password="cualquiera"),
        lambda: handlers.api_rollback("v1", admin_password="cualquiera"),
        lambda: handlers.ui_rollback("v1", "cualquiera", {"preferred_username": "ana"}),
    ):
        with pytest.raises(AccessDeniedError, match="ODSGR_ADMIN_PASSWORD"):
            action()


# ----------------------------------------------------------------------------- secrets


def _searchable(path: Path) -> bytes:
    """A file's bytes, plus its decoded content for compressed formats (parquet, joblib)."""
    raw = path.read_bytes()
    if path.suffix == ".parquet":
        return raw + pd.read_parquet(io.BytesIO(raw)).to_csv().encode()
    if path.suffix == ".joblib":
        return raw + pickle.dumps(joblib.load(io.BytesIO(raw)))
    return raw


def _leaks(blob: bytes | str, where: str) -> list[str]:
    text = blob.encode("utf-8", "replace") if isinstance(blob, str) else blob
    return [f"{where}: {secret[:6]}…" for secret in SECRETS if secret.encode() in text]


def test_secrets_never_leak(trained_home, tmp_path, hub, caplog, capfd) -> None:
    caplog.set_level(logging.DEBUG)
    uid = uuid.uuid4().hex[:8]
    home = tmp_path / "home"
    messages: list[str] = []
    hub_token = hub.token
    hub.token = HF_TOKEN  # the double now accepts only the distinctive token
    try:
        with OpenAIDouble("json") as llm:
            settings = Settings(
                home=home,
                seed=7,
                admin_password=ADMIN_PASSWORD,
                openai_api_key=OPENAI_KEY,
                openai_base_url=llm.base_url,
                hf_token=HF_TOKEN,
                hub_model_repo=f"admin/secretos-{uid}",
                hub_dataset_repo=f"admin/secretos-datos-{uid}",
            )
            service = Service(settings)
            trained = service.train(paths=[DEMO_DATA])  # also publishes v1 to the Hub
            messages.append(repr(settings) + json.dumps(trained, default=str))
            messages.append(json.dumps(service.predict(SPANISH)))

            with launched_app(service) as url:
                client = Client(url, verbose=False)
                labelled = tmp_path / "nuevos.csv"
                pd.read_csv(DEMO_DATA).sample(12, random_state=1).to_csv(labelled, index=False)
                with pytest.raises(AppError) as wrong:
                    client.predict(
                        handle_file(str(labelled)), "batch", None, "mala", api_name="/retrain"
                    )
                messages.append(str(wrong.value))
                candidate, report = client.predict(
                    handle_file(str(labelled)), "batch", None, ADMIN_PASSWORD, api_name="/retrain"
                )
                messages.append(json.dumps(report, default=str))
                promoted = client.predict(candidate, True, ADMIN_PASSWORD, api_name="/promote")
                messages.append(json.dumps(promoted))  # publishes the candidate to the Hub
                messages.append(json.dumps(client.predict(SPANISH, api_name="/predict")))

            demo = pd.read_csv(DEMO_DATA).set_axis(["text", "label"], axis=1)
            unbalanced = demo.drop(demo.index[demo["label"] == 1][:20])
            _, augment_report = service.augment(unbalanced, ratio=1.0)
            messages.append(json.dumps(augment_report, default=str))
            assert augment_report["method"].startswith("llm:") and llm.request_count > 0
            for request in llm.requests:
                messages.append(json.dumps(request, default=str))

        with OpenAIDouble("500") as failing, pytest.raises(LLMError) as llm_error:
            from odsgr.augment import augment

            augment(
                unbalanced, settings, ratio=1.0, seed=99, base_url=failing.base_url, max_retries=0
            )
        messages.append(str(llm_error.value))
        hub.mode = "refuse"
        with pytest.raises(HubError) as hub_error:
            from odsgr import hub as odsgr_hub

            odsgr_hub.publish(settings)
        messages.append(str(hub_error.value))
    finally:
        hub.mode = "ok"
        hub.token = hub_token

    leaks = []
    for record in caplog.records:
        leaks += _leaks(record.getMessage() + str(record.args), f"log {record.name}")
    captured = capfd.readouterr()
    leaks += _leaks(captured.out, "stdout") + _leaks(captured.err, "stderr")
    for number, message in enumerate(messages):
        leaks += _leaks(message, f"message {number}")
    written = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "model.joblib" for p in written)
    for path in written:
        leaks += _leaks(_searchable(path), str(path.relative_to(home)))
    pushed = 0
    for repo_type, repo in (
        ("model", settings.hub_model_repo),
        ("dataset", settings.hub_dataset_repo),
    ):
        for revision in ("main", *hub.refs(repo_type, repo)["tags"]):
            for name, content in hub.files(repo_type, repo, revision).items():
                pushed += 1
                blob = content
                if name.endswith(".parquet"):
                    blob += pd.read_parquet(io.BytesIO(content)).to_csv().encode()
                leaks += _leaks(blob, f"hub {repo_type} {revision}:{name}")
    assert pushed >= 6  # model, metadata, card (twice) and the dataset
    assert not leaks, leaks


# ----------------------------------------------------------------------------- supply chain


@pytest.fixture
def tampered_home(trained_home, tmp_path) -> Path:
    home = tmp_path / "manipulado"
    shutil.copytree(trained_home, home)
    model = home / "models" / "v1" / "model.joblib"
    content = bytearray(model.read_bytes())
    content[len(content) // 2] ^= 0xFF
    model.write_bytes(bytes(content))
    return home


def test_a_tampered_model_is_refused_on_every_path(tampered_home: Path) -> None:
    service = Service(Settings(home=tampered_home))
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        service.predict(SPANISH)
    with pytest.raises(gr.Error) as shown:
        ui.user_errors(ui.OdsgrApp(service, AccessPolicy()).api_predict)(SPANISH)
    assert "SHA-256" in shown.value.message and "Traceback" not in shown.value.message
    process = subprocess.run(
        [sys.executable, "-m", "odsgr", "evaluate", "--data", str(DEMO_DATA)]
        + ["--home", str(tampered_home)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 2 and "SHA-256" in process.stderr
    assert "Traceback" not in process.stderr


def test_pickles_are_loaded_only_by_the_registry() -> None:
    """Every ``joblib.load`` / ``pickle.load`` in odsgr sits behind a checksum check."""
    loaders = []
    for path in sorted((REPO_ROOT / "odsgr").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = getattr(node.func.value, "id", "")
                if owner in {"joblib", "pickle", "cloudpickle", "dill"} and node.func.attr in {
                    "load",
                    "loads",
                }:
                    loaders.append(path.name)
    # distributed.py unpickles the bytes the registry loaded, after checking the same SHA-256
    # and scikit-learn release in each dask worker; fit_process.py unpickles what its own forked
    # child wrote to a pipe only the two processes hold (no file anyone could swap).
    assert sorted(set(loaders)) == ["distributed.py", "fit_process.py", "registry.py"], loaders


def test_hub_pulls_only_from_the_configured_model_repo(tmp_path) -> None:
    import inspect

    from odsgr import hub as odsgr_hub

    assert "repo" not in inspect.signature(odsgr_hub.pull_version).parameters
    with pytest.raises(HubError, match="ODSGR_HUB_MODEL_REPO"):
        odsgr_hub.pull_version(Settings(home=tmp_path / "sin_repo"))
