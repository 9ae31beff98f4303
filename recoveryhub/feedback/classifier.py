"""Suggested themes and a sentiment for feedback comments, worked out on the trust's own machine.

A small scikit-learn model trained from `data/comments_training.csv` (comments we wrote
ourselves, labelled with the QDC major categories in `themes.py`): TF-IDF of words and of
character pieces, so typos and word endings still match, then one logistic regression per
theme and one for the sentiment. It is trained the first time it is needed, in well under a
second, and kept for the life of the process: no model file to ship or trust, nothing
downloaded and nothing sent anywhere.

These are suggestions for the feedback lead to confirm, never decisions. When the model has
little to go on it says so (`uncertain`), and the page shows "theme uncertain".

Labelling rules for the CSVs (the QDC framework's v6 subcategories decide close calls):
praise or complaints about the service as a whole are "general"; how staff behave, how many
there are and seeing the same person are "staff"; waiting, appointments and getting through
are "access"; being listened to, told and involved (family and carers too) are
"communication"; assessment, referrals, care plans, discharge, records and the difference the
care made are "journey"; crisis support, the Mental Health Act, therapy and feeling safe are
"mental_health".
"""

import csv
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion
from threadpoolctl import threadpool_limits

from .themes import BY_CODE, SENTIMENTS, THEMES

# Bump when the training data or the model changes, so stored suggestions say which made them.
# test_classifier checks TRAINING_DATA_SHA256 against the file, so a change cannot slip by.
MODEL_VERSION = "2026-12-qdc6-1"
TRAINING_DATA_SHA256 = "b3624246094396d6392138b78e4c89371a11a087e781ced2419c2370f4bac76e"
DATA = Path(__file__).parent / "data"
TRAINING_CSV = DATA / "comments_training.csv"

# Chosen once by cross-validation on the training set (evaluation.choose_thresholds), not
# on the held-out comments: a theme is suggested at this probability or above...
THEME_THRESHOLD = 0.5
# ...and the comment is "theme uncertain" when even the best theme is below this,
UNCERTAIN_BELOW = 0.5
# or when it has fewer than this many words the model has seen ("ok", "asdf qwer").
MIN_KNOWN_WORDS = 2
MAX_THEMES = 3  # more than three themes on one comment is noise for the reader
WORDS = re.compile(r"(?u)\b[^\W\d_]{2,}\b")  # words of two or more letters


@dataclass(frozen=True)
class Suggestion:
    themes: tuple[tuple[str, float], ...]  # (theme code, probability), best first, at least one
    sentiment: str  # a key of themes.SENTIMENTS
    sentiment_confidence: float
    uncertain: bool  # too little to go on: show "theme uncertain"


@dataclass(frozen=True)
class Model:
    features: FeatureUnion
    words: TfidfVectorizer  # the word part of `features`, to count known words
    themes: OneVsRestClassifier
    sentiment: LogisticRegression


def read_comments(path: Path) -> tuple[list[str], list[list[str]], list[str]]:
    """Texts, theme codes and sentiments from one of our labelled CSVs, checked as read."""
    texts, themes, sentiments = [], [], []
    with path.open(newline="", encoding="utf-8") as file:
        for line, row in enumerate(csv.DictReader(file), start=2):
            codes = row["themes"].split(";")
            unknown = [c for c in codes if c not in BY_CODE] + (
                [row["sentiment"]] if row["sentiment"] not in SENTIMENTS else []
            )
            if unknown:
                raise ValueError(f"{path.name} line {line}: unknown label {unknown[0]!r}")
            texts.append(row["text"])
            themes.append(codes)
            sentiments.append(row["sentiment"])
    return texts, themes, sentiments


def train(
    texts: Sequence[str], themes: Sequence[Sequence[str]], sentiments: Sequence[str]
) -> Model:
    """Fit the model; `suggest` uses the one trained on comments_training.csv."""
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=WORDS.pattern)
    features = FeatureUnion(
        [
            ("words", words),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
        ]
    )
    codes = [theme.code for theme in THEMES]
    y = np.array([[code in row for code in codes] for row in themes], dtype=int)
    # C and the solvers were chosen by cross-validation on the training comments. One BLAS
    # thread: on matrices this small, more threads only fight each other (40 s, not 0.5 s,
    # on a busy machine).
    with threadpool_limits(limits=1):
        x = features.fit_transform([clean_text(t) for t in texts])
        theme_model = OneVsRestClassifier(
            LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear", random_state=0)
        ).fit(x, y)
        sentiment_model = LogisticRegression(
            C=10.0, class_weight="balanced", solver="newton-cg", max_iter=1000
        ).fit(x, list(sentiments))
    return Model(features, features.transformer_list[0][1], theme_model, sentiment_model)


@cache
def _trained() -> Model:
    return train(*read_comments(TRAINING_CSV))


def suggest(texts: Sequence[str], model: Model | None = None) -> list[Suggestion]:
    """Suggested themes and a sentiment for each text, in order."""
    if isinstance(texts, str):
        raise TypeError("suggest takes a sequence of texts, not one text")
    if not texts:
        return []
    model = model or _trained()
    cleaned = [clean_text(t) for t in texts]
    with threadpool_limits(limits=1):
        x = model.features.transform(cleaned)
        theme_probabilities = model.themes.predict_proba(x)
        sentiment_probabilities = model.sentiment.predict_proba(x)
    codes = [theme.code for theme in THEMES]
    suggestions = []
    for text, probabilities, feelings in zip(
        cleaned, theme_probabilities, sentiment_probabilities, strict=True
    ):
        known = sum(word in model.words.vocabulary_ for word in WORDS.findall(text))
        ranked = sorted(zip(codes, probabilities, strict=True), key=lambda p: -p[1])
        chosen = [ranked[0]] + [p for p in ranked[1:MAX_THEMES] if p[1] >= THEME_THRESHOLD]
        best = int(np.argmax(feelings))
        sentiment, confidence = str(model.sentiment.classes_[best]), float(feelings[best])
        if not known:  # nothing to go on: the model's leaning would be a guess
            sentiment, confidence = "neutral", 0.0
        suggestions.append(
            Suggestion(
                themes=tuple((code, round(float(p), 3)) for code, p in chosen),
                sentiment=sentiment,
                sentiment_confidence=round(confidence, 3),
                uncertain=bool(known < MIN_KNOWN_WORDS or ranked[0][1] < UNCERTAIN_BELOW),
            )
        )
    return suggestions


def training_data_sha256() -> str:
    return hashlib.sha256(TRAINING_CSV.read_bytes()).hexdigest()


def clean_text(text: str) -> str:
    # Redaction leaves "[name]" and the like: one placeholder word, not the kind's words
    # ("[phone number]" is not about phones). Control characters carry nothing.
    text = re.sub(r"\[[^\]]{1,20}\]", " personaldetail ", text)
    return re.sub(r"[\x00-\x1f]", " ", text).lower()
