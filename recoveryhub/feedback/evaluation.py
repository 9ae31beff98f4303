"""How well the classifier's suggestions match comments it never saw in training.

`data/comments_labelled.csv` was written separately from the training comments, so these
figures are an honest guide to how often a suggested theme is right (precision) and how
often a theme is found when it is there (recall). Pure: no Django settings needed.

    .venv/bin/python -m recoveryhub.feedback.evaluation            # print the README table
    .venv/bin/python -m recoveryhub.feedback.evaluation --write    # and record the figures
    .venv/bin/python -m recoveryhub.feedback.evaluation --thresholds  # cross-validate on
        the training comments only, to choose classifier.THEME_THRESHOLD and UNCERTAIN_BELOW
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, precision_recall_fscore_support
from sklearn.model_selection import KFold

from . import classifier
from .themes import THEMES

LABELLED_CSV = classifier.DATA / "comments_labelled.csv"
FIGURES_JSON = classifier.DATA / "classifier_figures.json"
CODES = [theme.code for theme in THEMES]


def evaluate(path: Path = LABELLED_CSV) -> dict:
    """Per-theme precision, recall, F1 and support, micro averages and sentiment accuracy."""
    texts, themes, sentiments = classifier.read_comments(path)
    suggestions = classifier.suggest(texts)
    y_true = _matrix(themes)
    y_pred = _matrix([[code for code, _ in s.themes] for s in suggestions])
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, average=None, zero_division=0
    )
    micro = precision_recall_fscore_support(y_true, y_pred, average="micro", zero_division=0)
    return {
        "model_version": classifier.MODEL_VERSION,
        "comments": len(texts),
        "themes": {
            code: {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i, code in enumerate(CODES)
        },
        "micro": {"precision": float(micro[0]), "recall": float(micro[1]), "f1": float(micro[2])},
        "sentiment_accuracy": float(
            accuracy_score(sentiments, [s.sentiment for s in suggestions])
        ),
        "uncertain": sum(s.uncertain for s in suggestions),
    }


def choose_thresholds(folds: int = 5) -> dict[str, float]:
    """The theme threshold giving the best micro-F1 in cross-validation on the training set,
    and the best-theme probability below which most suggestions were wrong."""
    texts, themes, sentiments = classifier.read_comments(classifier.TRAINING_CSV)
    y = _matrix(themes)
    probabilities = np.zeros(y.shape)
    for train, test in KFold(folds, shuffle=True, random_state=0).split(texts):
        model = classifier.train(
            [texts[i] for i in train], [themes[i] for i in train], [sentiments[i] for i in train]
        )
        x = model.features.transform([classifier.clean_text(texts[i]) for i in test])
        probabilities[test] = model.themes.predict_proba(x)
    scores = {}
    for threshold in np.arange(0.2, 0.8, 0.05):
        chosen = (probabilities >= threshold) | (
            probabilities == probabilities.max(axis=1, keepdims=True)
        )
        scores[round(float(threshold), 2)] = precision_recall_fscore_support(
            y, chosen, average="micro", zero_division=0
        )[2]
    best_right = y[np.arange(len(y)), probabilities.argmax(axis=1)] == 1
    best = probabilities.max(axis=1)
    uncertain = max(
        (float(t) for t in np.arange(0.2, 0.8, 0.05) if best_right[best < t].mean() < 0.5),
        default=0.2,
    )
    return {"theme_threshold": max(scores, key=scores.get), "uncertain_below": round(uncertain, 2)}


def markdown(figures: dict) -> str:
    lines = ["| Theme | Precision | Recall | F1 | n |", "| --- | --- | --- | --- | --- |"]
    for theme in THEMES:
        f = figures["themes"][theme.code]
        lines.append(
            f"| {theme.label} | {f['precision']:.2f} | {f['recall']:.2f} | {f['f1']:.2f} "
            f"| {f['support']} |"
        )
    m = figures["micro"]
    lines.append(
        f"| **All themes (micro average)** | {m['precision']:.2f} | {m['recall']:.2f} "
        f"| {m['f1']:.2f} | {sum(f['support'] for f in figures['themes'].values())} |"
    )
    lines.append("")
    lines.append(
        f"Sentiment right for {figures['sentiment_accuracy']:.0%} of {figures['comments']} "
        f'held-out comments; {figures["uncertain"]} marked "theme uncertain". '
        f"Model {figures['model_version']}."
    )
    return "\n".join(lines)


def rounded(value):
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {key: rounded(v) for key, v in value.items()}
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"save to {FIGURES_JSON.name}")
    parser.add_argument(
        "--thresholds", action="store_true", help="cross-validate thresholds on training data"
    )
    args = parser.parse_args(argv)
    if args.thresholds:
        sys.stdout.write(json.dumps(choose_thresholds()) + "\n")
        return
    figures = evaluate()
    sys.stdout.write(markdown(figures) + "\n")
    if args.write:
        FIGURES_JSON.write_text(json.dumps(rounded(figures), indent=2) + "\n")


def _matrix(themes: list[list[str]]) -> np.ndarray:
    return np.array([[code in row for code in CODES] for row in themes], dtype=int)


if __name__ == "__main__":
    main()
