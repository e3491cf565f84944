"""A loopback stand-in for an OpenAI-compatible chat-completions endpoint.

The real ``openai.OpenAI`` client talks to it over HTTP exactly as to the real API, so tests cover
the client's own retries, timeouts and error classes. Each request gets one *behaviour*, taken
from ``script`` while it lasts and then from ``default``:

- ``"json"``: honours ``response_format`` (json_schema / json_object) and answers a JSON object;
  without ``response_format`` it answers numbered lines.
- ``"plain"``: ignores ``response_format`` and answers a preamble plus numbered lines.
- ``"paragraphs"``: ignores ``response_format`` and answers blank-line separated paragraphs.
- ``"no_schema"``: a server without structured output: 400 when ``response_format`` is sent,
  numbered lines otherwise.
- ``"429"``: rate limited, with ``retry-after: <retry_after>``.
- ``"500"``: internal server error.
- ``"malformed"``: status 200 with a truncated, invalid JSON body.
- ``"slow"``: sleeps ``slow_seconds`` before a ``"json"`` answer; ``slow_replies`` counts the
  slow requests it finished waiting for, so ``slow_replies == 0`` proves the client gave up first.

Texts are generated deterministically from the prompt: sentences of the source texts (found
between ``<texto>`` and ``</texto>``) are recombined and lightly edited, so a quality gate accepts
most of them. ``extras`` puts deliberately bad texts first in every successful answer:
``"duplicate"`` (the first source verbatim), ``"french"``, ``"english"``, ``"empty"``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_SOURCE = re.compile(r"<texto>\n(.*?)\n</texto>", re.DOTALL)
_COUNT = re.compile(r"(\d+) textos nuevos")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_OPENERS = (
    "Además, ",
    "Por otro lado, ",
    "En nuestra zona, ",
    "Desde hace tiempo, ",
    "Sinceramente, ",
    "A mi juicio, ",
    "Como vecina del barrio, ",
    "Hay que decir que ",
)
_SYNONYMS = {
    "barrio": "vecindario",
    "ayuntamiento": "consistorio",
    "niños": "menores",
    "familias": "hogares",
    "personas": "vecinos",
    "ciudad": "localidad",
    "problema": "asunto",
    "importante": "fundamental",
    "muchas": "numerosas",
    "ahora": "actualmente",
}
FRENCH_TEXT = (
    "Dans notre quartier, les familles attendent depuis des mois une aide de la mairie pour "
    "payer le loyer, et les enfants vont à l'école sans avoir mangé le matin. Les associations "
    "font ce qu'elles peuvent, mais elles n'ont plus assez de bénévoles pour tout le monde."
)
ENGLISH_TEXT = (
    "In our neighbourhood the families have been waiting for months for the council to help "
    "them pay the rent, and the children go to school without any breakfast. The charities do "
    "what they can, but they no longer have enough volunteers to help everyone who asks."
)


def generate_texts(prompt: str, count: int | None = None) -> list[str]:
    """Plausible Spanish texts recombined from the sources quoted in ``prompt`` (deterministic)."""
    sources = _SOURCE.findall(prompt)
    if count is None:
        match = _COUNT.search(prompt)
        count = int(match.group(1)) if match else 3
    sentences = [s for source in sources for s in _SENTENCE.split(source.strip()) if s]
    if not sentences:
        return [f"Texto de ejemplo número {i + 1} sobre el tema pedido." for i in range(count)]
    per_text = max(2, round(len(sentences) / max(len(sources), 1)))
    texts = []
    for index in range(count):
        seed = hashlib.sha256(f"{prompt}\x00{index}".encode()).hexdigest()
        rng = random.Random(seed)
        chosen = rng.sample(sentences, min(per_text, len(sentences)))
        edited = [_edit(sentence, rng) for sentence in chosen]
        opener = rng.choice(_OPENERS)
        first = edited[0]
        edited[0] = opener + first[:1].lower() + first[1:]
        texts.append(" ".join(edited))
    return texts


def _edit(sentence: str, rng: random.Random) -> str:
    words = sentence.split(" ")
    return " ".join(_SYNONYMS.get(word, word) if rng.random() < 0.7 else word for word in words)


class OpenAIDouble:
    """A threaded HTTP server answering ``POST /v1/chat/completions`` like the OpenAI API.

    Use as a context manager; ``base_url`` goes to ``openai.OpenAI(base_url=...)``. Every request
    body is kept in ``requests`` (with the behaviour it got under the key ``"_behaviour"``).
    """

    def __init__(
        self,
        default: str = "json",
        script: Iterable[str] = (),
        *,
        extras: Iterable[str] = (),
        retry_after: str = "0.05",
        slow_seconds: float = 2.0,
    ) -> None:
        self.default = default
        self.script = list(script)
        self.extras = tuple(extras)
        self.retry_after = retry_after
        self.slow_seconds = slow_seconds
        self.slow_replies = 0
        self.requests: list[dict[str, Any]] = []
        self.request_times: list[float] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    def behaviours(self) -> list[str]:
        """The behaviour each request got, in order."""
        with self._lock:
            return [request["_behaviour"] for request in self.requests]

    def __enter__(self) -> OpenAIDouble:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_behaviour(self, body: dict[str, Any]) -> str:
        with self._lock:
            behaviour = self.script.pop(0) if self.script else self.default
            self.requests.append({**body, "_behaviour": behaviour})
            self.request_times.append(time.monotonic())
            return behaviour

    def _answer(self, body: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        behaviour = self._next_behaviour(body)
        if behaviour == "429":
            return _error(429, "Rate limit reached", "rate_limit_exceeded", self.retry_after)
        if behaviour == "500":
            return _error(500, "The server had an error while processing your request", None)
        if behaviour == "malformed":
            return 200, {"content-type": "application/json"}, b'{"id": "chatcmpl-x", "choices": ['
        if behaviour == "slow":
            time.sleep(self.slow_seconds)
            with self._lock:
                self.slow_replies += 1
            behaviour = "json"
        prompt = "\n".join(str(message.get("content", "")) for message in body["messages"])
        texts = [_extra(kind, prompt) for kind in self.extras] + generate_texts(prompt)
        response_format = body.get("response_format")
        if behaviour == "no_schema" and response_format:
            return _error(400, "response_format json_schema is not supported", "invalid_param")
        if behaviour == "json" and response_format:
            content = json.dumps({_array_key(response_format): texts}, ensure_ascii=False)
        elif behaviour == "paragraphs":
            content = "\n\n".join(texts)
        else:
            lines = [f"{number}. {text}" for number, text in enumerate(texts, start=1)]
            content = "Aquí tienes los textos solicitados:\n\n" + "\n".join(lines)
        return 200, {"content-type": "application/json"}, _completion(body, prompt, content)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - the http.server hook name
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(*_error(404, f"Unknown path {self.path}", "not_found"))
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    self._send(*_error(400, "Request body is not JSON", "invalid_json"))
                    return
                self._send(*double._answer(body))

            def _send(self, status: int, headers: dict[str, str], payload: bytes) -> None:
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout); nothing to answer

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        return Handler


def _array_key(response_format: dict[str, Any]) -> str:
    schema = response_format.get("json_schema", {}).get("schema", {})
    for name, spec in schema.get("properties", {}).items():
        if spec.get("type") == "array":
            return name
    return "texts"


def _extra(kind: str, prompt: str) -> str:
    if kind == "duplicate":
        sources = _SOURCE.findall(prompt)
        return sources[0] if sources else ""
    return {"french": FRENCH_TEXT, "english": ENGLISH_TEXT, "empty": "   "}[kind]


def _completion(body: dict[str, Any], prompt: str, content: str) -> bytes:
    payload = {
        "id": "chatcmpl-double-" + hashlib.sha256(content.encode()).hexdigest()[:12],
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "double"),
        "system_fingerprint": "fp_double",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": len(prompt) // 4,
            "completion_tokens": len(content) // 4,
            "total_tokens": len(prompt) // 4 + len(content) // 4,
        },
    }
    return json.dumps(payload, ensure_ascii=False).encode()


def _error(
    status: int, message: str, code: str | None, retry_after: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    headers = {"content-type": "application/json"}
    if retry_after is not None:
        headers["retry-after"] = retry_after
    kind = "invalid_request_error" if status < 500 else "server_error"
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return status, headers, json.dumps(body).encode()
