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
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import httpx
import joblib
import pandas as pd
import pytest
from conftest import DEMO_DATA, REPO_ROOT, launched_app, run_cli
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from openai_double import OpenAIDouble
from test_app_api import _call_hidden_endpoint

from odsgr import ui
from odsgr.access import PASSWORD_ACTOR, AccessPolicy, FailureThrottle
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
NO_THROTTLE = {"admin_failure_delay_s": 0.0, "admin_lock_failures": 0}


@pytest.fixture(scope="module")
def app(trained_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    home = tmp_path_factory.mktemp("access") / "home"
    shutil.copytree(trained_home, home)
    # Many wrong passwords come from 127.0.0.1 here; the throttle has its own tests.
    service = Service(Settings(home=home, admin_password=ADMIN_PASSWORD, **NO_THROTTLE))
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


def record_odsgr_sleeps(monkeypatch) -> list[tuple[str, float]]:
    """Patch ``time.sleep`` to record (module, seconds) of every call made from odsgr code, in
    any thread; the sleeps still happen."""
    slept: list[tuple[str, float]] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller.startswith("odsgr"):
            slept.append((caller, seconds))
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    return slept


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_passwords_back_off_per_address_then_lock_and_a_right_one_is_never_slowed(
    caplog, monkeypatch
) -> None:
    clock = FakeClock()
    policy = AccessPolicy(
        password=ADMIN_PASSWORD,
        throttle=FailureThrottle(base_s=1.0, lock_failures=6, lock_s=600, clock=clock),
    )
    guesser, admin = "10.0.0.66", "10.0.0.1"
    with pytest.raises(AccessDeniedError, match="no es correcta"):
        policy.authorize("adivinanza", client=guesser)
    # Backing off: the next attempt from that address is refused unchecked, even the right one.
    with pytest.raises(AccessDeniedError, match="espere 1 s"):
        policy.authorize(ADMIN_PASSWORD, client=guesser)
    assert policy.authorize(ADMIN_PASSWORD, client=admin) == PASSWORD_ACTOR  # others unaffected
    for expected_wait in (2, 4, 8):  # exponential back-off
        clock.now += expected_wait / 2 + 0.1  # just past the previous wait
        with pytest.raises(AccessDeniedError, match="no es correcta"):
            policy.authorize("adivinanza", client=guesser)
        with pytest.raises(AccessDeniedError, match=f"espere {expected_wait} s"):
            policy.authorize("adivinanza", client=guesser)
    # Six failures in ten minutes from any addresses lock the password surface for everyone.
    with caplog.at_level(logging.WARNING, logger="odsgr.access"):
        for address in ("10.0.0.70", "10.0.0.71"):
            with pytest.raises(AccessDeniedError, match="no es correcta"):
                policy.authorize("otra", client=address)
    assert "locked for 600 s" in caplog.text
    with pytest.raises(AccessDeniedError, match="bloqueada durante 10 min"):
        policy.authorize(ADMIN_PASSWORD, client=admin)
    clock.now += 601
    assert policy.authorize(ADMIN_PASSWORD, client=admin) == PASSWORD_ACTOR
    # No refusal sleeps: a thousand wrong guesses never pause the caller.
    fast = AccessPolicy(password=ADMIN_PASSWORD, throttle=FailureThrottle(base_s=1.0))
    slept = record_odsgr_sleeps(monkeypatch)
    for _ in range(1000):
        with pytest.raises(AccessDeniedError):
            fast.authorize("adivinanza", client=guesser)
    assert slept == []


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
        if (
            name.startswith("ui_history_page") and not password
        ):  # anonymous: counts, never the texts
            stored = service.history()["text"].tolist()
            assert stored and not any(text in json.dumps(message) for text in stored), name
            continue
        # refused: as an error, or (screen handlers) as one notice with the outputs unchanged
        error = (message.get("output") or {}).get("error") or ""
        said = " ".join([error, *message["notices"]])
        assert "no es correcta" in said or "reservada a administradores" in said, (name, said)
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
        lambda: handlers.ui_rollback("v1", False, "cualquiera", {"preferred_username": "ana"}),
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
                **NO_THROTTLE,
            )
            service = Service(settings)
            trained = service.train(paths=[DEMO_DATA])  # also publishes v1 to the Hub
            messages.append(repr(settings) + json.dumps(trained.to_dict(), default=str))
            messages.append(json.dumps(service.predict(SPANISH).to_dict()))

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
            from odsgr.hub import models as hub_models
            from odsgr.hub.client import HubClient
            from odsgr.registry import Registry

            hub_models.publish(HubClient(settings, Registry(settings)))
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
    process = run_cli("evaluate", "--data", str(DEMO_DATA), "--home", str(tampered_home))
    assert process.returncode == 2 and "SHA-256" in process.stderr
    assert "Traceback" not in process.stderr


