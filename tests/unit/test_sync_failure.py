"""A SyncFailure raised through a ``with`` block (a transaction, a client) still arrives as itself:
Python writes ``__traceback__`` and ``__context__`` onto a raised exception, which a frozen dataclass
refused, so the staff saw a FrozenInstanceError instead of the sentence."""

from __future__ import annotations

import contextlib

import pytest

from kiosk.sync.failures import SyncFailure


@contextlib.contextmanager
def _transaction():  # type: ignore[no-untyped-def]
    """Like Database.transaction: a generator-based context manager that rolls back and re-raises."""
    try:
        yield
    except Exception:
        raise


def test_a_sync_failure_passes_through_a_with_block_and_an_except_clause() -> None:
    with pytest.raises(SyncFailure) as caught:
        with _transaction(), contextlib.ExitStack():
            try:
                raise ValueError("the cause")
            except ValueError as cause:
                raise SyncFailure("network", "网络不通") from cause
    assert str(caught.value) == "网络不通" and caught.value.kind == "network"
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_sync_failure_raised_while_handling_another_keeps_its_context() -> None:
    with pytest.raises(SyncFailure) as caught:
        try:
            raise OSError("socket")
        except OSError:
            raise SyncFailure("timeout", "中心响应超时")  # noqa: B904 - the implicit context is the point
    assert isinstance(caught.value.__context__, OSError)
