"""The Gradio app and its API, exercised through ``gradio_client`` against a live local server."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pandas as pd
import pytest
from conftest import launched_app
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from odsgr.access import HOW_TO_ENABLE, AccessPolicy, oauth_wanted
from odsgr.config import Settings
from odsgr.errors import AccessDeniedError
from odsgr.service import Service

ADMIN_PASSWORD = "clave-de-prueba-7f3a"
MAX_BATCH = 5
REVIEW_THRESHOLD = 1.01  # every prediction is doubtful (calibrated ones may reach 1.0)
ADMIN_ENDPOINTS = (
    "/retrain",
    "/promote",
    "/discard",
    "/rollback",
    "/review_queue",
    "/review_decide",
    "/hub_pull",
)

NEW_ROWS = {
    1: [
        "Las familias desplazadas viven en ranchos sin ingresos fijos y piden subsidios de "
        "vivienda y empleo para salir de la pobreza extrema en el asentamiento.",
        "En la comuna muchos hogares comen una sola vez al día porque el jornal no alcanza; "
        "solicitamos programas de ingresos y ayudas para las familias más pobres.",
        "Los vendedores informales no tienen cómo pagar el arriendo y las deudas con "
        "prestamistas crecen; pedimos microcréditos y apoyo económico para los hogares.",
    ],
    3: [
        "El puesto de salud del corregimiento no tiene médico permanente ni medicamentos y "
        "las mujeres embarazadas deben viajar horas para sus controles prenatales.",
        "Faltan campañas de vacunación y atención en salud mental para los jóvenes; las "
        "citas con el especialista en el hospital tardan varios meses.",
        "La ambulancia no sube a la vereda y los enfermos graves esperan días; necesitamos "
        "un centro de salud con enfermería y atención de urgencias.",
    ],
    4: [
        "La escuela rural no tiene maestros suficientes y los niños pierden clases; pedimos "
        "docentes, transporte escolar y aulas en buen estado para que sigan estudiando.",
        "Los jóvenes abandonan el colegio porque no hay becas ni cupos en la universidad; "
        "solicitamos programas de educación técnica y bibliotecas en el barrio.",
        "La sede educativa no tiene internet ni computadores y los estudiantes no pueden "
        "hacer sus tareas; pedimos dotación y formación para los profesores.",
    ],
}


@pytest.fixture(scope="module")
def app_home(trained_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the shared trained home (the app writes to it)."""
    home = tmp_path_factory.mktemp("app_home") / "home"
    shutil.copytree(trained_home, home)
    return home


@pytest.fixture(scope="module")
def app_service(app_home: Path) -> Service:
    return Service(
        Settings(
            home=app_home,
            admin_password=ADMIN_PASSWORD,
            admin_failure_delay_s=0.0,  # wrong and right passwords alternate from 127.0.0.1
            max_batch_texts=MAX_BATCH,
            review_threshold=REVIEW_THRESHOLD,
        )
    )


@pytest.fixture(scope="module")
def app_url(app_service: Service) -> Iterator[str]:
    with launched_app(app_service) as url:
        yield url


@pytest.fixture(scope="module")
def client(app_url: str) -> Client:
    return Client(app_url, verbose=False)


@pytest.fixture
def labelled_csv(tmp_path: Path) -> Path:
    rows = [(text, label) for label, texts in NEW_ROWS.items() for text in texts]
    path = tmp_path / "nuevos_etiquetados.csv"
    pd.DataFrame(rows, columns=["textos", "labels"]).to_csv(path, index=False)
    return path


# ----------------------------------------------------------------------------- access rules


OAUTH_CLIENT = {"OAUTH_CLIENT_ID": "cliente", "OAUTH_CLIENT_SECRET": "secreto-oauth"}
ON_A_SPACE = {"SYSTEM": "spaces", "SPACE_ID": "unfpa/odsgr", **OAUTH_CLIENT}


def test_access_disabled_without_password_or_oauth() -> None:
    policy = AccessPolicy.from_settings(Settings(), oauth=False)
    assert not policy.writes_enabled
    with pytest.raises(AccessDeniedError, match="ODSGR_ADMIN_PASSWORD"):
        policy.authorize("cualquier cosa")


