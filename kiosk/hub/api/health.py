"""``GET /api/health``: the process is up and its database answers (for a load balancer)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.orm import Session

from kiosk.hub.deps import SESSION

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health")
def health(session: Session = SESSION) -> dict[str, str]:
    session.execute(text("SELECT 1"))
    return {"status": "ok"}
