"""A clinic tablet in a waiting room, with no network (issue 16's Must show).

A service admin adds a tablet for the Fenland team and gets its one-time link; the tablet
opens it and is set up. The network goes (Playwright's offline mode); the page is
reloaded from the service worker's copy and three people answer, each seeing a blank
form. "3 waiting" shows; the network returns and they are sent with no reload, once each
even when the queue is sent again; the national return counts exactly three more. Once
the tablet is stopped it sends nothing more and says so. axe checks every page.
"""

import csv
import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, heading, sign_in_with_two_factor
from recoveryhub.feedback.models import Channel, Kiosk, Response

pytestmark = pytest.mark.django_db(transaction=True)

TEAM = "Fenland Adult Locality Team"
COMMENTS = ["The chairs were comfy", "Reception smiled at me", "Quick to see someone"]
STATUS = "[data-kiosk-status]"
READ_QUEUE = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("recoveryhub-kiosk", 1);
  open.onsuccess = () => {
    const read = open.result.transaction("queue").objectStore("queue").getAll();
    read.onsuccess = () => { open.result.close(); resolve(read.result); };
    read.onerror = () => reject(read.error);
  };
  open.onerror = () => reject(open.error);
})"""
PUT_BACK = """items => new Promise((resolve, reject) => {
  const open = indexedDB.open("recoveryhub-kiosk", 1);
  open.onsuccess = () => {
    const tx = open.result.transaction("queue", "readwrite");
    items.forEach(item => tx.objectStore("queue").put(item));
    tx.oncomplete = () => { open.result.close(); resolve(); };
    tx.onerror = () => reject(tx.error);
  };
})"""


def total_responses(team: str) -> int:
    out = io.StringIO()
    call_command("fft_return", month=timezone.localdate().strftime("%Y-%m"), stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    return int(next(row for row in rows if row["Team"] == team)["Total responses"])


def add_the_tablet(page, password, world) -> str:
    """The service admin adds it through the pages; the one-time link's path."""
    sign_in_with_two_factor(page, world.service_admin, password)
    page.goto("/feedback/kiosks/")
    heading(page, "Clinic tablets")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("button", name="Add a tablet").click()
    heading(page, "Add a clinic tablet")
    page.get_by_role("button", name="Add the tablet").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose the team whose tablet this is"
    )
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Team").select_option(label=TEAM)
    page.get_by_label("Name of the tablet").fill("Waiting room tablet")
    page.get_by_role("button", name="Add the tablet").click()
    heading(page, "Waiting room tablet")
    expect(page.get_by_role("img", name="QR code of the one-time link")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
    link = page.locator("a[href*='/feedback/kiosk/enrol/']").get_attribute("href")
    return urlsplit(link).path


def queue_emptied(tablet, seconds: float = 20) -> None:
    """Wait until nothing is left in the tablet's queue."""
    for _ in range(int(seconds * 4)):
        if not tablet.evaluate(READ_QUEUE):
            return
        tablet.wait_for_timeout(250)
    raise AssertionError("answers are still waiting on the tablet")


def answer(tablet, comment: str) -> None:
    tablet.get_by_label("Very good").check()
    tablet.get_by_label("What was good about your experience?").fill(comment)
    tablet.get_by_role("button", name="Send my answers").click()
    expect(tablet.get_by_role("heading", name="Thank you")).to_be_visible()
    # Nothing of this person's answers is left in the page for the next one.
    assert tablet.locator("input[type=radio]:checked").count() == 0
    assert tablet.locator("textarea").evaluate_all("areas => areas.map(a => a.value)") == [
        "",
        "",
    ]
    assert comment not in tablet.content()
    tablet.get_by_role("button", name="Next person").click()
    expect(tablet.locator("[data-kiosk-form]")).to_be_visible()


def test_a_tablet_takes_answers_offline_and_sends_each_once(
    browser, page, live_server, world, password
):
    path = add_the_tablet(page, password, world)
    kiosk = Kiosk.objects.get(name="Waiting room tablet")
    before = total_responses(TEAM)

    # Given the tablet opens the one-time link and is set up.
    device = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 768})
    tablet = device.new_page()
    tablet.set_default_timeout(15_000)
    tablet.goto(path)
    heading(tablet, f"Set up this tablet as Waiting room tablet for {TEAM}")
    assert_accessible_on_phone_and_laptop(tablet)
    tablet.get_by_role("button", name="Set up this tablet").click()
    heading(tablet, f"Tell us about {TEAM}")
    assert_accessible_on_phone_and_laptop(tablet)
    tablet.evaluate("navigator.serviceWorker.ready.then(() => true)")
    tablet.reload()
    tablet.wait_for_function("navigator.serviceWorker.controller !== null")
    expect(tablet.locator(STATUS)).to_have_text("All answers sent.")

    # The thank-you page people see without JavaScript.
    tablet.goto("/feedback/kiosk/thanks/")
    heading(tablet, "Thank you")
    assert_accessible_on_phone_and_laptop(tablet)
    tablet.goto("/feedback/kiosk/")

    # When the network goes, a reload still opens the survey.
    online_copy = tablet.locator("[name=submission_id]").input_value()
    device.set_offline(True)
    tablet.reload()
    heading(tablet, f"Tell us about {TEAM}")
    # It is the service worker's copy: the server makes a new form id for every page.
    assert tablet.locator("[name=submission_id]").input_value() == online_copy
    expect(tablet.locator(STATUS)).to_contain_text(
        "Your answers are saved on this tablet and will be sent"
    )
    # Forgetting the one answer that is needed is explained on the tablet itself.
    tablet.get_by_role("button", name="Send my answers").click()
    expect(tablet.locator(".nhsuk-error-summary").first).to_contain_text(
        "Choose how your experience of our service was overall"
    )
    assert_accessible_on_phone_and_laptop(tablet)
    for comment in COMMENTS:
        answer(tablet, comment)
    expect(tablet.locator(STATUS)).to_contain_text("3 waiting")
    queued = tablet.evaluate(READ_QUEUE)
    assert len(queued) == 3
    assert Response.objects.filter(kiosk=kiosk).count() == 0

    # Then, with the network back, they are sent without a reload.
    device.set_offline(False)
    expect(tablet.locator(STATUS)).to_have_text("All answers sent.", timeout=30_000)
    assert tablet.evaluate(READ_QUEUE) == []
    sent = Response.objects.filter(kiosk=kiosk, channel=Channel.KIOSK)
    assert sent.count() == 3
    assert {str(r.submission_id) for r in sent} == {item["id"] for item in queued}

    # The same queue sent again stores nothing twice; one the server refuses is dropped.
    forged = {**queued[0], "id": "not-an-id", "queued_at": 0}
    tablet.evaluate(PUT_BACK, [forged, *queued])
    tablet.evaluate("window.dispatchEvent(new Event('online'))")
    queue_emptied(tablet)
    expect(tablet.locator(STATUS)).to_have_text("All answers sent.")
    for item in queued:
        again = tablet.request.post("/feedback/kiosk/answers", data=item, headers={"X-Kiosk": "1"})
        assert again.status == 200 and again.json() == {"stored": False, "already": True}
    assert Response.objects.filter(kiosk=kiosk).count() == 3
    assert tablet.evaluate(READ_QUEUE) == []
    assert total_responses(TEAM) == before + 3

    # When the service admin stops the tablet, it sends nothing more and says so.
    page.goto(f"/feedback/kiosks/{kiosk.pk}/")
    page.get_by_role("link", name="Stop Waiting room tablet").click()
    heading(page, "Stop Waiting room tablet")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Why are you stopping it?").fill("Moved to another clinic")
    page.get_by_role("button", name="Stop this tablet").click()
    expect(page.get_by_text("It can no longer send answers")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
    answer_after_stop = "Sent after it was stopped"
    tablet.get_by_label("Good", exact=True).check()
    tablet.get_by_label("What was good about your experience?").fill(answer_after_stop)
    tablet.get_by_role("button", name="Send my answers").click()
    expect(tablet.get_by_text("This tablet has been stopped")).to_be_visible()
    expect(tablet.locator("[data-kiosk-form]")).to_be_hidden()
    assert tablet.evaluate(READ_QUEUE) == []
    assert Response.objects.filter(kiosk=kiosk).count() == 3
    tablet.reload()
    heading(tablet, "This tablet has been stopped")
    expect(tablet.get_by_text("Please hand this tablet to a member of staff")).to_be_visible()
    assert_accessible_on_phone_and_laptop(tablet)
    device.close()


def test_a_tablet_left_idle_empties_itself_for_the_next_person(
    page, live_server, world, monkeypatch
):
    from recoveryhub.feedback import kiosk_device, services
    from recoveryhub.feedback.views import kiosk as kiosk_views

    monkeypatch.setattr(kiosk_views, "IDLE_SECONDS", 2)
    kiosk, _ = services.enrol_kiosk(world.team_a, "Quiet corner tablet")
    token = services.complete_enrolment(kiosk)
    where = live_server.url + "/feedback/kiosk/"
    page.context.add_cookies([{"name": kiosk_device.COOKIE, "value": token, "url": where}])
    page.goto("/feedback/kiosk/")
    heading(page, f"Tell us about {TEAM}")
    page.get_by_label("Poor", exact=True).check()
    page.get_by_label("Is there anything that could have been better?").fill("Half written")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0, timeout=8_000)
    expect(page.locator("textarea").last).to_have_value("")
    assert "Half written" not in page.content()
    assert not Response.objects.filter(kiosk=kiosk).exists()
