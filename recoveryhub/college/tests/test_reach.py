"""The reach-and-demand figures on a hand-made College (test_reach_data.py says the sums)."""

import csv
import io

import pytest

from recoveryhub.college import reach
from recoveryhub.core.secondary_suppression import WITHHELD
from recoveryhub.core.spreadsheets import safe_cell
from recoveryhub.core.suppression import SUPPRESSED

from .test_reach_data import reach_college_fixture  # noqa: F401 - the reach_college fixture

pytestmark = pytest.mark.django_db


def spring(data):
    term = data.college.term
    return reach.figures(term.starts_on, term.starts_on, reach.PAGE_DIMENSIONS)


def counts(f: reach.Figures) -> tuple:
    return (f.enrolments, f.present, f.marks, f.finished, f.completions)


def test_the_term_totals(reach_college):
    found = spring(reach_college)
    total = found["all"][0]
    # 13 on the finished run and Pat; 34 present of 39 marks (not the cancelled session).
    assert counts(total) == (14, 34, 39, 13, 7)
    assert found["term"][reach_college.college.term.pk] == total
    # Students: 14, rural 6 carers + staff B + Pat = 8; carers 6; 5 waiting.
    assert (total.students, total.rural_students, total.carer_students) == (14, 8, 6)
    assert total.waiting == 5


def test_by_type_of_student_locality_and_venue(reach_college):
    found = spring(reach_college)
    college = reach_college.college
    kinds = found["kind"]
    assert counts(kinds["carer"]) == (6, 18, 18, 6, 6)
    assert counts(kinds["staff"]) == (6, 13, 18, 6, 1)
    assert counts(kinds["uses_services"]) == (2, 3, 3, 1, 0)
    assert counts(kinds["other"]) == (0, 0, 0, 0, 0)  # the waiting public: no places yet
    assert kinds["other"].waiting == 5
    localities = found["locality"]
    assert counts(localities[college.wisbech.locality_id]) == (7, 18, 18, 6, 6)
    assert localities[reach_college.cambridge.pk].enrolments == 6
    assert localities[reach_college.cambridge.pk].waiting == 5
    assert localities[reach_college.east_cambs.pk].completions == 1
    # Both spring runs' first sessions are at Wisbech; one course in one area.
    total = counts(found["all"][0]), found["all"][0].waiting
    for name, key in [("venue", college.wisbech.pk), ("course", college.course.pk),
                      ("area", college.area.pk)]:  # fmt: skip
        assert list(found[name]) == [key]
        assert (counts(found[name][key]), found[name][key].waiting) == total


def test_staff_engagement_by_team(reach_college):
    found = spring(reach_college)
    by_team = {key: (f.students, f.enrolments, f.completions) for key, f in found["team"].items()}
    assert sorted(by_team.values()) == [(1, 1, 1), (5, 5, 0)]
    assert (found["staff"][0].students, found["staff"][0].completions) == (6, 1)


def test_a_range_of_terms(reach_college):
    autumn, term = reach_college.autumn, reach_college.college.term
    found = reach.figures(autumn.starts_on, term.starts_on, reach.PAGE_DIMENSIONS)
    assert counts(found["all"][0]) == (19, 44, 49, 18, 12)
    assert counts(found["term"][autumn.pk]) == (5, 10, 10, 5, 5)
    assert found["term"][autumn.pk].carer_students == 5
    assert found["term"][autumn.pk].rural_students == 0
    # The online run has no locality, but its students do.
    assert found["venue"][reach_college.college.online.pk].enrolments == 5
    only_autumn = reach.figures(autumn.starts_on, autumn.starts_on, ["all"])
    assert counts(only_autumn["all"][0]) == (5, 10, 10, 5, 5)


def test_nothing_in_a_range_with_no_runs(reach_college):
    term = reach_college.college.term
    later = term.starts_on.replace(year=term.starts_on.year + 5)
    assert reach.figures(later, later, reach.PAGE_DIMENSIONS) == {
        name: {} for name in reach.PAGE_DIMENSIONS
    }


def test_the_first_term_must_come_first(reach_college):
    term = reach_college.college.term
    with pytest.raises(ValueError, match="first term"):
        reach.figures(term.starts_on, reach_college.autumn.starts_on, ["all"])
    with pytest.raises(ValueError, match="Unknown"):
        reach.figures(term.starts_on, term.starts_on, ["star_sign"])


def test_the_page_figures_are_suppressed(reach_college):
    result = reach.reach(reach_college.college.term, reach_college.college.term)
    tables = {t.slug: t for t in result.tables}
    kinds = {row.label: tables["student_type"].cells(row) for row in tables["student_type"].rows}
    # People using services: 2 places, so every figure and rate from it is hidden.
    assert kinds["People using services"] == [SUPPRESSED, SUPPRESSED, SUPPRESSED, "0", SUPPRESSED]
    # Carers had 6 places, 18 attended, 100%, 6 completions, 100%, and staff 6 places and
    # 13 attended: shown, they and the 14 places in all gave away the 2 and the 3 above
    # (secondary suppression, reach_suppression.py). 18 attended stays: 34 - 18 - 3 is
    # still the staff's hidden 13.
    assert kinds["Carers"] == [WITHHELD, "18", WITHHELD, WITHHELD, WITHHELD]
    assert kinds["Staff"] == [WITHHELD, WITHHELD, WITHHELD, SUPPRESSED, SUPPRESSED]
    # 14 students, 8 from Fenland and East Cambridgeshire, 6 carers: 8 less Fenland's 7
    # places gave East Cambridgeshire's 1, and 6 carers the carers' 6 places.
    term_row = tables["rural_carers"].cells(tables["rural_carers"].rows[0])
    assert term_row == ["14", WITHHELD, WITHHELD, WITHHELD, WITHHELD]
    staff = {row.label: tables["staff_team"].cells(row) for row in tables["staff_team"].shown}
    # 6 staff = 5 + "fewer than 5" told the reader the team of fewer than 5 was 1.
    assert staff["Fenland Adult Locality Team"] == [WITHHELD, WITHHELD, "0", "0%"]
    assert staff["Wisbech Integrated Neighbourhood Team"] == [SUPPRESSED] * 3 + [SUPPRESSED]
    assert staff["All staff"] == [WITHHELD, WITHHELD, SUPPRESSED, SUPPRESSED]
    waiting = {
        row.label: tables["waiting_course"].cells(row) for row in tables["waiting_course"].rows
    }
    assert waiting == {"Understanding anxiety": ["5"]}
    by_place = {row.label: row.waiting for row in tables["waiting_locality"].rows}
    assert by_place == {"Cambridge": 5}
    localities = [row.label for row in tables["locality"].rows]
    assert localities == ["Cambridge", "East Cambridgeshire", "Fenland"]


def test_the_csv_has_every_table_row_as_shown(reach_college):
    result = reach.reach(reach_college.autumn, reach_college.college.term)
    rows = list(csv.reader(io.StringIO(reach.reach_csv(result))))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["Figures", "Group"]
    assert len(body) == sum(len(t.shown) for t in result.tables)
    at = 0
    for table in result.tables:
        for row in table.shown:
            line = dict(zip(header, body[at], strict=True))
            assert line["Figures"] == table.caption and line["Group"] == row.label
            assert [line[h] for h in table.headers] == table.cells(row)
            at += 1


def test_a_name_like_a_formula_is_made_safe():
    assert safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_cell("Cambridge") == "Cambridge"
