"""Words the pathways share: times of the week, pay bands, and where each locality is.

No database access: matching.py and the forms both read these.
"""

import math

from django.conf import settings

TRUST_NAME = settings.TRUST_NAME

# Slots of the week a role happens in, or a person is free.
TIMES = [
    ("weekday_mornings", "Weekday mornings"),
    ("weekday_afternoons", "Weekday afternoons"),
    ("weekday_evenings", "Weekday evenings"),
    ("weekends", "Weekends"),
]
TIME_LABELS = dict(TIMES)

PAY_BANDS = [
    ("under_nlw", "Less than the National Living Wage"),
    ("nlw", "About the National Living Wage"),
    ("afc_2_3", "NHS Agenda for Change band 2 or 3"),
    ("afc_4_5", "NHS Agenda for Change band 4 or 5"),
    ("afc_6_up", "NHS Agenda for Change band 6 or above"),
    ("other", "Other pay"),
]

# The middle of each locality (a town in it), to say roughly how far a role is. Good to a
# few miles, which is all "about 12 miles" promises; unknown places give no distance.
CENTRES = {
    "cambridge": (52.2053, 0.1218),  # Cambridge
    "south-cambridgeshire": (52.2166, -0.0669),  # Cambourne
    "east-cambridgeshire": (52.3988, 0.2624),  # Ely
    "huntingdonshire": (52.3309, -0.1826),  # Huntingdon
    "fenland": (52.5514, 0.0884),  # March
    "peterborough": (52.5695, -0.2405),  # Peterborough
}
EARTH_RADIUS_MILES = 3958.8


def miles_between(a: str | None, b: str | None) -> int | None:
    """Whole miles between two localities' centres (0 within one), None if either is
    unknown."""
    if not a or not b or a not in CENTRES or b not in CENTRES:
        return None
    if a == b:
        return 0
    (lat1, lon1), (lat2, lon2) = (map(math.radians, CENTRES[x]) for x in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return round(2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h)))
