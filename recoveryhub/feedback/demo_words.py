"""Words of the synthetic feedback: comments people write, focus groups, "You said, we did"
and the teams' own short surveys. All made up; no database access.

Comments are our own, written for the demo (the classifier's training file may change
without changing the demo). `{name}` becomes a member of the team's staff and `{phone}` a
number from Ofcom's drama range (07700 900xxx): redaction must remove both.
"""

# "What was good about your experience?"
GOOD = [
    "Everyone was kind and took the time to listen to me.",
    "The staff were friendly and made me feel welcome from the start.",
    "I felt listened to for the first time in years.",
    "My worker explained everything clearly and checked I understood.",
    "I was seen quickly after my referral, much faster than I expected.",
    "They involved my family in the planning, which meant a lot to us.",
    "The peer support worker understood what I was going through because she had been there.",
    "The recovery college courses gave me something to get up for.",
    "The group sessions helped me meet people who understand.",
    "My care plan was written with me, not for me.",
    "They sorted my medication out and the side effects are much better now.",
    "The crisis team came out the same night when I really needed them.",
    "The building was clean, quiet and easy to find.",
    "It was easy to get to by bus and the parking was free.",
    "Seeing the same nurse every time made a real difference.",
    "They rang me back when they said they would.",
    "I could have my appointments by video, which suits me with work.",
    "The therapy has helped me understand my anxiety.",
    "They treated me with respect and never rushed me.",
    "My son looked forward to his sessions every week.",
    "The support with housing and benefits took a weight off my shoulders.",
    "Everything was brilliant, thank you so much.",
    "Really good service, I would recommend it to anyone.",
    "The reablement team helped me get back to doing my own shopping.",
    "The physio exercises were explained well and I can walk further now.",
    "They helped Mum settle back home after the hospital.",
    "The easy read letters helped me know what was happening.",
    "The cafe at the centre does a good lunch and the staff are lovely.",
    "Felt safe and not judged.",
    "I got a copy of my plan and knew who to call in a crisis.",
    "Staff were patient with my dad and spoke to him, not just to me.",
    "The walking group got me out of the house again.",
    "Quick response and practical help.",
    "I liked that I could bring my partner to appointments.",
    "The discharge was planned well and my GP knew what was happening.",
    "Good advice about sleep and my routine.",
]

# "Is there anything that could have been better?"
BETTER = [
    "I waited months for my first appointment.",
    "It was hard to get through on the phone, I tried for days.",
    "Nobody told me my appointment had been cancelled.",
    "I saw a different person every time and had to tell my story again.",
    "The letters came after the appointment date.",
    "The waiting room was cold and noisy.",
    "There was nowhere private to talk in the reception area.",
    "Parking was a nightmare and the bus only runs twice a day.",
    "It is too far to travel from the villages without a car.",
    "My medication was changed without anyone explaining why.",
    "The prescription took two weeks to come through.",
    "I didn't feel listened to when I said I was struggling.",
    "My family were not told what was happening.",
    "There was no follow up after I was discharged.",
    "The crisis line did not answer when I rang at night.",
    "The staff seemed rushed and stressed, there are not enough of them.",
    "The groups are all during the day when I am at work.",
    "More evening and weekend appointments please.",
    "The food on the ward was cold and there was no choice.",
    "The therapy ended just as it was starting to help.",
    "I was passed between teams and nobody seemed to know who was responsible.",
    "My care plan was never reviewed.",
    "Nothing, keep doing what you are doing.",
    "Nothing really, it was all good.",
    "A reminder text the day before would help.",
    "The forms were long and hard to understand.",
    "Having to repeat the assessment with every new worker.",
    "The toilets were out of order on both visits.",
    "It took too long to get a referral to the right service.",
    "Not enough information about what happens next.",
    "The chairs in the waiting room are uncomfortable.",
    "More courses at the recovery college near me please.",
    "It would help to have an interpreter without asking each time.",
    "The video calls kept dropping out.",
]

# Said by people who also rated us well: the classifier reads these as mixed.
MIXED = [
    "The staff were lovely but I waited far too long to be seen.",
    "Good support once I got in, but getting an appointment was hard.",
    "My nurse was great, the phone system is not.",
    "Helpful group, though the room was too small for everyone.",
]

# Extra words a comment sometimes ends with.
ENDINGS = [
    "Thank you.",
    "Thank you all.",
    "Keep it up.",
    "Much appreciated.",
    "It made a difference.",
    "Please pass this on.",
]

