"""Words of the synthetic pathways: partner organisations (fictional, in Cambridgeshire and
Peterborough), roles, skills, and what people and supervisors say. No database access."""

# The demo partner sign-in (accounts/demo.py: Bea Lawrence) coordinates volunteers here.
DEMO_PARTNER = "Fenland Green Hands"

# (name, kind, locality slug, what they offer). Fictional organisations.
NAMED_PARTNERS = [
    (DEMO_PARTNER, "voluntary", "fenland",
     "Community gardens, allotments and conservation days across Fenland."),
    ("Ely Riverside Café Co-operative", "employer", "east-cambridgeshire",
     "A riverside café that trains and employs local people, with paid and volunteer roles."),
    ("Peterborough Community Larder", "voluntary", "peterborough",
     "A food larder and community kitchen: sorting, cooking, welcoming visitors."),
    ("Huntingdon Heritage Railway Friends", "voluntary", "huntingdonshire",
     "Restoring and running a heritage railway: engineering, guiding, the tea room."),
    ("Cambridge City Befrienders Network", "voluntary", "cambridge",
     "Befriending older people living alone, by phone and in person."),
    ("South Cambs Rural Transport Scheme", "voluntary", "south-cambridgeshire",
     "Volunteer drivers taking people to appointments and the shops."),
    ("Nene Valley Print Works", "employer", "peterborough",
     "A print and design business with entry-level jobs and work tasters."),
    ("Fenland Adult Learning Partnership", "education", "fenland",
     "Adult learning: English, maths, digital skills and routes into college."),
]  # fmt: skip

# For the large demo: more organisations, "<place> <what>" (place -> locality slug).
PLACES = {
    "Cambridge": "cambridge", "Cherry Hinton": "cambridge", "Trumpington": "cambridge",
    "Cambourne": "south-cambridgeshire", "Sawston": "south-cambridgeshire",
    "Histon": "south-cambridgeshire", "Melbourn": "south-cambridgeshire",
    "Ely": "east-cambridgeshire", "Soham": "east-cambridgeshire",
    "Littleport": "east-cambridgeshire", "Burwell": "east-cambridgeshire",
    "Huntingdon": "huntingdonshire", "St Neots": "huntingdonshire", "St Ives": "huntingdonshire",
    "Ramsey": "huntingdonshire", "Godmanchester": "huntingdonshire",
    "March": "fenland", "Wisbech": "fenland", "Whittlesey": "fenland", "Chatteris": "fenland",
    "Peterborough": "peterborough", "Werrington": "peterborough", "Orton": "peterborough",
    "Hampton": "peterborough", "Yaxley": "peterborough",
}  # fmt: skip
ORGANISATIONS = [
    ("Community Garden", "voluntary"), ("Food Bank", "voluntary"), ("Men's Shed", "voluntary"),
    ("Repair Café", "voluntary"), ("Walking Group", "voluntary"), ("Arts Collective", "voluntary"),
    ("Library Friends", "voluntary"), ("Wildlife Trust Group", "voluntary"),
    ("Community Car Scheme", "voluntary"), ("Youth Club", "voluntary"),
    ("Bakery", "employer"), ("Garden Centre", "employer"), ("Bike Workshop", "employer"),
    ("Housing Association", "employer"), ("Cleaning Co-operative", "employer"),
    ("Adult Learning Centre", "education"), ("Skills Hub", "education"),
]  # fmt: skip

SKILLS = [
    "Gardening", "Listening", "Cooking", "Driving", "Customer service", "Computers",
    "Art and crafts", "Fixing things", "Organising", "Writing", "Working with children",
    "Working with older people", "Lived experience of recovery", "Languages", "Music",
    "Walking and being outdoors",
]  # fmt: skip

# The volunteering role that suits an organisation, by a word in its name.
ROLE_BY_NAME = [
    ("Garden", "Community garden volunteer"), ("Green", "Community garden volunteer"),
    ("Larder", "Food larder helper"), ("Food", "Food larder helper"),
    ("Befrienders", "Befriender"), ("Transport", "Volunteer driver"),
    ("Car", "Volunteer driver"), ("Repair", "Repair café fixer"), ("Shed", "Repair café fixer"),
    ("Railway", "Repair café fixer"), ("Bike", "Repair café fixer"), ("Walking", "Walk leader"),
    ("Wildlife", "Walk leader"), ("Café", "Café volunteer"), ("Learning", "Digital helper"),
    ("Skills", "Digital helper"), ("Library", "Digital helper"), ("Arts", "Arts group assistant"),
    ("Youth", "Arts group assistant"),
]  # fmt: skip

