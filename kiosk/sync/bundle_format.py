"""The USB bundle file: a header, a gzip'd JSON payload and an Ed25519 signature over both.

One JSON object per file: ``{"header": {...}, "payload": base64(gzip(json)), "signature": base64}``.
The signature covers the canonical header and the compressed payload, and the header carries the
payload's SHA-256 and row count, so a tampered, truncated or mixed-up file is refused whole
before anything is imported. Kiosk bundles are signed with the device key (its public half was
registered at enrolment); hub bundles with the hall's pass-signing key (every kiosk of the hall
already trusts its keyring).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = "hall-kiosk-bundle"
VERSION = 1


class BundleError(ValueError):
    """A bundle that cannot be used; nothing of it was imported (message in Chinese)."""


def _canonical(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_bundle(path: Path, header: dict[str, Any], payload: dict[str, Any], sign: Callable[[bytes], bytes]) -> None:
    """Write the bundle atomically (a stick pulled mid-write leaves no half file under the name)."""
    compressed = gzip.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), mtime=0)
    header = {**header, "format": FORMAT, "version": VERSION, "payload_sha256": hashlib.sha256(compressed).hexdigest()}
    signature = sign(_canonical(header) + compressed)
    document = {"header": header, "payload": base64.b64encode(compressed).decode("ascii"),
                "signature": base64.b64encode(signature).decode("ascii")}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def read_bundle(path: Path, verify: Callable[[dict[str, Any]], Callable[[bytes, bytes], bool]], *,
                what: str = "数据包") -> tuple[dict[str, Any], dict[str, Any]]:
    """The (header, payload) of a bundle whose signature ``verify(header)`` accepts.

    ``verify`` gets the header (to pick the key: the device's or the hall's) and returns a
    function ``(signature, data) -> bool``. ``what`` names the file in the refusals (数据包,
    接入申请, 接入文件: the offline enrolment's files share this format).
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        header, payload_b64, signature_b64 = document["header"], document["payload"], document["signature"]
        if not isinstance(header, dict):
            raise TypeError
        compressed = base64.b64decode(payload_b64, validate=True)
        signature = base64.b64decode(signature_b64, validate=True)
    except FileNotFoundError as exc:
        raise BundleError(f"找不到{what} {path}：请核对文件名和 U 盘。") from exc
    except OSError as exc:
        raise BundleError(f"无法读取{what} {path}：{exc.strerror or exc}") from exc
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise BundleError(f"{path.name} 不是完整的{what}（文件损坏或未拷完整），未导入任何数据。") from exc
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise BundleError(f"{path.name} 不是本系统的{what}（或版本不支持），未导入任何数据。")
    if hashlib.sha256(compressed).hexdigest() != header.get("payload_sha256"):
        raise BundleError(f"{path.name} 的内容与签名不符（文件被改动或不完整），未导入任何数据。")
    if not verify(header)(signature, _canonical(header) + compressed):
        raise BundleError(f"{path.name} 的签名无效（不是该设备或展馆签发的，或已被改动），未导入任何数据。")
    try:
        payload = json.loads(gzip.decompress(compressed))
    except (OSError, ValueError, EOFError) as exc:
        raise BundleError(f"{path.name} 的内容损坏，未导入任何数据。") from exc
    if not isinstance(payload, dict):
        raise BundleError(f"{path.name} 的内容损坏，未导入任何数据。")
    return header, payload


def ed25519_signer(key: Ed25519PrivateKey) -> Callable[[bytes], bytes]:
    return key.sign


def ed25519_verifier(public_raw_b64: str) -> Callable[[bytes, bytes], bool]:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_raw_b64, validate=True))
    except (ValueError, binascii.Error):
        return lambda _sig, _data: False

    def verify(signature: bytes, data: bytes) -> bool:
        try:
            key.verify(signature, data)
        except InvalidSignature:
            return False
        return True
    return verify