# Personal details people put in comments; redaction removes them before staff read them.
WITH_DETAILS = [
    "{name} was brilliant and rang me back on {phone} the same day.",
    "Please thank {name}, she really helped my family.",
    "{name} listened to me and never made me feel silly.",
    "I left my number ({phone}) twice and nobody rang back.",
    "Can someone call me on {phone} about my appointment please.",
    "{name} went above and beyond for me.",
    "I asked {name} to call my mum on {phone} but it never happened.",
    "Ask for {name}, he is the best.",
]

# For the teams' own short surveys (services.add_survey).
OWN_SURVEYS = [
    (
        "Our drop-in sessions",
        "Three quick questions about the drop-in. You do not have to answer them all.",
        [
            ("choice", "Did you feel welcome?", "Were we friendly?",
             [["yes", "Yes"], ["mostly", "Mostly"], ["no", "No"]], True),
            ("choice", "Is the time of the drop-in right for you?", "Is the time good?",
             [["yes", "Yes"], ["earlier", "Earlier would be better"],
              ["later", "Later would be better"]], False),
            ("text", "What would you change?", "What should we change?", [], False),
        ],
    ),
    (
        "Our new waiting room",
        "We changed the waiting room in the spring. Tell us what you think.",
        [
            ("choice", "Is the waiting room comfortable?", "Is it comfy?",
             [["yes", "Yes"], ["a_bit", "A bit"], ["no", "No"]], True),
            ("text", "What else would help while you wait?", "What would help?", [], False),
        ],
    ),
]  # fmt: skip
OWN_ANSWERS = [
    "A quiet corner would be nice.",
    "Nothing, it is fine.",
    "Free tea and coffee.",
    "Something to read or do.",
    "Later sessions for people who work.",
    "Somewhere for children to play.",
]

# Focus groups: (title, theme codes, what was said, notes).
FOCUS_GROUPS = [
    ("Getting to appointments", ["access", "location"],
     ["Letters come too late to plan the bus.", "The bus from the villages is every two hours."],
     "People asked for text reminders and later appointments on market day."),
    ("What makes a good care plan", ["journey", "communication"],
     ["I want a copy I can understand.", "My plan should say who to ring at night."],
     "Care plans should be written with people, in plain words, with crisis contacts."),
    ("Our waiting rooms", ["environment"],
     ["The waiting room is cold.", "There is nowhere private to talk."],
     "People want a private room and the heating looked at."),
    ("Groups and courses", ["activities"],
     ["More evening groups please.", "The art group got me out of the house."],
     "Evening and weekend groups would help people in work."),
    ("Talking about medication", ["medication", "communication"],
     ["Nobody told me about the side effects.", "I want to be asked before changes."],
     "People want written information about side effects and to be asked first."),
    ("Crisis support", ["mental_health", "access"],
     ["The crisis line rang out at 3am.", "The home treatment team were brilliant."],
     "The crisis line needs more people at night; home treatment is valued."),
]  # fmt: skip

RUN_BY = ["{name} and a peer volunteer", "{name} and two people with lived experience",
          "{name} with the service user council"]  # fmt: skip

# "You said, we did": theme -> [(you said, we did, the action)].
CHANGES = {
    "environment": [("The waiting room was cold and noisy.",
                     "We fixed the heating and added a quiet room people can ask for.",
                     "Estates works order for the waiting room")],
    "access": [("It was hard to get through on the phone.",
                "We added a second duty line in the mornings and a call back service.",
                "Duty rota changed from April"),
               ("Appointments were only in working hours.",
                "We now run clinics on Tuesday evenings and Saturday mornings.", "")],
    "communication": [("Letters arrived after the appointment.",
                       "We now send a text reminder two days before and letters a week earlier.",
                       "Text reminders switched on"),
                      ("Families were not told what was happening.",
                       "With your agreement we now invite a family member to your reviews.", "")],
    "staff": [("You saw a different person every time.",
               "Each person now has a named worker and a back-up they have met.", "")],
    "activities": [("There were no groups in the evening.",
                    "We started an evening peer support group on Wednesdays.", "")],
    "journey": [("Nobody followed up after discharge.",
                 "We now ring everyone a week after discharge.", "Discharge checklist updated")],
    "medication": [("Changes to medicine were not explained.",
                    "Your prescriber now gives you a leaflet about any new medicine.", "")],
}  # fmt: skip

KIOSK_STOPPED = ["The screen was cracked; replaced with a new tablet.",
                 "Lost from the waiting room.", "Replaced with a newer tablet."]  # fmt: skip
