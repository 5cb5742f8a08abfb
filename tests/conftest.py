"""Shared fixtures: where ../shared lives, and skipping cleanly when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DISCOURSE_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder, or skip the test when it is not beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED}")
    return SHARED


from tests.stats.conftest import tiny_store  # noqa: E402,F401 - the hand-set store, shared by stats, dashboard and CLI tests