WEEKDAYS = ["weekday_mornings", "weekday_afternoons"]
# Roles that can be done from home (befriending by phone, helping online).
FROM_HOME = {"Befriender", "Digital helper"}
# Roles by kind: (title, what it involves, who it suits, when, times, hours a week, skills).
ROLES = {
    "volunteering": [
        ("Community garden volunteer", "Growing vegetables and flowers with a friendly group.",
         "Anyone who likes being outdoors; no experience needed.", "Tuesday mornings",
         ["weekday_mornings"], 2.5, ["Gardening", "Walking and being outdoors"]),
        ("Befriender", "Regular chats with someone who lives alone, by phone or a visit.",
         "Good listeners with an hour or two a week.", "An hour or two a week, when suits you",
         ["weekday_afternoons", "weekday_evenings"], 2,
         ["Listening", "Working with older people"]),
        ("Café volunteer", "Welcoming people, serving drinks and keeping the café tidy.",
         "People who enjoy a busy, sociable place.", "Saturday mornings", ["weekends"], 3,
         ["Customer service", "Cooking"]),
        ("Volunteer driver", "Taking people to appointments and the shops in your own car.",
         "Drivers with a clean licence and a car.", "Weekdays, as you choose",
         ["weekday_mornings", "weekday_afternoons"], 4, ["Driving"]),
        ("Food larder helper", "Sorting donations and packing food for families.",
         "Anyone; training given.", "Wednesday afternoons", ["weekday_afternoons"], 3,
         ["Organising", "Customer service"]),
        ("Repair café fixer", "Helping people mend bikes, toasters and clothes.",
         "People who like fixing things, or want to learn.", "First Saturday of the month",
         ["weekends"], 3, ["Fixing things"]),
        ("Walk leader", "Leading a gentle weekly wellbeing walk.",
         "People who enjoy walking; training given.", "Thursday mornings", ["weekday_mornings"],
         2, ["Walking and being outdoors", "Listening"]),
        ("Digital helper", "Helping people use phones, tablets and the internet.",
         "Patient people comfortable with computers.", "Monday evenings", ["weekday_evenings"],
         2, ["Computers"]),
        ("Arts group assistant", "Setting up and helping at a drop-in arts group.",
         "People who enjoy art and crafts.", "Friday afternoons", ["weekday_afternoons"], 2,
         ["Art and crafts"]),
    ],
    "job": [
        ("Café assistant", "Serving customers and preparing simple food.", "", "Weekends",
         ["weekends"], 16, ["Customer service", "Cooking"]),
        ("Print room assistant", "Running printers and finishing orders.", "", "Weekdays",
         ["weekday_mornings", "weekday_afternoons"], 30, ["Organising"]),
        ("Administrator", "Answering the phone, post and keeping records.", "", "Weekday mornings",
         ["weekday_mornings"], 20, ["Computers", "Organising"]),
        ("Gardener", "Keeping grounds and gardens tidy.", "", "Weekdays",
         ["weekday_mornings", "weekday_afternoons"], 25, ["Gardening"]),
    ],
    "taster": [
        ("Taster day: working in a café", "A day seeing what café work is like, with a mentor.",
         "Anyone thinking about work.", "One weekday", ["weekday_mornings"], 6,
         ["Customer service"]),
        ("Taster day: print and design", "A day trying print and design work.",
         "Anyone curious about creative work.", "One weekday", ["weekday_mornings"], 6,
         ["Art and crafts", "Computers"]),
    ],
}  # fmt: skip
TRUST_ROLES = [
    ("peer_post", "Peer support worker", "Using your own lived experience to support people in "
     "recovery, as part of a locality team.", "Full or part time, weekdays", WEEKDAYS, 30,
     "afc_2_3"),
    ("peer_post", "Peer trainer, Recovery College", "Co-producing and teaching College courses "
     "from your lived experience.", "Part time, weekdays", WEEKDAYS, 18, "afc_4_5"),
    ("lived_job", "Support time recovery worker", "Practical support for people in recovery; "
     "lived experience welcomed.", "Full time, weekdays", WEEKDAYS, 37.5, "afc_2_3"),
    ("lived_job", "Involvement coordinator", "Bringing people's voices into how the trust "
     "works; lived experience essential.", "Part time, weekdays", WEEKDAYS, 22.5, "afc_4_5"),
    ("panel", "Interview panel member", "Sitting on panels that recruit the trust's staff, "
     "bringing your lived experience.", "About one day a month", WEEKDAYS, 2, ""),
    ("volunteering", "Recovery College volunteer", "Welcoming students and helping sessions "
     "run smoothly.", "Weekday mornings", ["weekday_mornings"], 3, ""),
    ("volunteering", "Ward garden volunteer", "Keeping a ward's garden a calm place for people "
     "staying in hospital.", "Wednesday afternoons", ["weekday_afternoons"], 2, ""),
]  # fmt: skip

INTERESTS = [
    "Being outdoors and growing things", "Meeting people and feeling useful",
    "Getting back into work at my own pace", "Cooking and food", "Helping older people",
    "Using my own experience to help others", "Learning new skills", "Art and making things",
]  # fmt: skip
MESSAGES = [
    "I would like to give this a try.", "I did something like this before I was unwell.",
    "My worker thought this might suit me.", "I am free most weekday mornings.", "",
]  # fmt: skip
DECLINE_REASONS = [
    "Thank you for your interest. All the places are taken for now; we would love to hear "
    "from you again in the spring.",
    "Thank you. This role needs a driving licence; our café role may suit you better.",
    "Thank you so much for getting in touch. We have filled this role, but please look at "
    "our other roles.",
]  # fmt: skip
QUERIES = ["Could you check the date? We have you down for another day.",
           "Was this three hours or two?"]  # fmt: skip
IN_WORK_SUPPORT = [
    "Fortnightly check-ins with their employment specialist.",
    "Agreed a phased start and a quiet space for breaks with the employer.", "",
]  # fmt: skip
ENDED = ["Moved on to paid work", "Moved away", "Health came first for now", "Role ended"]
PAY_WORDS = {
    "afc_2_3": "NHS Agenda for Change band 3",
    "afc_4_5": "NHS Agenda for Change band 4",
    "nlw": "£12.60 an hour",
}
