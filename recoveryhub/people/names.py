"""The names a person is called by: the name they use leads, the legal name only where needed.

Reading out a legal name a person no longer uses can deadname them, so lists, greetings
and headings use the name in use; the legal name appears where it identifies someone
(next to the NHS number, on the person's details page, on certificates if they choose).
Pure functions, no database: callers pass the two stored names.
"""


def name_in_use(full_name: str, preferred_name: str = "") -> str:
    """'Alex Morgan' for Alexandra Morgan known as Alex; a preferred name of two or more
    words is taken whole (someone whose family name changed too writes it in full)."""
    preferred = " ".join(preferred_name.split())
    legal = full_name.split()
    if not preferred:
        return " ".join(legal)
    if len(preferred.split()) > 1 or len(legal) < 2:
        return preferred
    return f"{preferred} {legal[-1]}"


def short_name(full_name: str, preferred_name: str = "") -> str:
    """What to call someone in a sentence or greeting: 'Alex'."""
    preferred = " ".join(preferred_name.split())
    if preferred:
        return preferred.split()[0] if len(preferred.split()) > 1 else preferred
    legal = full_name.split()
    return legal[0] if legal else ""


def with_pronouns(name: str, pronouns: str = "") -> str:
    """'Alex Morgan (she/her)' when pronouns are recorded."""
    pronouns = " ".join(pronouns.split())
    return f"{name} ({pronouns})" if pronouns else name


def legal_name_differs(full_name: str, preferred_name: str = "") -> bool:
    """Whether showing the legal name adds anything to the name in use."""
    return " ".join(full_name.split()) != name_in_use(full_name, preferred_name)


class NamesInUse:
    """The names above as properties of anything with `full_name` and `preferred_name`
    (a person's record, a College student)."""

    @property
    def display_name(self) -> str:
        """The name in use, for lists and headings: 'Alex Morgan'."""
        return name_in_use(self.full_name, self.preferred_name)

    @property
    def short_name(self) -> str:
        """What to call them in a sentence: 'Alex'."""
        return short_name(self.full_name, self.preferred_name)

    @property
    def legal_name_differs(self) -> bool:
        return legal_name_differs(self.full_name, self.preferred_name)
