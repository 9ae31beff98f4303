"""What changed between two versions: the pure word diff, and versions that cannot change."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.plans.models import RecoveryPlanVersion
from recoveryhub.plans.versions import changes, word_diff

TEXT = st.text(alphabet=st.sampled_from(list("ab cd\nef ")), max_size=60) | st.text(max_size=40)


def rebuild(pieces, keep):
    return "".join(piece.text for piece in pieces if piece.kind in keep)


@given(TEXT)
def test_the_diff_of_a_text_with_itself_changes_nothing(text):
    assert all(piece.kind == "same" for piece in word_diff(text, text))
    snapshot = {"sections": {"strengths": text}, "items": {"goal": []}}
    assert changes(snapshot, snapshot, {}) == []


@given(TEXT, TEXT)
def test_the_pieces_rebuild_both_texts(before, after):
    pieces = word_diff(before, after)
    assert rebuild(pieces, {"same", "added"}) == after
    assert rebuild(pieces, {"same", "removed"}) == before


def test_changed_sections_and_goals_are_named_and_labelled():
    labels = {"strengths": "My strengths", "goal": "Goal", "title": "Title"}
    before = {
        "sections": {"strengths": "I am stubborn"},
        "items": {"goal": [{"key": "goal-1", "label": "Walk", "fields": {"title": "Walk"}}]},
    }
    after = {
        "sections": {"strengths": "I am stubborn in a good way"},
        "items": {"goal": [{"key": "goal-2", "label": "Run", "fields": {"title": "Run"}}]},
    }
    found = {(c.what, c.how): c for c in changes(before, after, labels)}
    assert set(found) == {
        ("My strengths", "changed"),
        ("Goal: Run", "added"),
        ("Goal: Walk", "removed"),
    }
    assert [p for p in found["My strengths", "changed"].pieces if p.kind == "added"][0].text == (
        " in a good way"
    )
    # The first version compares with nothing: everything written is new.
    assert {c.how for c in changes(None, after, labels)} == {"changed", "added"}


@pytest.mark.django_db
def test_versions_cannot_be_changed_or_deleted(plans):
    version = plans.pat_plan.versions.order_by("number").first()
    version.content = {"sections": {}, "items": {}}
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.delete()
    with pytest.raises(PermissionError):
        RecoveryPlanVersion.objects.filter(pk=version.pk).update(number=99)
    with pytest.raises(PermissionError):
        RecoveryPlanVersion.objects.filter(pk=version.pk).delete()
    version.refresh_from_db()
    assert version.number == 1 and version.content["sections"]["strengths"]
