"""Code tests of odsgr.sessions: lazy Gradio session state that mirrors Gradio's own."""

from __future__ import annotations

import pytest

from odsgr import sessions, ui
from odsgr.config import Settings
from odsgr.service import Service

# Gradio's own class, even after install() replaced the name in gradio.state_holder
SessionState = sessions.LazySessionState.__bases__[0]


@pytest.fixture(scope="module")
def demo(trained_home):
    return ui.build_app(Service(Settings(home=trained_home)))


def test_lazy_session_has_the_attributes_and_configs_of_gradios_own(demo):
    eager = SessionState(demo)
    lazy = sessions.LazySessionState(demo)
    assert set(vars(lazy)) == set(vars(eager))
    assert len(lazy.config_values) == len(eager.config_values)
    assert list(lazy.config_values.items()) == list(eager.config_values.items())
    assert list(lazy.components) == list(eager.components)


def test_a_new_session_builds_no_block_config_until_one_is_used(demo):
    session = sessions.LazySessionState(demo)
    assert dict.__len__(session.config_values) == 0
    some_id = next(iter(demo.blocks))
    assert some_id in session.config_values
    assert session.config_values[some_id] == SessionState(demo).config_values[some_id]
    assert dict.__len__(session.config_values) == 1


def test_updating_a_block_overrides_its_config(demo):
    session = sessions.LazySessionState(demo)
    eager = SessionState(demo)
    some_id = next(iter(demo.blocks))
    session._update_value_in_config(some_id, "nuevo")
    eager._update_value_in_config(some_id, "nuevo")
    assert session.config_values[some_id] == eager.config_values[some_id]
    assert list(session.config_values) == list(eager.config_values)


def test_launch_options_install_the_lazy_sessions(demo):
    import gradio.state_holder

    ui.launch_options()
    assert gradio.state_holder.SessionState is sessions.LazySessionState
