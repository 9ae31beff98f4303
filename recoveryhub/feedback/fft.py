"""The NHS Friends and Family Test (since April 2020): its exact question and answers,
and what counts as positive and negative in the national return. Pure: no database."""

QUESTION = "Overall, how was your experience of our service?"
EASY_READ = "How was our service for you?"

# (code, words) in the national order; the codes are what the return counts.
OPTIONS = (
    ("very_good", "Very good"),
    ("good", "Good"),
    ("neither", "Neither good nor poor"),
    ("poor", "Poor"),
    ("very_poor", "Very poor"),
    ("dont_know", "Don't know"),
)
CODES = tuple(code for code, _ in OPTIONS)
LABELS = dict(OPTIONS)
POSITIVE = frozenset({"very_good", "good"})
NEGATIVE = frozenset({"poor", "very_poor"})

# The free-text follow-ups every FFT survey asks (codes kept in Question.options' place).
GOOD = "What was good about your experience?"
BETTER = "Is there anything that could have been better?"
GOOD_EASY = "What was good?"
BETTER_EASY = "What could be better?"

# A long comment is welcome; a page of text is not a comment. Longer answers are refused
# with a message rather than cut short.
LONGEST_ANSWER = 2000

# The optional 'about you' questions (answered or skipped; never required).
ABOUT_YOU = (
    (
        "Which age group are you in?",
        "How old are you?",
        [
            ["under_18", "Under 18"],
            ["18_24", "18 to 24"],
            ["25_44", "25 to 44"],
            ["45_64", "45 to 64"],
            ["65_plus", "65 or over"],
            ["not_say", "I'd rather not say"],
        ],
    ),
    (
        "Do you consider yourself to have a disability?",
        "Do you have a disability?",
        [["yes", "Yes"], ["no", "No"], ["not_say", "I'd rather not say"]],
    ),
)


def is_positive(code: str) -> bool:
    return code in POSITIVE


def is_negative(code: str) -> bool:
    return code in NEGATIVE
