"""The audit pages' presenters: who sees which rating, what waits, the spread's bars."""

from recoveryhub.practice import presenters_audits as present
from recoveryhub.practice.models import RatedBy
from recoveryhub.practice.stages import ItemSpread

PEER, WORKER, TEAM, AGREED = RatedBy.PEER, RatedBy.WORKER, RatedBy.TEAM, RatedBy.AGREED


def test_auditors_ratings_stay_apart_until_both_are_done():
    assert present.visible_columns("self-rating", PEER, False) == []
    assert present.visible_columns("visit", PEER, False) == [TEAM, PEER]
    assert present.visible_columns("visit", None, False) == [TEAM]
    assert present.visible_columns("visit", WORKER, True) == [TEAM, PEER, WORKER]
    assert present.visible_columns("finished", None, False) == [TEAM, PEER, WORKER, AGREED]


def test_what_waits_for_an_auditor():
    assert present.waiting_for_auditor("self-rating", 0, 0, 5).startswith("Waiting for the team")
    assert present.waiting_for_auditor("visit", 2, 0, 5) == "Give your rating: 2 of 5 items rated"
    assert (
        present.waiting_for_auditor("visit", 5, 4, 5) == "Waiting for the other auditor's rating"
    )
    assert present.waiting_for_auditor("visit", 5, 5, 5) == "Agree the rating with the team"
    assert present.waiting_for_auditor("finished", 5, 5, 5) == "Finished"


def test_bars_keep_stage_order_and_say_their_numbers():
    spread = ItemSpread("a", "Involving people", (("Engagement", 3), ("Development", 1)), 4)
    chart = present.spread_bars(spread)
    assert [b["name"] for b in chart["bars"]] == ["Engagement", "Development"]
    assert [b["width"] for b in chart["bars"]] == [present.BAR_WIDTH, present.BAR_WIDTH / 3]
    assert chart["description"] == "Engagement: 3 teams; Development: 1 team"
    empty = present.spread_bars(ItemSpread("a", "A", (("Engagement", 0),), 0))
    assert empty["bars"][0]["width"] == 0
