"""The theme and sentiment classifier alone (no database): figures hold, odd input is safe."""

import json

import pytest

from recoveryhub.feedback import classifier, evaluation
from recoveryhub.feedback.themes import BY_CODE, SENTIMENTS, THEMES


@pytest.fixture(scope="module")
def figures():
    return evaluation.evaluate()


def test_the_training_data_has_not_changed_without_a_new_model_version():
    assert classifier.training_data_sha256() == classifier.TRAINING_DATA_SHA256, (
        "comments_training.csv changed: bump MODEL_VERSION, set TRAINING_DATA_SHA256 to the new "
        "hash, and record new figures with `python -m recoveryhub.feedback.evaluation --write`"
    )


def test_no_theme_scores_worse_than_the_recorded_figures(figures):
    recorded = json.loads(evaluation.FIGURES_JSON.read_text())
    assert recorded["model_version"] == classifier.MODEL_VERSION
    now = evaluation.rounded(figures)
    for code, was in recorded["themes"].items():
        for measure in ("precision", "recall", "f1"):
            assert now["themes"][code][measure] >= was[measure] - 0.0, (code, measure)
        assert now["themes"][code]["support"] == was["support"]
    assert now["micro"]["f1"] >= recorded["micro"]["f1"]
    assert now["sentiment_accuracy"] >= recorded["sentiment_accuracy"]


def test_the_held_out_comments_cover_every_theme(figures):
    assert set(figures["themes"]) == set(BY_CODE)
    assert all(f["support"] >= 12 for f in figures["themes"].values())


@pytest.mark.parametrize("text", ["ok", "", "asdf qwer", "   ", "!!!", "12345"])
def test_too_little_to_go_on_is_marked_uncertain(text):
    (suggestion,) = classifier.suggest([text])
    assert suggestion.uncertain
    assert len(suggestion.themes) >= 1  # still the single best guess, for the lead to judge


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("the bus to the clinic takes two hours", "location"),
        ("my medication was changed without asking me", "medication"),
        ("the staff were so kind and friendly", "staff"),
        ("I loved the Recovery College course on anxiety", "activities"),
        ("the crisis team never answered when I was suicidal", "mental_health"),
        ("we had tea and biscuits and a lovely lunch", "food"),
        ("I waited eight months on the waiting list to be seen", "access"),
    ],
)
def test_obvious_comments_land_in_the_right_theme(text, theme):
    (suggestion,) = classifier.suggest([text])
    assert suggestion.themes[0][0] == theme
    assert not suggestion.uncertain


def test_suggestions_are_well_formed():
    suggestions = classifier.suggest(
        ["The room was cold but the group was great", "Nurse [name] rang me on [phone number]"]
    )
    for s in suggestions:
        codes = [code for code, _ in s.themes]
        probabilities = [p for _, p in s.themes]
        assert 1 <= len(codes) <= classifier.MAX_THEMES and set(codes) <= set(BY_CODE)
        assert probabilities == sorted(probabilities, reverse=True)
        assert all(0 <= p <= 1 for p in probabilities)
        assert s.sentiment in SENTIMENTS and 0 <= s.sentiment_confidence <= 1


def test_suggest_is_deterministic_and_keeps_the_order():
    texts = ["Parking was awful", "Lovely staff", "My tablets ran out"]
    first = classifier.suggest(texts)
    assert first == classifier.suggest(texts)
    assert [s.themes[0][0] for s in first] == [
        s.themes[0][0] for text in texts for s in classifier.suggest([text])
    ]


def test_odd_input_is_handled():
    odd = ["😀😀😀", "\x00", "good\x00staff", "a" * 10_000, "the staff " * 1_000, "ça va 日本語"]
    suggestions = classifier.suggest(odd)
    assert len(suggestions) == len(odd)
    assert suggestions[0].uncertain and suggestions[1].uncertain
    assert classifier.suggest([]) == []
    with pytest.raises(TypeError):
        classifier.suggest("one text, not a list")


def test_a_hundred_comments_train_and_run():
    texts, themes, sentiments = classifier.read_comments(evaluation.LABELLED_CSV)
    # Every other comment, so all themes appear (the file is grouped by theme).
    model = classifier.train(texts[:200:2], themes[:200:2], sentiments[:200:2])
    assert len(classifier.suggest(texts[1:200:2], model=model)) == 100


def test_bad_labels_are_refused_with_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,themes,sentiment\nfine,staff,positive\nodd,staf,positive\n")
    with pytest.raises(ValueError, match="bad.csv line 3: unknown label 'staf'"):
        classifier.read_comments(path)


def test_theme_labels_never_say_patient():
    for theme in THEMES:
        assert "patient" not in f"{theme.label} {theme.hint}".lower()
        assert "client" not in f"{theme.label} {theme.hint}".lower()
    assert [t.code for t in THEMES] == list(BY_CODE)
