import pytest

from recoveryhub.people import names


@pytest.mark.parametrize(
    "full, preferred, in_use, short",
    [
        ("Alexandra Morgan", "Alex", "Alex Morgan", "Alex"),
        ("Dorothy Smith", "Philip", "Philip Smith", "Philip"),
        ("Dorothy Smith", "Philip  Jones", "Philip Jones", "Philip"),
        ("Priya Shah", "", "Priya Shah", "Priya"),
        ("Cher", "", "Cher", "Cher"),
        ("Cher", "Sam", "Sam", "Sam"),
        ("  Ann   Lee ", " ", "Ann Lee", "Ann"),
    ],
)
def test_the_name_in_use_leads(full, preferred, in_use, short):
    assert names.name_in_use(full, preferred) == in_use
    assert names.short_name(full, preferred) == short


def test_pronouns_follow_the_name_when_recorded():
    assert names.with_pronouns("Alex Morgan", "she/her") == "Alex Morgan (she/her)"
    assert names.with_pronouns("Alex Morgan", "  ") == "Alex Morgan"


def test_the_legal_name_is_offered_only_when_it_adds_something():
    assert names.legal_name_differs("Alexandra Morgan", "Alex")
    assert not names.legal_name_differs("Priya Shah", "")
    assert not names.legal_name_differs("Priya Shah", "Priya")
