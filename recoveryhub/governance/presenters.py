"""The privacy notice's text as headed sections (no database)."""

from dataclasses import dataclass, field


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


def sections(text: str) -> list[Section]:
    """A line starting '## ' starts a section; other non-empty lines are its paragraphs.
    Text before the first heading goes in a section with no heading."""
    found: list[Section] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("## "):
            found.append(Section(line[3:].strip()))
        elif line:
            if not found:
                found.append(Section(""))
            found[-1].paragraphs.append(line)
    return found
