"""Who may change things: reading and predicting are open, every write needs an admin.

Two ways to be an admin:

* **Hugging Face OAuth** (on a Space, or when ``ODSGR_OAUTH=1``): the signed-in user is in
  ``settings.admin_users`` or belongs to the organisation ``settings.admin_org``. Sign-in counts
  only where Gradio runs the real OAuth flow (on a Space): elsewhere Gradio mocks the login and
  signs anyone in as the owner of ``HF_TOKEN``, so a profile is never trusted there.
* **Password** (local use): the password typed in the app or sent as ``admin_password`` to an
  admin API endpoint equals ``settings.admin_password`` (``ODSGR_ADMIN_PASSWORD``). Wrong
  passwords are throttled by :class:`FailureThrottle` (per client address, then globally); a
  refusal is immediate, so a guesser never holds a write slot and a right password is never slowed.

With neither configured, writes are disabled (never open). Nothing here logs or repeats a secret.
"""

from __future__ import annotations

import hmac
import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from odsgr.config import Settings
from odsgr.errors import AccessDeniedError, ConfigurationError

__all__ = [
    "PASSWORD_ACTOR",
    "OAUTH_WITHOUT_SECRET",
    "HOW_TO_ENABLE",
    "oauth_wanted",
    "oauth_verified",
    "WRONG_PASSWORD",
    "MAX_BACKOFF_S",
    "LOCK_WINDOW_S",
    "MAX_TRACKED_ADDRESSES",
    "FailureThrottle",
    "AccessPolicy",
]

log = logging.getLogger(__name__)

PASSWORD_ACTOR = "admin (contraseña)"
OAUTH_WITHOUT_SECRET = (
    "ODSGR_OAUTH=1 pide el inicio de sesión con Hugging Face, pero aquí no hay OAuth real: fuera "
    "de un Space, Gradio simula el inicio de sesión (cualquiera entraría como el dueño de "
    "HF_TOKEN) y firma las sesiones con una clave vacía. Quite ODSGR_OAUTH, o defina "
    "OAUTH_CLIENT_ID y OAUTH_CLIENT_SECRET (un Space con hf_oauth los define solo). Para "
    "administrar en local, use ODSGR_ADMIN_PASSWORD."
)
HOW_TO_ENABLE = (
    "Las acciones de administración (reentrenar, promover, descartar, volver a una versión "
    "anterior) están desactivadas. Para activarlas, defina la variable de entorno "
    "ODSGR_ADMIN_PASSWORD antes de arrancar la aplicación o, en un Space de Hugging Face, "
    "ODSGR_ADMIN_USERS (usuarios separados por comas) u ODSGR_ADMIN_ORG (organización)."
)


def oauth_wanted(environ: Mapping[str, str] | None = None) -> bool:
    """Whether Hugging Face sign-in should be offered: on a Space, or when ``ODSGR_OAUTH=1``.

    ``gr.LoginButton`` outside a Space asks the Hub who the local user is when the app is built,
    so it is only added when this returns True.

    Raises:
        ConfigurationError: ``ODSGR_OAUTH=1`` outside a Space without both ``OAUTH_CLIENT_ID``
            and ``OAUTH_CLIENT_SECRET`` (the session cookie would be signed with an empty key).
    """
    environ = os.environ if environ is None else environ
    explicit = environ.get("ODSGR_OAUTH", "").strip().lower() in {"1", "true", "yes", "si", "sí"}
    on_space = bool(environ.get("SPACE_ID"))
    client = bool(environ.get("OAUTH_CLIENT_ID") and environ.get("OAUTH_CLIENT_SECRET"))
    if explicit and not (on_space or client):
        raise ConfigurationError(OAUTH_WITHOUT_SECRET)
    return on_space or explicit


def oauth_verified(environ: Mapping[str, str] | None = None) -> bool:
    """Whether Gradio signs users in through real Hugging Face OAuth.

    Gradio serves the real flow only on a Space (``SYSTEM=spaces`` and ``SPACE_ID``, as in
    ``gradio.utils.get_space``) with the OAuth client configured; anywhere else its login routes
    are a local mock, so a profile proves nothing.
    """
    environ = os.environ if environ is None else environ
    return bool(
        environ.get("SYSTEM") == "spaces"
        and environ.get("SPACE_ID")
        and environ.get("OAUTH_CLIENT_ID")
        and environ.get("OAUTH_CLIENT_SECRET")
    )