def test_access_password_and_oauth_allow_list() -> None:
    policy = AccessPolicy.from_settings(
        Settings(admin_password="s3creto", admin_users=("Ana",), admin_org="unfpa"),
        oauth=True,
        environ=ON_A_SPACE,
    )
    assert policy.authorize("s3creto") == "admin (contraseña)"
    with pytest.raises(AccessDeniedError, match="no es correcta") as refused:
        policy.authorize("otra")
    assert "s3creto" not in str(refused.value)
    assert policy.authorize(profile={"preferred_username": "ana"}) == "hf:ana"
    org_member = {"preferred_username": "luis", "orgs": [{"preferred_username": "UNFPA"}]}
    assert policy.authorize(profile=org_member) == "hf:luis"
    with pytest.raises(AccessDeniedError, match="no tiene permiso"):
        policy.authorize(profile={"preferred_username": "intrusa"})
    assert "s3creto" not in repr(policy)


def test_oauth_only_on_a_space_or_when_asked() -> None:
    assert not oauth_wanted({})
    assert oauth_wanted({"SPACE_ID": "unfpa/odsgr"})
    assert oauth_wanted({"ODSGR_OAUTH": "1", **OAUTH_CLIENT})
    # On a Space without an allow-list nobody becomes admin through sign-in.
    assert not AccessPolicy.from_settings(Settings(), oauth=True).writes_enabled


def test_app_without_model_explains_how_to_train(tmp_path: Path) -> None:
    from odsgr import ui

    service = Service(Settings(home=tmp_path / "vacio"))
    ui.build_app(service, AccessPolicy.from_settings(service.settings, oauth=False))
    handlers = ui.OdsgrApp(service, AccessPolicy())
    assert "python -m odsgr train" in handlers.status_banner()
    assert "Todavía no hay" in handlers.ui_metrics()[0]
    assert HOW_TO_ENABLE in AccessPolicy().describe()


def test_cli_options_default_from_gradio_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import app

    monkeypatch.setenv("GRADIO_SERVER_PORT", "7999")
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    args = app.parse_args([])
    assert (args.port, args.host, args.no_demo, args.share) == (7999, "0.0.0.0", False, False)
    assert app.parse_args(["--port", "8001", "--no-demo"]).port == 8001


# ----------------------------------------------------------------------------- public API


def test_api_lists_the_named_endpoints(client: Client) -> None:
    api = client.view_api(return_format="dict", print_info=False)
    expected = {
        "/predict",
        "/predict_batch",
        "/predict_file",
        *ADMIN_ENDPOINTS,
        "/metrics",
        "/versions",
        "/history",
        "/drift",
    }
    assert expected <= set(api["named_endpoints"])
    assert not {name for name in api["named_endpoints"] if name.startswith("/ui_")}
    assert api["unnamed_endpoints"] == {}


def test_predict_round_trip(client: Client) -> None:
    result = client.predict(
        "En el centro de salud del barrio no hay médicos y las citas con el especialista "
        "tardan meses; pedimos más personal sanitario.",
        api_name="/predict",
    )
    assert result["label"] == 3
    assert result["label_name"] == "Salud y bienestar"
    assert abs(sum(result["probabilities"].values()) - 1) < 1e-3
    assert isinstance(result["needs_review"], bool)
    assert result["explanation"]["terms"]
    assert "".join(fragment for fragment, _ in result["explanation"]["highlights"]).startswith(
        "En el centro"
    )


def test_predict_empty_text_is_a_clear_message(client: Client) -> None:
    with pytest.raises(AppError, match="vacío") as refused:
        client.predict("   ", api_name="/predict")
    assert "Traceback" not in str(refused.value)


def test_predict_batch_round_trip_and_cap(client: Client) -> None:
    texts = ["La escuela no tiene maestros ni libros para los niños", "No hay médico en el pueblo"]
    results = client.predict(texts, api_name="/predict_batch")
    assert [r["label"] for r in results] == [4, 3]
    with pytest.raises(AppError, match=f"máximo es {MAX_BATCH}"):
        client.predict(["texto de prueba"] * (MAX_BATCH + 1), api_name="/predict_batch")


