"""Fixtures for the signed-pass tests: a key directory, its keyring and a pass factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pass_helpers import PassFactory, make_pass

from kiosk.passes.codec import IssuedPass
from kiosk.passes.keys import Keyring, SigningKey, export_public, init_keys, load_keyring, load_signing_key


@pytest.fixture
def key_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "keys"
    init_keys(folder)
    return folder


@pytest.fixture
def signing_key(key_dir: Path) -> SigningKey:
    return load_signing_key(key_dir)


@pytest.fixture
def keyring(key_dir: Path) -> Keyring:
    return load_keyring(export_public(key_dir))


@pytest.fixture
def new_pass(signing_key: SigningKey) -> PassFactory:
    def build(**overrides: Any) -> IssuedPass:
        return make_pass(signing_key, **overrides)

    return build
