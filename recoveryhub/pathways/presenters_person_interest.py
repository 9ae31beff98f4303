"""An expression of interest in words: its facts and what happens next, said to the person
("you") or to the opportunity's owner and their worker (their preferred name)."""

from recoveryhub.core.presenters import long_date

from .models import InterestStatus
from .presenters_person import Reader, interest_status


def rows(interest, reader: Reader) -> list[tuple[str, str]]:
    """(label, words) for the summary list; the reason when it was not this time."""
    opportunity = interest.opportunity
    found = [
        ("Role", f"{opportunity.title}, {opportunity.get_kind_display().lower()}"),
        ("With", opportunity.owner_name),
        ("Sent", long_date(interest.sent_at)),
        ("Status", interest_status(interest, reader)),
    ]
    if interest.status == InterestStatus.DECLINED:
        found.append(("Why not this time", interest.reason))
    if interest.decided_at and interest.status != InterestStatus.WITHDRAWN:
        found.append(("Answered", long_date(interest.decided_at)))
    if interest.withdrawn_at:
        found.append(("Withdrawn", long_date(interest.withdrawn_at)))
    if not reader.own:
        found.append(("Name", interest.person.full_name))
    found.append(("How to contact " + ("you" if reader.own else "them"), interest.contact_by))
    said = "What you wrote" if reader.own else f"What {reader.person.short_name} wrote"
    found.append((said, interest.message or "Nothing"))
    return found


def next_steps(interest, reader: Reader) -> str:
    """What happens now, in a sentence or two."""
    owner = interest.opportunity.owner_name
    placed = interest.opportunity.is_placed
    if reader.own:
        return {
            InterestStatus.SENT: f"{owner} has your interest. They will let you know their answer "
            f"using the contact details you gave. You can withdraw it while you wait.",
            InterestStatus.APPROVED: (
                "You are getting ready to start. Your placement lists the steps before you "
                "start, such as references or a DBS check, and who to ask about them."
                if placed
                else f"{owner} will contact you about what happens next, such as an "
                "application or an interview."
            ),
            InterestStatus.DECLINED: "This one was not right this time, and that is all right. "
            "Other roles may suit you better, and your worker can help you think about "
            "what next.",
            InterestStatus.WITHDRAWN: f"{owner} is not waiting to answer it now. If the role "
            "is still open, you can show interest again.",
        }[interest.status]
    name = reader.person.short_name
    return {
        InterestStatus.SENT: f"Waiting for {owner} to answer. They contact {name} using the "
        "details given here.",
        InterestStatus.APPROVED: f"{name} is getting ready to start: their placement lists "
        "the steps before they start."
        if placed
        else f"{owner} contacts {name} about what happens next.",
        InterestStatus.DECLINED: f"{owner} said not this time, with the reason above, which "
        f"{name} can read.",
        InterestStatus.WITHDRAWN: f"{name} withdrew it: there is nothing to answer.",
    }[interest.status]