def test_predict_file_returns_escaped_results(client: Client, fixtures_dir: Path) -> None:
    path, summary = client.predict(
        handle_file(str(fixtures_dir / "sin_etiqueta.csv")), "", api_name="/predict_file"
    )
    assert summary["rows"] == 3 and summary["text_column"] == "Opinión"
    result = pd.read_csv(path, encoding="utf-8-sig")
    assert {"label", "label_name", "probability", "needs_review"} <= set(result.columns)
    assert result["Opinión"].str.startswith("'=").any()  # formula escaped for Excel


def test_bad_upload_returns_the_data_problem(client: Client, tmp_path: Path) -> None:
    bad = tmp_path / "sin_textos.csv"
    bad.write_text("id;nota\n1;\n2;\n", encoding="utf-8")
    with pytest.raises(AppError) as refused:
        client.predict(handle_file(str(bad)), "", api_name="/predict_file")
    message = str(refused.value)
    assert "Traceback" not in message and "error inesperado" not in message
    assert "sin_textos.csv" in message or "columna" in message


def test_read_endpoints_round_trip(client: Client) -> None:
    metrics = client.predict(api_name="/metrics")
    assert {"version", "f1_macro", "accuracy", "per_class", "confusion_matrix"} <= set(metrics)
    versions = client.predict(api_name="/versions")
    assert versions and versions[0]["version"] == "v1"
    history = client.predict("3", "", "", 1, 5, ADMIN_PASSWORD, api_name="/history")
    assert history["total"] > 0 and len(history["rows"]) <= 5
    assert {row["label"] for row in history["rows"]} == {3}
    # Anonymous callers get the counts, never the stored citizen texts, and cannot search them.
    anonymous = client.predict("3", "", "", 1, 5, api_name="/history")
    assert anonymous["rows"] == [] and anonymous["by_label"] == {"3": history["total"]}
    assert "administradores" in anonymous["note"]
    with pytest.raises(AppError, match="reservada a administradores"):
        client.predict("", "", "escuela", 1, 5, api_name="/history")


# ----------------------------------------------------------------------------- admin API


@pytest.mark.parametrize("endpoint", ADMIN_ENDPOINTS)
def test_admin_endpoints_refuse_anonymous_callers(
    client: Client, endpoint: str, labelled_csv: Path
) -> None:
    arguments = {
        "/retrain": (handle_file(str(labelled_csv)), "batch", None, ""),
        "/promote": ("v1", False, ""),
        "/discard": ("v1", ""),
        "/rollback": ("v1", ""),
        "/review_queue": ("",),
        "/review_decide": ([{"id": "abc", "label": 3}], ""),
        "/hub_pull": ("",),
    }[endpoint]
    with pytest.raises(AppError, match="reservada a administradores"):
        client.predict(*arguments, api_name=endpoint)
    wrong = (*arguments[:-1], "no-es-la-clave")
    with pytest.raises(AppError, match="no es correcta") as refused:
        client.predict(*wrong, api_name=endpoint)
    assert ADMIN_PASSWORD not in str(refused.value)


def _call_hidden_endpoint(url: str, fn_index: int, payload: list) -> dict:
    """Call a private (UI-only) event the way a browser does, returning its final message.

    The notices the event showed (``gr.Warning``) are in the message's ``"notices"``.
    """
    notices = []
    session = uuid.uuid4().hex
    joined = httpx.post(
        url + "gradio_api/queue/join",
        json={"data": payload, "fn_index": fn_index, "session_hash": session},
    )
    joined.raise_for_status()
    with httpx.stream(
        "GET", url + "gradio_api/queue/data", params={"session_hash": session}, timeout=60
    ) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "log":
                    notices.append(message.get("log") or "")
                if message.get("msg") == "process_completed":
                    return {**message, "notices": notices}
    raise AssertionError("the hidden endpoint never completed")


