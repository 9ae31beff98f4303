"""Words for the synthetic referrals, contacts, goals and endings (demo_journeys.py)."""

import random
from itertools import accumulate

from .models import ContactKind, DeclineReason, EndReason, Kind, MoveStep, NextStep, Source


class Weighted:
    """Values drawn by weight, the sums made once (drawn some 150,000 times at large)."""

    def __init__(self, pairs: list[tuple]):
        self.values = [value for value, _ in pairs]
        self.sums = list(accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.sums)[0]


# How an accepted referral starts: a first appointment booked, seen that day, or a wait.
STARTS = Weighted([("planned", 55), ("active", 25), ("waitlist", 20)])
FIRST_SOURCES = {
    # Coaching: mostly people moving on from secondary services.
    Kind.RECOVERY_COACHING: Weighted([(Source.TEAM, 60), (Source.GP, 10), (Source.SELF, 30)]),
    "other": Weighted([(Source.GP, 45), (Source.TEAM, 25), (Source.SELF, 30)]),
}
RETURN_SOURCES = Weighted([(Source.GP, 2), (Source.SELF, 1), (Source.TEAM, 1)])

REASONS = {
    Kind.REABLEMENT: [
        "Getting back to the shops and seeing friends again after a hard winter",
        "Finding a routine again after a stay in hospital",
        "Cooking and looking after the flat again",
        "Getting out of the house: I have not been out on my own for months",
        "Managing money and post again",
        "Using the bus on my own again",
    ],
    Kind.RECOVERY_COACHING: [
        "Help to move back to my GP after years with the team",
        "Support while I leave the locality team and find my feet",
        "I am worried about being discharged and want someone alongside me",
        "Help to link up with groups near me before the team steps back",
    ],
    Kind.PEER_SUPPORT: [
        "Meeting someone who has been through something similar",
        "Company and encouragement to try things again",
        "Someone to talk to who understands",
    ],
}
SURGERIES = [
    "Dr Amir Shah, North Brink Surgery",
    "Dr Ruth Cole, Riverside Medical Practice",
    "Dr Ben Ojo, Market Street Surgery",
    "Dr Lena Fox, Park Road Health Centre",
    "Dr Tom Reed, Millfield Surgery",
]
TEAMS = [
    "Adult Locality Team",
    "First Response Service",
    "Psychological Wellbeing Service",
    "Home treatment team",
    "Inpatient ward discharge team",
]
DECLINES = [
    (DeclineReason.NOT_RIGHT, "Talking therapies fits better", "NHS Talking Therapies"),
    (DeclineReason.NEEDS_MORE, "", "Their locality team, for a fuller assessment"),
    (DeclineReason.NO_CONSENT, "They did not know about the referral", "Their GP"),
    (DeclineReason.OUT_OF_AREA, "", "The reablement service in their own area"),
    (DeclineReason.ALREADY_SUPPORTED, "", "The team already supporting them"),
]
CONTACT_NOTES = {
    ContactKind.HOME_VISIT: [
        "We met at home and agreed what you want to work on.",
        "We practised the walk to the shop together.",
        "We looked at your week and planned two things to try.",
    ],
    ContactKind.FACE_TO_FACE: [
        "We met at the café and talked about how the week went.",
        "We went to the library together to find the groups list.",
        "",
    ],
    ContactKind.PHONE: [
        "A quick call to see how the bus journey went.",
        "We talked about your next steps.",
        "",
    ],
    ContactKind.VIDEO: ["A video call to review your goals.", ""],
    ContactKind.GROUP: ["Tuesday peer group at the Recovery College.", ""],
    ContactKind.MESSAGE: ["A text to remind you about Thursday.", ""],
}
CONTACT_KINDS = {
    Kind.REABLEMENT: [ContactKind.HOME_VISIT] * 3 + [ContactKind.PHONE, ContactKind.FACE_TO_FACE],
    Kind.RECOVERY_COACHING: [ContactKind.FACE_TO_FACE] * 2
    + [ContactKind.PHONE, ContactKind.VIDEO, ContactKind.MESSAGE],
    Kind.PEER_SUPPORT: [ContactKind.GROUP] * 2 + [ContactKind.FACE_TO_FACE, ContactKind.PHONE],
}
GOALS = {
    Kind.REABLEMENT: [
        "Go to the market on my own",
        "Cook a hot meal three times a week",
        "Take the bus into town",
        "Open my post and pay my bills",
        "See a friend every week",
    ],
    Kind.RECOVERY_COACHING: [
        "Know who to call at my GP surgery",
        "Find a group I enjoy near home",
        "Have a plan for if things get harder",
        "Manage my medicines with my GP",
    ],
    Kind.PEER_SUPPORT: [
        "Go to the peer group most weeks",
        "Try one new thing this month",
        "Feel less alone",
    ],
}
# Why episodes end: (reason, weight) by kind; 'by the clock' and 'by goals' told apart.
END_REASONS = {
    Kind.REABLEMENT: Weighted([(EndReason.GOALS_MET, 45), (EndReason.TIME_LIMIT, 28),
                      (EndReason.NO_LONGER_RIGHT, 10), (EndReason.PERSON_CHOSE, 12),
                      (EndReason.MOVED, 5)]),
    Kind.RECOVERY_COACHING: Weighted([(EndReason.GOALS_MET, 50), (EndReason.TIME_LIMIT, 25),
                             (EndReason.NO_LONGER_RIGHT, 8), (EndReason.PERSON_CHOSE, 13),
                             (EndReason.MOVED, 4)]),
    Kind.PEER_SUPPORT: Weighted([(EndReason.GOALS_MET, 35), (EndReason.TIME_LIMIT, 35),
                        (EndReason.NO_LONGER_RIGHT, 8), (EndReason.PERSON_CHOSE, 18),
                        (EndReason.MOVED, 4)]),
}  # fmt: skip
NEXT_STEPS = {
    EndReason.GOALS_MET: Weighted([(NextStep.NONE, 35), (NextStep.SIGNPOSTED, 30),
                          (NextStep.LOW_LEVEL, 28), (NextStep.SHORT_TERM, 5),
                          (NextStep.LONG_TERM, 2)]),
    EndReason.TIME_LIMIT: Weighted([(NextStep.NONE, 15), (NextStep.SIGNPOSTED, 25),
                           (NextStep.LOW_LEVEL, 35), (NextStep.SHORT_TERM, 12),
                           (NextStep.LONG_TERM, 13)]),
    "other": Weighted([(NextStep.NONE, 30), (NextStep.SIGNPOSTED, 35), (NextStep.LOW_LEVEL, 10),
              (NextStep.SHORT_TERM, 10), (NextStep.LONG_TERM, 15)]),
}  # fmt: skip
SIGNPOSTS = [
    "Wisbech walking group",
    "Mind's Tuesday drop-in",
    "The library's chat café",
    "Citizens Advice, for help with money",
    "A men's shed near home",
]
PERSON_VIEWS = [
    "I feel ready to go it alone.",
    "Six weeks went quickly. I wish it had been a bit longer.",
    "I can do the shopping on my own now. That means a lot.",
    "It helped to have someone alongside me.",
    "I am not where I want to be yet, but I know who to call.",
]
CARER_VIEWS = [
    "I have seen a real change. I worry less when I am at work.",
    "It has taken pressure off both of us.",
]
HOLD_REASONS = ["In hospital for an operation", "Away caring for a relative", "Unwell for a while"]
COMMUNITY_GROUPS = [
    ("Wisbech walking group", "Gentle walks on Saturday mornings"),
    ("Men's shed, March", "Woodwork and company, Wednesdays"),
    ("Hearing Voices group", "Peer-led, fortnightly in Peterborough"),
    ("Allotment society", "A shared plot and a Sunday tea"),
    ("Community choir", "No auditions, Thursday evenings"),
]
MOVE_STEPS = [
    (MoveStep.AGREED, 7),
    (MoveStep.GP_LETTER, 21),
    (MoveStep.MEDICINES, 35),
    (MoveStep.RELAPSE_PLAN, 49),
    (MoveStep.COMMUNITY, 56),
]  # days after the start; the last review comes at the end
