"""What an admin may read of a job's error: addresses and long numbers taken out."""

import pytest

from recoveryhub.jobs.redact import describe, redact


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("refused <alex@example.com>", "refused <[removed]>"),
        ("to: sam.o'neil+rh@nhs.net, rory@x.org", "to: [removed], [removed]"),
        ("call 07700 900123 or +44 7700-900-123", "call [removed] or [removed]"),
        ("NHS number 943 476 5919, born 01/02/1980", "NHS number [removed], born [removed]"),
        ("1 College message could not be sent", "1 College message could not be sent"),
        ("attempt 3 of 5 after 120 seconds", "attempt 3 of 5 after 120 seconds"),
    ],
)
def test_personal_details_are_taken_out_and_the_rest_kept(text, kept):
    assert redact(text) == kept


def test_an_exception_is_described_by_its_kind_within_the_limit():
    assert (
        describe(ValueError("bad row for 943 476 5919"), 100)
        == "ValueError: bad row for [removed]"
    )
    assert len(describe(RuntimeError("x" * 5000), 2000)) == 2000
