"""Fixtures of the packaging tests."""

from __future__ import annotations

import pytest

from tests.packaging.built import Bundle, build_bundle


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """The bundle, built once for every packaging test that needs it."""
    return build_bundle(tmp_path_factory.mktemp("pyinstaller"))