def test_hidden_write_events_refuse_anonymous_callers(app_url: str, labelled_csv: Path) -> None:
    config = httpx.get(app_url + "config").json()
    names = {d.get("api_name"): i for i, d in enumerate(config["dependencies"])}
    table = {"headers": ["texto", "ODS"], "data": [["La escuela no tiene maestros", "4"]]}
    calls = {
        "ui_train_candidate": [None, table, "batch", "rows", 500, None, False, 0.8, 42]
        + [None, None, ""],
        "ui_promote": ["v1", True, ""],
        "ui_discard": ["v1", ""],
        "ui_rollback": [None, False, ""],
        "ui_review_load": [""],
        "ui_review_decide": [{"headers": ["id", "ODS revisado"], "data": [["abc", "3"]]}, ""],
        "ui_hub_pull": [""],
    }
    for name, payload in calls.items():
        assert config["dependencies"][names[name]]["api_visibility"] == "private"
        message = _call_hidden_endpoint(app_url, names[name], payload)
        # refused with one notice, outputs left as they were (no error badge on each of them)
        assert any("reservada a administradores" in notice for notice in message["notices"]), name


def test_one_retrain_at_a_time(client: Client, app_service: Service, labelled_csv: Path) -> None:
    with app_service.registry.retrain_lock():
        with pytest.raises(AppError, match="reentrenamiento en curso"):
            client.predict(
                handle_file(str(labelled_csv)), "batch", None, ADMIN_PASSWORD, api_name="/retrain"
            )


def test_admin_retrain_discard_promote_rollback(client: Client, labelled_csv: Path) -> None:
    candidate, report = client.predict(
        handle_file(str(labelled_csv)), "batch", None, ADMIN_PASSWORD, api_name="/retrain"
    )
    assert candidate == report["candidate"] and report["promoted"] is False
    assert {"accepted", "reasons"} <= set(report["gate"])
    assert {"Δ abs", "Δ rel (%)"} <= set(report["comparison"][0])
    assert client.predict(api_name="/metrics")["version"] == "v1"  # still serving the current

    discarded = client.predict(candidate, ADMIN_PASSWORD, api_name="/discard")
    assert discarded == {"discarded": candidate, "current": "v1"}

    second, _ = client.predict(
        handle_file(str(labelled_csv)), "batch", None, ADMIN_PASSWORD, api_name="/retrain"
    )
    assert client.predict(second, True, ADMIN_PASSWORD, api_name="/promote") == {"current": second}
    assert client.predict(api_name="/metrics")["version"] == second
    assert client.predict("v1", ADMIN_PASSWORD, api_name="/rollback") == {"current": "v1"}
    statuses = {v["version"]: v["status"] for v in client.predict(api_name="/versions")}
    assert statuses[candidate] == "discarded" and statuses["v1"] == "current"


# ----------------------------------------------------------------------------- load


def test_twenty_concurrent_predictions_are_all_answered(client: Client) -> None:
    jobs = [
        client.submit(f"Texto {i}: faltan maestros en la escuela del barrio", api_name="/predict")
        for i in range(20)
    ]
    results = [job.result(timeout=60) for job in jobs]
    assert len(results) == 20 and all(r["label"] == 4 for r in results)


def test_unexpected_errors_become_a_generic_spanish_message(caplog) -> None:
    import gradio as gr

    from odsgr import ui

    def broken() -> None:
        raise RuntimeError("detalle interno /ruta/secreta")

    with pytest.raises(gr.Error) as refused:
        ui.user_errors(broken)()
    assert refused.value.message == ui.GENERIC_ERROR
    assert "detalle interno" in caplog.text  # the details go to the log, not to the user


# ----------------------------------------------------------------------------- review, drift


DOUBTFUL = "Reunión de la junta del barrio el martes para hablar de varios temas pendientes."


