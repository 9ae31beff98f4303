"""Checking a survey's answers, the same for every channel (a form, the kiosk's JSON, a
paper form entered by staff). Pure: the questions come in as plain values.

Every problem is found, not just the first, so a form can list them all; nothing is
stored unless there are none (services.record_response).
"""

import unicodedata
from dataclasses import dataclass

from . import fft


@dataclass(frozen=True)
class Asked:
    """What checking needs of a question."""

    id: int
    kind: str  # "fft", "choice" or "text"
    wording: str
    required: bool
    codes: frozenset[str]


def tidy(text: str) -> str:
    """Text as stored: control characters (NUL and the like) out, ends trimmed. Letters in
    any script and emoji stay: people write as they write."""
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return "".join(kept).strip()


def check(asked: list[Asked], given: dict) -> tuple[dict[int, str], dict[int, str]]:
    """(answers by question id, errors by question id). `given` maps question ids (int or
    str) to what was sent; anything else sent is ignored."""
    answers: dict[int, str] = {}
    errors: dict[int, str] = {}
    by_id = {str(key): value for key, value in given.items()}
    for question in asked:
        raw = by_id.get(str(question.id))
        value = tidy(raw) if isinstance(raw, str) else ""
        if raw is not None and not isinstance(raw, str):
            errors[question.id] = "Choose or write an answer, or leave it blank"
        elif not value:
            if question.required:
                errors[question.id] = _missing(question)
        elif question.kind == "text":
            if len(value) > fft.LONGEST_ANSWER:
                errors[question.id] = (
                    f"Your answer must be {fft.LONGEST_ANSWER:,} characters or fewer "
                    f"(it has {len(value):,})"
                )
            else:
                answers[question.id] = value
        elif value not in question.codes:
            errors[question.id] = f"Choose one of the answers to '{question.wording}'"
        else:
            answers[question.id] = value
    return answers, errors


def _missing(question: Asked) -> str:
    if question.kind == "fft":
        return "Choose how your experience of our service was overall"
    if question.kind == "choice":
        return f"Choose an answer to '{question.wording}'"
    return f"Write an answer to '{question.wording}'"
