"""Cheaper Gradio sessions: a block's session config is built when first needed, not up front.

Gradio opens a session for every event whose request carries a new ``session_hash`` — every
plain REST call (``POST /gradio_api/call/NAME``) does — and its ``SessionState`` starts by
building the config of every block of the app (``BlocksConfig.config_for_block``: each
component's ``get_config``, which inspects its constructor's signature). For odsgr's ~170 blocks
that is most of a REST call's cost, and the configs are kept until the session is evicted, while
an API call needs none of them: they serve only deep links and the blocks a handler updates.
:class:`LazySessionState` builds each entry on first use (all of them when iterated), so a
session costs what it uses. Installed by :func:`install` (called by
:func:`odsgr.ui.launch_options`); ``tests/test_sessions.py`` checks it still mirrors the
installed Gradio's ``SessionState``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from copy import copy
from typing import TYPE_CHECKING, Any

import gradio.state_holder
from gradio.state_holder import SessionState

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_keys, dict_values

    from gradio.blocks import Blocks, BlocksConfig

__all__ = ["LazySessionState", "install"]


class _LazyConfigValues(dict[int, Any]):
    """``SessionState.config_values`` whose entries are built on first access."""

    def __init__(self, blocks_config: BlocksConfig, ids: list[int]) -> None:
        super().__init__()
        self._blocks_config = blocks_config
        self._order = ids
        self._pending = set(ids)

    def _build(self, key: int) -> None:
        self._pending.discard(key)
        block = self._blocks_config.blocks[key]
        dict.__setitem__(self, key, self._blocks_config.config_for_block(key, [], block))

    def _build_all(self) -> None:
        if not self._pending:
            return
        for key in [k for k in self._order if k in self._pending]:
            self._build(key)
        # Gradio's own dict is in block order; deep links read it in that order.
        ordered = {k: dict.__getitem__(self, k) for k in self._order if dict.__contains__(self, k)}
        extra = {k: v for k, v in dict.items(self) if k not in ordered}
        dict.clear(self)
        dict.update(self, {**ordered, **extra})

    def __missing__(self, key: int) -> Any:
        if key not in self._pending:
            raise KeyError(key)
        self._build(key)
        return dict.__getitem__(self, key)

    def __contains__(self, key: object) -> bool:
        return key in self._pending or dict.__contains__(self, key)

    def __setitem__(self, key: int, value: Any) -> None:
        self._pending.discard(key)
        dict.__setitem__(self, key, value)

    def get(self, key: int, default: Any = None) -> Any:
        return self[key] if key in self else default

    def __iter__(self) -> Iterator[int]:
        self._build_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._pending)

    def keys(self) -> dict_keys[int, Any]:
        self._build_all()
        return dict.keys(self)

    def values(self) -> dict_values[int, Any]:
        self._build_all()
        return dict.values(self)

    def items(self) -> dict_items[int, Any]:
        self._build_all()
        return dict.items(self)


class LazySessionState(SessionState):
    """Gradio's ``SessionState`` without building every block's config at creation."""

    def __init__(self, blocks: Blocks) -> None:
        # Gradio's __init__ minus the eager ``config_values`` comprehension.
        self.blocks_config = copy(blocks.default_config)
        ids = [k for k in self.blocks_config.blocks if k in blocks.blocks]
        self.config_values = _LazyConfigValues(self.blocks_config, ids)
        self.state_data: dict[int, Any] = {}
        self._state_ttl = {}
        self.is_closed = False
        self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600


def install() -> None:
    """Make Gradio's session store create :class:`LazySessionState` sessions (idempotent)."""
    # Replacing a class attribute of Gradio's module: mypy forbids assigning to a type name.
    setattr(gradio.state_holder, "SessionState", LazySessionState)  # noqa: B010
