"""Redaction alone (no database): generated personal details never survive, ordinary words do."""

import re

import pytest
from faker.providers.person.en_GB import Provider as BritishNames
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recoveryhub.feedback.redaction import ORDINARY, redact

FIRST_NAMES = sorted(set(BritishNames.first_names))
LAST_NAMES = sorted(BritishNames.last_names)
TITLES = ["Dr", "Dr.", "Mr", "Mrs", "Ms", "Miss", "Nurse", "Sister"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters an inward code can use


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def absent(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is None


@st.composite
def nhs_numbers(draw):
    """A valid NHS number: nine digits and the modulus 11 check digit (never 10)."""
    nine = draw(st.lists(st.integers(0, 9), min_size=9, max_size=9))
    check = 11 - sum(d * (10 - i) for i, d in enumerate(nine)) % 11
    assume(check != 10)
    number = "".join(map(str, nine)) + str(check % 11)
    sep = draw(st.sampled_from(["", " ", "-"]))
    return f"{number[:3]}{sep}{number[3:6]}{sep}{number[6:]}"


@st.composite
def phone_numbers(draw):
    """UK mobiles and landlines, written the ways people write them."""
    d = "".join(map(str, draw(st.lists(st.integers(0, 9), min_size=10, max_size=10))))
    forms = [
        f"07{d[:3]} {d[3:9]}",
        f"07{d[:3]} {d[3:6]} {d[6:9]}",
        f"07{d[:9]}",
        f"07{d[:3]}-{d[3:6]}-{d[6:9]}",
        f"+44 7{d[:3]} {d[3:6]} {d[6:9]}",
        f"+447{d[:9]}",
        f"01{d[:3]} {d[3:9]}",
        f"(01{d[:3]}) {d[3:6]} {d[6:9]}",
        f"01{d[:2]} {d[2:5]} {d[5:9]}",
        f"020 {d[:4]} {d[4:8]}",
        f"0800 {d[:3]} {d[3:7]}",
        f"+44 (0)1{d[:3]} {d[3:9]}",
        f"0044 1{d[:3]} {d[3:9]}",
    ]
    return draw(st.sampled_from(forms))


@st.composite
def emails(draw):
    local = draw(st.from_regex(r"[a-z0-9]([a-z0-9._-]{0,18}[a-z0-9])?", fullmatch=True))
    assume(".." not in local)
    domain = draw(st.from_regex(r"[a-z0-9]{1,15}", fullmatch=True))
    tld = draw(st.sampled_from([".com", ".co.uk", ".nhs.net", ".org.uk", ".ac.uk"]))
    return f"{local}@{domain}{tld}"


@st.composite
def postcodes(draw):
    letters = st.sampled_from("ABCDEFGHJKLMNOPRSTUWYZ")
    area = draw(letters) + draw(st.sampled_from(["", *"BCEHLMNPRSW"]))
    district = draw(  # A9, A99, AA9, AA99, A9A or AA9A
        st.integers(1, 99).map(str) | st.integers(1, 9).map(lambda d: f"{d}{'AW'[d % 2]}")
    )
    inward = str(draw(st.integers(0, 9))) + draw(st.text(INWARD_LETTERS, min_size=2, max_size=2))
    code = f"{area}{district}{draw(st.sampled_from([' ', '']))}{inward}"
    return draw(st.sampled_from([code, code.lower()]))


names = st.sampled_from(FIRST_NAMES + LAST_NAMES)
plain_names = st.sampled_from(
    [n for n in FIRST_NAMES if n not in ORDINARY]
)  # names that are also ordinary words ("Grace") need a title or known_names


@settings(max_examples=300, deadline=None)
@given(title=st.sampled_from(TITLES), name=names, phone=phone_numbers())
def test_a_titled_name_and_a_phone_number_are_removed(title, name, phone):
    out = redact(f"{title} {name} called me on {phone} about my appointment.").text
    assert absent(name, out)
    assert digits(phone) not in digits(out)
    assert out.startswith(title) and "called me on" in out and "about my appointment." in out


@settings(max_examples=200, deadline=None)
@given(first=plain_names, last=st.sampled_from(LAST_NAMES))
def test_a_full_name_from_the_name_lists_is_removed(first, last):
    out = redact(f"thank you {first} {last} for everything").text
    assert absent(first, out) and absent(last, out)
    assert out.startswith("thank you ") and out.endswith(" for everything")


@settings(max_examples=200, deadline=None)
@given(first=st.sampled_from(FIRST_NAMES), last=st.sampled_from(LAST_NAMES))
def test_known_names_are_removed_in_any_case_even_when_they_are_ordinary_words(first, last):
    out = redact(f"{first.upper()} was great and {last} helped too", [f"{first} {last}"]).text
    assert absent(first.upper(), out) and absent(last, out)
    assert "was great and" in out and out.endswith(" helped too")


@settings(max_examples=300, deadline=None)
@given(nhs=nhs_numbers())
def test_a_valid_nhs_number_is_removed(nhs):
    result = redact(f"my NHS number is {nhs} if you need it")
    assert digits(nhs) not in digits(result.text)
    assert result.text == "my NHS number is [NHS number] if you need it"
    assert result.kinds == ("NHS number",)


@given(number=st.from_regex(r"[1-9]\d{9}", fullmatch=True))
def test_any_ten_digit_run_is_removed_even_with_a_wrong_check_digit(number):
    assert digits(number) not in digits(redact(f"number {number} ok").text)


@settings(max_examples=200, deadline=None)
@given(email=emails())
def test_an_email_address_is_removed(email):
    result = redact(f"please email me at {email} thanks")
    assert email not in result.text
    assert result.text == "please email me at [email] thanks"


@settings(max_examples=300, deadline=None)
@given(
    house=st.integers(1, 999),
    street=st.sampled_from(LAST_NAMES),
    kind=st.sampled_from(["Road", "Street", "Lane", "Close", "Avenue", "Rd", "St", "Ave"]),
    postcode=postcodes(),
)
def test_an_address_and_postcode_are_removed(house, street, kind, postcode):
    result = redact(f"write to me at {house} {street} {kind}, {postcode} please")
    assert absent(street, result.text)
    assert postcode not in result.text and str(house) not in result.text
    assert result.text == "write to me at [address], [postcode] please"
    assert result.kinds == ("address", "postcode")


@pytest.mark.parametrize(
    "text",
    [
        "I called 111",
        "I rang 999 and then 116 123",
        "the 2 o'clock group was very good",
        "very good",
        "Thank you",
        "Thanks to the whole team",
        "Will you ring me back?",
        "Grace and kindness from everyone",
        "I went 3 weeks in a row",
        "I walked 2 miles down the road",
        "May I say the course was great",
        "March was a hard month",
        "My score went from 12 to 30 in 6 weeks",
        "The Recovery College in Peterborough is lovely",
        "The Nurse Practitioner was kind",
        "Please use plain English in letters",
        "I waited 2 hours at 3pm on ward B12",
    ],
)
def test_ordinary_comments_are_left_alone(text):
    assert redact(text) == redact(text, known_names=[]) and redact(text).text == text
    assert redact(text).kinds == ()


def test_examples_from_the_issue():
    result = redact(
        "Dr Patel and Mrs O'Brien were great. Ring me on (01223) 123 456 or email "
        "jo.bloggs@example.com, NHS no 943 476 5919, 12 Mill Lane, CB2 0QQ",
        known_names=["Jo Bloggs"],
    )
    assert result.text == (
        "Dr [name] and Mrs [name] were great. Ring me on [phone number] or email "
        "[email], NHS no [NHS number], [address], [postcode]"
    )
    assert result.kinds == ("name", "phone number", "email", "NHS number", "address", "postcode")


def test_a_name_and_surname_become_one_placeholder_and_possessives_keep_their_s():
    assert redact("Amy Bell was lovely").text == "[name] was lovely"
    assert redact("Paul's group is great").text == "[name]'s group is great"
    assert redact("a nurse called Grace helped").text == "a nurse called [name] helped"


@given(text=st.text(), known=st.lists(st.text(max_size=20), max_size=3))
def test_any_text_is_redacted_without_error(text, known):
    result = redact(text, known_names=known)
    assert isinstance(result.text, str)
    for kind in result.kinds:
        assert f"[{kind}]" in result.text


def test_odd_and_long_text_is_handled():
    for text in ["", "\x00", "😀 Dr 😀", "\x00Amy\x00", "07" * 5000, "Dr " * 3400]:
        redact(text)
    assert redact("Dr Amy\x00 😀").text == "Dr [name]\x00 😀"
