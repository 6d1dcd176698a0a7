"""What the content files may say: pydantic models of hall.yaml, zone.yaml and board front matter.

Unknown keys are errors (``extra="forbid"``) so a typo never silently drops a setting.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
AREA_IDS = ("exhibition", "theatre", "quiz")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AttractSpec(_Strict):
    slide_seconds: float = Field(default=6, ge=2, le=60)


class AreaSpec(_Strict):
    id: Literal["exhibition", "theatre", "quiz"]
    title: Text
    subtitle: Text
    description: LongText


class HallSpec(_Strict):
    id: Slug
    name: Text
    subtitle: Text
    welcome: Text = "触摸屏幕开始参观"
    attract: AttractSpec = AttractSpec()
    areas: list[AreaSpec] = Field(min_length=3, max_length=3)
    zones: list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]] = Field(
        min_length=1, max_length=30
    )


class ZoneSpec(_Strict):
    id: Slug
    title: Text
    subtitle: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    cover: Text


class ImageSpec(_Strict):
    file: Text
    caption: str = ""


class BoardSpec(_Strict):
    id: Slug
    title: Text
    images: list[ImageSpec] = Field(default_factory=list, max_length=4)
    narration: str = ""