def test_pickles_are_loaded_only_by_the_registry() -> None:
    """Every ``joblib.load`` / ``pickle.load`` in odsgr sits behind a checksum check."""
    loaders = []
    for path in sorted((REPO_ROOT / "odsgr").rglob("*.py")):
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

    from odsgr.hub import models as hub_models
    from odsgr.hub.client import HubClient
    from odsgr.registry import Registry

    assert "repo" not in inspect.signature(hub_models.pull_version).parameters
    settings = Settings(home=tmp_path / "sin_repo")
    with pytest.raises(HubError, match="ODSGR_HUB_MODEL_REPO"):
        hub_models.pull_version(HubClient(settings, Registry(settings)))


# ---------------------------------------------------------- OAuth outside a Space (issue 12)

OAUTH_CLIENT = {"OAUTH_CLIENT_ID": "cliente-local", "OAUTH_CLIENT_SECRET": "secreto-oauth-local"}


def test_oauth_without_real_oauth_refuses_to_start(monkeypatch, tmp_path) -> None:
    import app as odsgr_app

    for name in ("SPACE_ID", "SYSTEM", *OAUTH_CLIENT):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ODSGR_OAUTH", "1")

    def must_not_build(*args, **kwargs):
        raise AssertionError("the app was built although OAuth is not real here")

    monkeypatch.setattr(odsgr_app.ui, "build_app", must_not_build)
    with pytest.raises(SystemExit) as stopped:
        odsgr_app.main(["--no-demo", "--home", str(tmp_path / "home")])
    message = str(stopped.value.code)
    assert "ODSGR_OAUTH" in message and "OAUTH_CLIENT_SECRET" in message
    # With the client configured the app may start, but sign-in stays a mock (next test).
    assert AccessPolicy.from_settings(
        Settings(), environ={"ODSGR_OAUTH": "1", **OAUTH_CLIENT}
    ).oauth