def test_review_queue_round_trip(client: Client) -> None:
    queued = client.predict(DOUBTFUL, True, api_name="/predict")
    assert queued["needs_review"] and queued["queued_for_review"] is True
    not_queued = client.predict(DOUBTFUL + " Otra vez.", api_name="/predict")
    assert not_queued["queued_for_review"] is False  # opt-in only
    batch = client.predict(
        ["Faltan maestros en la escuela.", "Nadie vino."], True, api_name="/predict_batch"
    )
    assert all(r["queued_for_review"] for r in batch)

    queue = client.predict(ADMIN_PASSWORD, api_name="/review_queue")
    assert len(queue) >= 3
    margins = [item["margin"] for item in queue]
    assert margins == sorted(margins)  # most uncertain first
    assert DOUBTFUL in {item["text"] for item in queue}
    assert {"id", "predicted_label", "probability", "probabilities", "origin"} <= set(queue[0])

    first, second, third = queue[:3]
    other = 4 if second["predicted_label"] != 4 else 3
    decisions = [
        {"id": first["id"], "label": first["predicted_label"]},
        {"id": second["id"], "label": other},
        {"id": third["id"], "label": None},
    ]
    counts = client.predict(decisions, ADMIN_PASSWORD, api_name="/review_decide")
    assert counts == {"confirmed": 1, "corrected": 1, "dismissed": 1, "history_rows": 2}
    remaining = {item["id"] for item in client.predict(ADMIN_PASSWORD, api_name="/review_queue")}
    assert not remaining & {first["id"], second["id"], third["id"]}
    with pytest.raises(AppError, match="ya revisados"):
        client.predict(decisions[:1], ADMIN_PASSWORD, api_name="/review_decide")
    history = client.predict("", "review", "", 1, 100, api_name="/history")
    assert history["total"] >= 2  # they feed the next retrain
    # ... but confirming an item does not make its text public.
    assert history["rows"] == [] and first["text"] not in json.dumps(history, ensure_ascii=False)


def test_predict_file_can_queue_doubtful_rows(client: Client, fixtures_dir: Path) -> None:
    _, summary = client.predict(
        handle_file(str(fixtures_dir / "sin_etiqueta.csv")), "", True, api_name="/predict_file"
    )
    assert summary["queued_for_review"] == summary["needs_review"] > 0


def test_drift_returns_counts_only(client: Client) -> None:
    client.predict("Faltan médicos en el hospital del municipio.", api_name="/predict")
    drift = client.predict(api_name="/drift")
    assert drift["version"] and drift["production"]["predictions"] > 0
    assert {"psi", "low_confidence_ratio", "oov_ratio", "warnings", "retrain_suggested"} <= set(
        drift
    )
    assert drift["series"] and {"date", "predictions", "psi"} <= set(drift["series"][0])
    assert '"text"' not in json.dumps(drift) and DOUBTFUL not in json.dumps(drift)


def test_hub_pull_without_a_model_repo_is_a_clear_message(client: Client) -> None:
    with pytest.raises(AppError, match="ODSGR_HUB_MODEL_REPO"):
        client.predict(ADMIN_PASSWORD, api_name="/hub_pull")


def test_retrain_incremental_and_window_days(client: Client, labelled_csv: Path) -> None:
    candidate, report = client.predict(
        handle_file(str(labelled_csv)),
        "incremental",
        None,
        ADMIN_PASSWORD,
        api_name="/retrain",
    )
    assert report["requested_strategy"] == "incremental" and report["message"]
    client.predict(candidate, ADMIN_PASSWORD, api_name="/discard")

    candidate, report = client.predict(
        handle_file(str(labelled_csv)),
        "window",
        None,
        ADMIN_PASSWORD,
        30,
        False,
        api_name="/retrain",
    )
    assert report["strategy"] == "window" and report["augmentation"] is None
    versions = {v["version"]: v for v in client.predict(api_name="/versions")}
    assert versions[candidate]["strategy"] == "window"
    client.predict(candidate, ADMIN_PASSWORD, api_name="/discard")
    with pytest.raises(AppError, match="window_days"):
        client.predict(
            handle_file(str(labelled_csv)),
            "window",
            None,
            ADMIN_PASSWORD,
            -1,
            False,
            api_name="/retrain",
        )
