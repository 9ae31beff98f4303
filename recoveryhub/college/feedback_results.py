"""A course's feedback over its runs, for College staff: figures a run's small numbers
cannot be worked out from. No database access.

A run with fewer than 5 answers shows "fewer than 5" and is left out of the course's
figures and of the students' words shown for the course: were it counted, the course's
figures less the other runs' (each shown) would give it, down to its students' own words.
Among the runs counted, how many would recommend the course is shown as a percentage of
each run's answers, which gives the count away; so a run's count from 1 to 4 is hidden,
and secondary suppression (core/secondary_suppression.py) hides another run's too, or the
course's, so that the course's less the others cannot give it.
"""

from dataclasses import dataclass

from recoveryhub.core.secondary_suppression import Total, protect, shown_count, shown_rate
from recoveryhub.core.suppression import SUPPRESSED, THRESHOLD

MINIMUM = THRESHOLD  # answers a run needs to be counted, and a course to show words


@dataclass(frozen=True)
class RunAnswers:
    label: str
    responses: int
    usefulness: float  # the sum of the answers' usefulness (1 to 5)
    recommend: int  # answers saying they would recommend the course

    @property
    def counted(self) -> bool:
        return self.responses >= MINIMUM


@dataclass(frozen=True)
class Shown:
    """One line of figures as shown: responses, average usefulness, % recommending."""

    label: str
    responses: str
    mean: str
    recommend: str


def course_results(runs: list[RunAnswers]) -> tuple[Shown, list[Shown]]:
    """The course's figures (from the runs counted only) and each run's line."""
    counted = [(n, run) for n, run in enumerate(runs) if run.counted]
    responses = sum(run.responses for _, run in counted)
    recommend = sum(run.recommend for _, run in counted)
    values = {("run", n): run.recommend for n, run in counted} | {"course": recommend}
    protected = protect(values, [Total("course", tuple(("run", n) for n, _ in counted))])

    def line(label, answers: int, usefulness: float, key) -> Shown:
        if 0 < answers < MINIMUM:
            return Shown(label, SUPPRESSED, SUPPRESSED, SUPPRESSED)
        mean = "none" if not answers else f"{usefulness / answers:.1f} out of 5"
        rate = shown_rate(values.get(key, 0), answers, protected.withheld(key), False)
        return Shown(label, shown_count(answers), mean, rate)

    course = line("", responses, sum(run.usefulness for _, run in counted), "course")
    return course, [line(run.label, run.responses, run.usefulness, ("run", n))
                    for n, run in enumerate(runs)]  # fmt: skip
