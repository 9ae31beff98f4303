"""The staff app's part of My data: openings of a colleague's record behind the firewall."""

from recoveryhub.people.export.registry import exclude

exclude(
    "staff.BreakGlass",
    "each opening is in the download's access log (who opened the record and when); the "
    "reason given is for information governance, who answer a request to see it",
)
