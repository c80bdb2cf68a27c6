"""Child-friendly information: topics, screens, review status and what a session records.

Pure models. The text lives in gettext catalogs (``translations/<lang>/LC_MESSAGES/
information.po``, msgctxt = screen id) so translators use ordinary PO tools; the
structure (topics, screen order, pictograms) lives in resources/information/topics.json.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

TOPIC_IDS = (
    "welcome",
    "rights",
    "guardian",
    "protection",
    "age",
    "family",
    "health",
    "school",
    "safety",
    "complaints",
    "your_information",
    "next_steps",
)


class ReviewStatus(StrEnum):
    SOURCE = "source"  # the original text
    DRAFT = "draft"  # not yet checked by a qualified translator
    REVIEWED = "reviewed"


class Review(BaseModel):
    status: ReviewStatus = ReviewStatus.DRAFT
    by: str = ""
    date: dt.date | None = None


class Screen(BaseModel):
    id: str
    text: str


class Topic(BaseModel):
    id: str
    title: str
    pictogram: str
    screens: list[Screen]
    simple: list[Screen] = []
    review: Review = Review()


class ChildAnswer(StrEnum):
    UNDERSTOOD = "understood"
    QUESTION = "question"
    NO_ANSWER = "no_answer"


class ScreenShown(BaseModel):
    screen_id: str
    topic_id: str
    seconds: float = Field(ge=0)
    answer: ChildAnswer = ChildAnswer.NO_ANSWER


class InformationSession(BaseModel):
    """Proof that the child was informed: what, in which language, by whom, the answers."""

    language: str
    simple_version: bool = False
    screens: list[ScreenShown]
    interpreter_name: str = ""
    interpreter_language: str = ""
    notes: str = ""
    started_at: dt.datetime
    ended_at: dt.datetime

    def topics_covered(self) -> list[str]:
        seen: dict[str, None] = {}
        for shown in self.screens:
            seen.setdefault(shown.topic_id, None)
        return list(seen)

    def questions(self) -> list[str]:
        return [s.screen_id for s in self.screens if s.answer == ChildAnswer.QUESTION]