def _profile_field(profile: Mapping | None, key: str) -> object:
    if profile is None:
        return None
    try:
        return profile.get(key)
    except AttributeError:
        return getattr(profile, key, None)


def _organisations(profile: Mapping | None) -> set[str]:
    names: set[str] = set()
    orgs = _profile_field(profile, "orgs")
    for org in orgs if isinstance(orgs, Iterable) else []:
        if isinstance(org, Mapping):
            names.update(str(org[k]).lower() for k in ("preferred_username", "name") if org.get(k))
        elif isinstance(org, str):
            names.add(org.lower())
    return names


WRONG_PASSWORD = "La contraseña de administración no es correcta."
MAX_BACKOFF_S = 900.0
LOCK_WINDOW_S = 600.0
MAX_TRACKED_ADDRESSES = 10_000


def _round_up(amount: float) -> int:
    """``amount`` rounded up, ignoring floating-point dust (600.0000001 s is 600 s)."""
    return max(1, math.ceil(amount - 1e-6))


@dataclass
class FailureThrottle:
    """Exponential back-off per client address, then a temporary global lock, for passwords.

    After ``n`` wrong passwords in a row from one address, that address is refused without any
    check for ``base_s * 2**(n-1)`` seconds (at most ``MAX_BACKOFF_S``). When ``lock_failures``
    wrong passwords arrive from any addresses within ``LOCK_WINDOW_S``, password sign-in is
    locked for everyone for ``lock_s`` seconds. Refusals never sleep. ``base_s=0`` disables the
    back-off and ``lock_failures=0`` the lock.
    """

    base_s: float = 1.0
    lock_failures: int = 30
    lock_s: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict, repr=False)
    _recent: deque = field(default_factory=deque, repr=False)
    _locked_until: float = 0.0
    _mutex: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def check(self, address: str) -> None:
        """Refuse (AccessDeniedError) while the surface is locked or ``address`` backs off."""
        now = self.clock()
        with self._mutex:
            if now < self._locked_until:
                minutes = _round_up((self._locked_until - now) / 60)
                raise AccessDeniedError(
                    "La administración con contraseña está bloqueada durante "
                    f"{minutes} min por demasiados intentos fallidos (acción reservada a "
                    "administradores)."
                )
            _, blocked_until = self._failures.get(address, (0, 0.0))
        if now < blocked_until:
            raise AccessDeniedError(
                "Demasiados intentos fallidos de contraseña: espere "
                f"{_round_up(blocked_until - now)} s antes de volver a intentarlo (acción "
                "reservada a administradores)."
            )

    def failed(self, address: str) -> None:
        """Count a wrong password from ``address``; may start the global lock (logged)."""
        now = self.clock()
        with self._mutex:
            count = self._failures.get(address, (0, 0.0))[0] + 1
            wait = min(self.base_s * 2 ** min(count - 1, 30), MAX_BACKOFF_S) if self.base_s else 0
            if len(self._failures) >= MAX_TRACKED_ADDRESSES:
                self._failures = {a: f for a, f in self._failures.items() if f[1] > now}
            self._failures[address] = (count, now + wait)
            if not self.lock_failures:
                return
            self._recent.append(now)
            while self._recent and self._recent[0] < now - LOCK_WINDOW_S:
                self._recent.popleft()
            if len(self._recent) >= self.lock_failures:
                self._locked_until = now + self.lock_s
                self._recent.clear()
                log.warning(
                    "Admin password sign-in locked for %.0f s after %d wrong passwords in %.0f s",
                    self.lock_s,
                    self.lock_failures,
                    LOCK_WINDOW_S,
                )

    def succeeded(self, address: str) -> None:
        """Forget the failures of ``address``."""
        with self._mutex:
            self._failures.pop(address, None)