def test_gradio_mock_login_never_grants_admin(trained_home, tmp_path, monkeypatch) -> None:
    """Outside a Space Gradio's /login/callback signs anyone in as the owner of HF_TOKEN
    (the hub double's user «admin»); that identity must not unlock an admin endpoint."""
    import httpx

    for name in ("SPACE_ID", "SYSTEM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"ODSGR_OAUTH": "1", **OAUTH_CLIENT}.items():
        monkeypatch.setenv(name, value)
    home = tmp_path / "home"
    shutil.copytree(trained_home, home)
    settings = Settings(home=home, admin_password=ADMIN_PASSWORD, admin_users=("admin",))
    demo = ui.build_app(Service(settings), AccessPolicy.from_settings(settings, oauth=True))
    _, url, _ = demo.launch(
        server_name="127.0.0.1", prevent_thread_lock=True, quiet=True, **ui.launch_options()
    )
    try:
        login = httpx.get(url + "login/huggingface", follow_redirects=False)
        callback = httpx.get(url + login.headers["location"].lstrip("/"), follow_redirects=False)
        session = callback.cookies.get("session") or re.search(
            r"session=([^;]+)", callback.headers["set-cookie"]
        ).group(1)
        client = Client(url, headers={"Cookie": f"session={session}"}, verbose=False)
        with pytest.raises(AppError, match="reservada a administradores"):
            client.predict(admin_password="", api_name="/review_queue")
    finally:
        demo.close()


# ------------------------------------------------------------ reading stored texts (issue 12)


def test_stored_texts_are_for_admins_unless_the_history_is_public(trained_home) -> None:
    policy = AccessPolicy(password=ADMIN_PASSWORD)
    private = ui.OdsgrApp(Service(Settings(home=trained_home)), policy)
    stored = private.service.history()["text"].tolist()
    anonymous = private.api_history(page_size=1000)
    assert anonymous["total"] == len(stored) and anonymous["rows"] == []
    assert sum(anonymous["by_label"].values()) == len(stored)
    text_column = ui.marker("col_text")
    table, info, _, download = private.ui_history_page("", "", "", 1)
    assert not set(table[text_column]) & set(stored) and "administradores" in info
    assert download.visible is False
    with pytest.raises(AccessDeniedError, match="reservada a administradores"):
        private.ui_history_page("", "", "escuela", 1)
    with pytest.raises(AccessDeniedError, match="no es correcta"):
        private.ui_history_page("", "", "", 1, "no-es-la-clave", None)
    with pytest.raises(AccessDeniedError, match="no es correcta"):
        private.api_history(admin_password="no-es-la-clave")
    assert private.api_history(admin_password=ADMIN_PASSWORD, page_size=1000)["rows"]
    table, _, _, download = private.ui_history_page("", "", "", 1, ADMIN_PASSWORD, None)
    assert set(table[text_column]) <= set(stored) and len(table) > 0
    assert download.value

    public = ui.OdsgrApp(Service(Settings(home=trained_home, public_history=True)), AccessPolicy())
    assert len(public.api_history(page_size=1000)["rows"]) == len(stored)
    table, _, _, download = public.ui_history_page("", "", "", 1)
    assert set(table[text_column]) <= set(stored) and download.value


def _final_message(url: str, session: str) -> dict:
    with httpx.stream(
        "GET", url + "gradio_api/queue/data", params={"session_hash": session}, timeout=120
    ) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:") and json.loads(line[5:]).get("msg") == "process_completed":
                return json.loads(line[5:])
    raise AssertionError("the call never completed")


def test_wrong_passwords_from_elsewhere_do_not_queue_the_admin_out(
    trained_home, tmp_path, monkeypatch
) -> None:
    """Thirty wrong-password calls used to sleep one second each in the single write slot (the
    admin's /rollback waited 29 s); refusals are now immediate, so the admin is not delayed."""
    home = tmp_path / "home"
    shutil.copytree(trained_home, home)
    service = Service(Settings(home=home, admin_password=ADMIN_PASSWORD))  # default throttle
    with launched_app(service) as url:
        config = httpx.get(url + "config").json()
        rollback = next(
            i for i, d in enumerate(config["dependencies"]) if d.get("api_name") == "rollback"
        )
        slept = record_odsgr_sleeps(monkeypatch)
        sessions = [uuid.uuid4().hex for _ in range(40)]
        for number, session in enumerate(sessions):
            httpx.post(
                url + "gradio_api/queue/join",
                # uvicorn trusts X-Forwarded-For from 127.0.0.1: the attacker has its own address.
                headers={"X-Forwarded-For": "10.9.8.7"},
                json={
                    "data": ["v1", f"adivinanza-{number}", False],
                    "fn_index": rollback,
                    "session_hash": session,
                },
            ).raise_for_status()
        Client(url, verbose=False).predict("v1", ADMIN_PASSWORD, api_name="/rollback")
        refusals = [_final_message(url, session)["output"]["error"] for session in sessions]
    assert slept == [], "odsgr slept in the write slot behind wrong passwords"
    assert sum("no es correcta" in r for r in refusals) >= 1
    assert sum("Demasiados intentos" in r for r in refusals) >= 30  # the address backs off
