"""The themes a feedback comment can be about, and the sentiments it can carry: pure data.

The themes are the major categories of the NHS Patient Experience Qualitative Data
Categorisation (QDC) framework, v6 (The Strategy Unit's pxtextmining), in the framework's
order, so our counts line up with other trusts' reports. "Category TBC" and "Additional" are
left out: the first is a holding place, the second holds nothing our services collect.

`qdc_name` keeps the framework's own wording for exports and the README; `label` and `hint`
are what people read on our pages, so they say "you" and "people", never "patient".
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    code: str  # short and stable: stored with each suggestion
    label: str  # shown on our pages
    qdc_name: str  # the framework's name for the major category
    hint: str  # one plain-English line: what the theme covers


THEMES: tuple[Theme, ...] = (
    Theme(
        "general",
        "General comments",
        "General",
        "Overall thanks or complaints, and how well the service is run as a whole.",
    ),
    Theme(
        "access",
        "Getting care and support",
        "Access to medical care & support",
        "Waiting times, getting an appointment, reaching us by phone, and seeing us in person "
        "or online.",
    ),
    Theme(
        "communication",
        "Communication and being involved",
        "Communication & involvement",
        "Being listened to, kept informed, given clear information, and involving family and "
        "carers.",
    ),
    Theme(
        "staff",
        "Our staff",
        "Staff",
        "How staff treated you: kindness, respect, skill, having enough staff and seeing the "
        "same person.",
    ),
    Theme(
        "journey",
        "Your journey through our services and how they join up",
        "Patient journey & service coordination",
        "Assessment, referrals, care plans, discharge, records, what difference the care made, "
        "and teams working together.",
    ),
    Theme(
        "environment",
        "Buildings, rooms and equipment",
        "Environment & equipment",
        "Cleanliness, comfort, noise, privacy, the rooms we use and equipment.",
    ),
    Theme(
        "medication",
        "Medication",
        "Medication",
        "Prescriptions, changes to medicine, side effects and getting your medicine.",
    ),
    Theme(
        "activities",
        "Activities, groups and courses",
        "Activities",
        "Groups, courses, classes, outings and things to do, such as Recovery College courses.",
    ),
    Theme(
        "food",
        "Food and drink",
        "Food & diet",
        "Meals, snacks, drinks and help with eating well.",
    ),
    Theme(
        "mental_health",
        "Mental health support",
        "Mental Health specifics",
        "Things particular to mental health care: the Mental Health Act, crisis support, "
        "therapy arrangements and feeling safe.",
    ),
    Theme(
        "location",
        "Where we are and getting here",
        "Service location, travel & transport",
        "Where a service is, travel, parking, buses and transport.",
    ),
)

BY_CODE: dict[str, Theme] = {theme.code: theme for theme in THEMES}

SENTIMENTS: dict[str, str] = {
    "positive": "Positive",
    "mixed": "Mixed",
    "neutral": "Neutral",
    "negative": "Negative",
}
