"""Key directories and keyrings: creation, permissions, export/import, rollover, retirement."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from kiosk.passes.keys import (
    KEYRING_FILE,
    SIGNING_KEY_FILE,
    KeyFileError,
    Keyring,
    KeyringError,
    SigningKey,
    export_public,
    init_keys,
    is_key_id,
    key_id_for,
    load_keyring,
    load_keyring_dir,
    load_keyring_file,
    load_signing_key,
    retire_key,
    rotate_key,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@posix_only
def test_init_keys_writes_a_private_key_only_the_owner_can_read(tmp_path: Path) -> None:
    key = init_keys(tmp_path / "keys")
    key_file = tmp_path / "keys" / SIGNING_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in key_file.read_bytes()
    assert load_signing_key(tmp_path / "keys").key_id == key.key_id


def test_init_keys_writes_a_keyring_holding_the_public_key(tmp_path: Path) -> None:
    key = init_keys(tmp_path)
    keyring = load_keyring_file(tmp_path / KEYRING_FILE)
    assert keyring.key_ids == (key.key_id,)
    assert "PRIVATE" not in (tmp_path / KEYRING_FILE).read_text()


def test_init_keys_refuses_to_overwrite_an_existing_key(tmp_path: Path) -> None:
    init_keys(tmp_path)
    with pytest.raises(FileExistsError):
        init_keys(tmp_path)


def test_key_id_is_eight_uppercase_hex_digits_of_sha256() -> None:
    import hashlib

    key = SigningKey.generate()
    assert is_key_id(key.key_id)
    assert key.key_id == hashlib.sha256(key.public_raw).hexdigest()[:8].upper()
    assert key_id_for(key.public_raw) == key.key_id
    with pytest.raises(ValueError):
        key_id_for(b"short")


def test_export_and_load_round_trip(key_dir: Path) -> None:
    text = export_public(key_dir)
    assert text.startswith("#")
    assert load_keyring(text) == load_keyring_dir(key_dir)
    assert load_keyring(load_keyring(text).to_text()) == load_keyring(text)


def test_keyring_tolerates_what_a_usb_stick_and_notepad_do(key_dir: Path) -> None:
    text = export_public(key_dir)
    mangled = "\ufeff" + text.replace("\n", "\r\n") + "\r\n\r\n# copied by Zhang on Monday\r\n"
    assert load_keyring(mangled) == load_keyring(text)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda t: t.replace("hall-kiosk-keyring 1", "hall-kiosk-keyring 2"), id="wrong-header"),
        pytest.param(lambda t: "\n".join(x for x in t.splitlines() if not x.startswith("hall-")), id="no-header"),
        pytest.param(lambda t: "\n".join(x for x in t.splitlines() if not x.startswith("key ")), id="no-keys"),
        pytest.param(lambda t: t.replace("ed25519", "rsa"), id="wrong-algorithm"),
        pytest.param(lambda t: t[: t.rindex("=") - 3] + "\n", id="truncated-key"),
        pytest.param(lambda t: _flip_key_id(t), id="key-id-mismatch"),
        pytest.param(lambda t: t.replace(" ed25519 ", " ed25519 !"), id="bad-base64"),
        pytest.param(lambda t: t.replace("key ", "key  extra "), id="extra-field"),
        pytest.param(lambda t: "", id="empty"),
    ],
)
def test_damaged_keyrings_are_refused_loudly(key_dir: Path, damage) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyringError):
        load_keyring(damage(export_public(key_dir)))


def _flip_key_id(text: str) -> str:
    line = next(x for x in text.splitlines() if x.startswith("key "))
    key_id = line.split()[1]
    other = ("0" if key_id[0] != "0" else "1") + key_id[1:]
    return text.replace(f"key {key_id}", f"key {other}")


def test_rotate_key_keeps_the_old_public_key_and_signs_with_the_new(key_dir: Path) -> None:
    old = load_signing_key(key_dir)
    new = rotate_key(key_dir)
    assert new.key_id != old.key_id
    assert load_signing_key(key_dir).key_id == new.key_id
    assert load_keyring_dir(key_dir).key_ids == (old.key_id, new.key_id)
    if sys.platform != "win32":
        assert stat.S_IMODE((key_dir / SIGNING_KEY_FILE).stat().st_mode) == 0o600
    assert sorted(os.listdir(key_dir)) == [KEYRING_FILE, SIGNING_KEY_FILE]


def test_retire_key_drops_it_but_never_the_current_one(key_dir: Path) -> None:
    old = load_signing_key(key_dir)
    new = rotate_key(key_dir)
    with pytest.raises(KeyFileError):
        retire_key(key_dir, new.key_id)
    assert retire_key(key_dir, old.key_id).key_ids == (new.key_id,)
    assert load_keyring_dir(key_dir).key_ids == (new.key_id,)


@posix_only
def test_a_private_key_readable_by_others_is_refused(key_dir: Path) -> None:
    os.chmod(key_dir / SIGNING_KEY_FILE, 0o644)
    with pytest.raises(KeyFileError, match="readable by others"):
        load_signing_key(key_dir)


def test_missing_or_garbage_private_key_is_a_key_file_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError):
        load_signing_key(tmp_path)
    garbage = tmp_path / SIGNING_KEY_FILE
    garbage.write_bytes(b"not a key")
    os.chmod(garbage, 0o600)
    with pytest.raises(KeyFileError):
        load_signing_key(tmp_path)


def test_keyring_verify_is_false_not_an_exception() -> None:
    key = SigningKey.generate()
    keyring = key.keyring()
    signature = key.sign(b"data")
    assert keyring.verify(key.key_id, signature, b"data")
    assert not keyring.verify(key.key_id, signature, b"date")
    assert not keyring.verify(key.key_id, signature[:-1], b"data")
    assert not keyring.verify("00000000", signature, b"data")


def test_keyring_merge_and_without() -> None:
    a, b = SigningKey.generate(), SigningKey.generate()
    both = a.keyring().merged(b.keyring())
    assert set(both) == {a.key_id, b.key_id}
    assert both.without(a.key_id) == b.keyring()
    with pytest.raises(KeyError):
        b.keyring().without(a.key_id)
    assert len(Keyring()) == 0
