"""Words for the reader (issue 12): a check-in result says "you" to the person and uses
the person's name, never "you", to a worker or carer reading it. Every band in the
catalogue carries both wordings, and the catalogue refuses a file without them."""

import html
import json

import pytest
from django.urls import reverse

from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures import catalogue
from recoveryhub.measures.catalogue import CATALOGUE_DIR, CatalogueError, load_file
from recoveryhub.measures.presenters import comparisons

from .test_check_in_views import do_check_in

# PHQ-9 answers totalling 12 (moderate): the band whose wording told a carer to
# "talk this through with your worker or GP".
MODERATE = [2, 2, 2, 2, 2, 2, 0, 0, 0]
MILD = [1, 1, 1, 1, 1, 1, 0, 0, 0]  # total 6


def every_band():
    for instrument in catalogue.load(refresh=True).values():
        for band in instrument.bands:
            yield instrument, band
        for subscale in instrument.subscales:
            for band in subscale.bands:
                yield instrument, band


# The catalogue ---------------------------------------------------------------------


def test_every_band_in_the_catalogue_has_wording_for_others_that_names_the_person():
    bands = list(every_band())
    assert len(bands) >= 50
    for instrument, band in bands:
        assert band.meaning.strip(), (instrument.code, band.label)
        worded = band.meaning_for("Alex")
        assert "{name}" in band.meaning_for_others and "Alex" in worded, (instrument.code, band)
        for word in ("you", "your", "You", "Your"):
            assert f" {word} " not in f" {worded} ", (instrument.code, band.label, worded)
        assert "talk to your worker" not in worded.lower()


def write_phq9_with(tmp_path, change):
    data = json.loads((CATALOGUE_DIR / "phq9.json").read_text(encoding="utf-8"))
    change(data["bands"][2])
    path = tmp_path / "phq9.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda band: band.pop("meaning_for_others"), "bands[2].meaning_for_others is required"),
        (
            lambda band: band.update(meaning_for_others=""),
            "bands[2].meaning_for_others must be text, not empty",
        ),
        (
            lambda band: band.update(meaning_for_others="Answers suggest low mood."),
            "bands[2].meaning_for_others must say {name}",
        ),
        (
            lambda band: band.update(
                meaning_for_others="Answers suggest {name} should talk to your worker or GP."
            ),
            "must not say 'your'",
        ),
        (
            lambda band: band.update(meaning_for_others="{name} and {pronoun} feel low."),
            "may use only the placeholder {name}",
        ),
    ],
)
def test_a_catalogue_file_without_good_wording_for_others_is_refused(tmp_path, change, message):
    path = write_phq9_with(tmp_path, change)
    with pytest.raises(CatalogueError) as error:
        load_file(path)
    assert message in str(error.value)
    assert str(error.value).startswith("phq9.json: ")


def test_the_shipped_phq9_file_loads_with_both_wordings():
    phq9 = load_file(CATALOGUE_DIR / "phq9.json")
    moderate = phq9.bands[2]
    assert moderate.meaning.startswith("Your answers suggest")
    assert moderate.meaning_for("Alex") == (
        "Answers suggest low mood has been affecting Alex quite a lot over the last 2 weeks."
    )
    assert moderate.meaning_for(None) == moderate.meaning


def test_comparison_sentences_are_worded_for_the_reader():
    phq9 = catalogue.get("phq9")

    class Done:
        def __init__(self, pk, total, when):
            self.pk, self.total, self.completed_at = pk, total, when

    from datetime import UTC, datetime

    first = Done(1, 20, datetime(2026, 1, 5, 12, tzinfo=UTC))
    previous = Done(2, 12, datetime(2026, 2, 5, 12, tzinfo=UTC))
    latest = Done(3, 6, datetime(2026, 3, 5, 12, tzinfo=UTC))
    own = [c.sentence for c in comparisons(phq9, latest, first, previous)]
    assert own[0].startswith("Your score is down 6 from last time")
    assert "from your first check-in" in own[1]
    others = [c.sentence for c in comparisons(phq9, latest, first, previous, "Alex")]
    assert others[0].startswith("Alex's score is down 6 from last time")
    assert others[1].startswith("Alex's score is down 14 from the first check-in")
    assert not any("your" in s.lower() for s in others)


# The result page -------------------------------------------------------------------


def result_for(client, sign_in, user, check_in):
    client.logout()
    sign_in(client, user)
    response = client.get(reverse("measures:result", args=[check_in.pk]))
    assert_good_page(response)
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_result_says_you_to_the_person_and_pat_to_worker_and_carer(client, sign_in, world):
    world.carer_link.shares_check_ins = True
    world.carer_link.save()
    sign_in(client, world.pat_user)
    do_check_in(client, "phq9", MILD)
    check_in = do_check_in(client, "phq9", MODERATE)

    body = result_for(client, sign_in, world.pat_user, check_in)
    assert "Your score is <strong>12</strong>" in body
    assert "Your answers suggest low mood has been affecting you quite a lot" in body
    assert "talk this through with your worker or GP" in body
    assert "Your score is up 6 from last time" in body

    for reader in (world.recovery_coach, world.peer_worker, world.carer_user):
        body = result_for(client, sign_in, reader, check_in)
        assert "Pat's score is <strong>12</strong>" in body
        assert "Answers suggest low mood has been affecting Pat quite a lot" in body
        assert "Pat's score is up 6 from last time" in body
        for words in ("Your answers suggest", "Your score", "talk this through with your worker"):
            assert words not in body, (reader, words)
        # The legal first name is not how she is named in sentences.
        assert "Patricia's" not in body


@pytest.mark.django_db
def test_the_profile_chart_caption_is_worded_for_the_reader(client, sign_in, world):
    sign_in(client, world.pat_user)
    values = [5] * len(catalogue.get("wellbeing").items)
    do_check_in(client, "wellbeing", values)
    do_check_in(client, "wellbeing", values)
    response = client.get(reverse("measures:progress", args=["wellbeing"]))
    assert_good_page(response)
    assert "Blue bars are your latest ratings" in response.content.decode()
    client.logout()
    sign_in(client, world.recovery_coach)
    response = client.get(reverse("measures:person_progress", args=[world.pat.pk, "wellbeing"]))
    assert_good_page(response)
    body = html.unescape(response.content.decode())
    assert "Blue bars are Pat's latest ratings" in body
    assert "your latest ratings" not in body