@dataclass(frozen=True)
class AccessPolicy:
    """The admin rules of one running app."""

    password: str = field(default="", repr=False)
    admin_users: tuple[str, ...] = ()
    admin_org: str = ""
    oauth: bool = False
    oauth_verified: bool = False
    throttle: FailureThrottle = field(
        default_factory=lambda: FailureThrottle(base_s=0, lock_failures=0), compare=False
    )

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        oauth: bool | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> AccessPolicy:
        """The policy for ``settings``.

        Args:
            settings: the admin password, allow-list and failure delay.
            oauth: offer Hugging Face sign-in; ``None`` decides with :func:`oauth_wanted`.
            environ: the environment to read (``os.environ`` by default).

        Raises:
            ConfigurationError: see :func:`oauth_wanted`.
        """
        return cls(
            password=settings.admin_password,
            admin_users=tuple(u.lower() for u in settings.admin_users),
            admin_org=settings.admin_org.lower(),
            oauth=oauth_wanted(environ) if oauth is None else oauth,
            oauth_verified=oauth_verified(environ),
            throttle=FailureThrottle(
                base_s=settings.admin_failure_delay_s,
                lock_failures=settings.admin_lock_failures,
                lock_s=settings.admin_lock_minutes * 60,
            ),
        )

    @property
    def password_enabled(self) -> bool:
        """Whether a password can unlock admin actions."""
        return bool(self.password)

    @property
    def oauth_enabled(self) -> bool:
        """Whether Hugging Face sign-in can unlock admin actions.

        Someone must be allowed, and the sign-in must be real OAuth (never Gradio's local mock).
        """
        return self.oauth and self.oauth_verified and bool(self.admin_users or self.admin_org)

    @property
    def writes_enabled(self) -> bool:
        """Whether any admin action is possible at all."""
        return self.password_enabled or self.oauth_enabled

    def describe(self) -> str:
        """One Spanish sentence telling an analyst how to act as admin here."""
        if not self.writes_enabled:
            return HOW_TO_ENABLE
        ways = []
        if self.oauth_enabled:
            ways.append("inicie sesión con Hugging Face (cuenta autorizada)")
        if self.password_enabled:
            ways.append("escriba la contraseña de administración")
        return "Para reentrenar o cambiar de versión, " + " o ".join(ways) + "."

    def authorize(
        self, password: str | None = None, profile: Mapping | None = None, client: str = ""
    ) -> str:
        """The admin's name for the audit log, or AccessDeniedError.

        Args:
            password: what the caller typed or sent as ``admin_password``.
            profile: the Hugging Face profile of the signed-in user (``gr.OAuthProfile``).
            client: the caller's network address, for the password throttle.

        Raises:
            AccessDeniedError: writes are disabled, or the credentials are missing or wrong.
        """
        if not self.writes_enabled:
            raise AccessDeniedError(HOW_TO_ENABLE)
        if password is not None and not isinstance(password, str):  # e.g. a number sent to the API
            log.warning("Admin action refused: the password is not a string")
            raise AccessDeniedError(WRONG_PASSWORD)
        if profile is not None and not self.oauth_verified:
            log.warning("Hugging Face profile ignored: sign-in is Gradio's local mock here")
        if self.oauth_enabled and profile is not None:
            username = str(_profile_field(profile, "preferred_username") or "")
            username = username or str(_profile_field(profile, "username") or "")
            if username and username.lower() in self.admin_users:
                return f"hf:{username}"
            if self.admin_org and self.admin_org in _organisations(profile):
                return f"hf:{username}"
            if not (self.password_enabled and password):
                log.warning("Admin action refused for a signed-in user without permission")
                raise AccessDeniedError(
                    f"La cuenta «{username}» no tiene permiso de administración en esta aplicación."
                )
        if self.password_enabled and password:
            self.throttle.check(client)
            if hmac.compare_digest(password.encode("utf-8"), self.password.encode("utf-8")):
                self.throttle.succeeded(client)
                return PASSWORD_ACTOR
            log.warning("Admin action refused: wrong password")
            self.throttle.failed(client)
            raise AccessDeniedError(WRONG_PASSWORD)
        raise AccessDeniedError("Esta acción está reservada a administradores. " + self.describe())
