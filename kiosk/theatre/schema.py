"""What content/theatre/programme.yaml may say (pydantic; unknown keys are problems)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=400)]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
RelPath = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FilmSpec(_Strict):
    id: Slug
    title: Title
    file: RelPath
    length: int | str
    """Seconds, or "m:ss" (unquoted 0:45 reaches us as 45: YAML's base 60)."""
    synopsis: Text = ""


class LectureSpec(_Strict):
    id: Slug
    title: Title
    speaker: Text = ""
    slides: RelPath | None = None
    """A folder of PNG/JPEG slides, shown in file-name order."""
    pdf: RelPath | None = None
    """Or a PDF: its pages are rendered to images ahead of time."""
    narration: list[Text] = Field(default_factory=list, max_length=200)


class CeremonySpec(_Strict):
    id: Slug
    title: Title = "重温入党誓词"
    pause_seconds: float = Field(default=3.0, ge=1, le=30)
    phrases: list[Phrase] = Field(min_length=1, max_length=60)


class ScheduleSpec(_Strict):
    days: Title
    time: int | str
    item: Slug


class ProgrammeSpec(_Strict):
    films: list[FilmSpec] = Field(default_factory=list, max_length=200)
    lectures: list[LectureSpec] = Field(default_factory=list, max_length=200)
    ceremony: CeremonySpec | None = None
    schedule: list[ScheduleSpec] = Field(default_factory=list, max_length=100)
