from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EXAMPLE = SHARED / "examples" / "cbs-kyiv-talks.txt"
BUNDLED_EXAMPLE = REPO / "newsdesk" / "demo" / "cbs-kyiv-talks.txt"


@pytest.fixture
def example_page() -> Path:
    """The reference page: from ../shared when present, else the copy bundled as demo data."""
    return EXAMPLE if EXAMPLE.exists() else BUNDLED_EXAMPLE
