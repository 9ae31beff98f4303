"""The crisis help shown with check-in results: numbers and wording are the trust's
settings (config/settings.py), so they can change without a code change."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class CrisisHelp:
    emergency: str
    nhs_111: str
    nhs_111_option: str
    samaritans: str
    seen_when: str  # finishes "… will see your answer"


def crisis_help() -> CrisisHelp:
    return CrisisHelp(
        emergency=settings.CRISIS_EMERGENCY_NUMBER,
        nhs_111=settings.CRISIS_NHS_111_NUMBER,
        nhs_111_option=settings.CRISIS_NHS_111_OPTION,
        samaritans=settings.CRISIS_SAMARITANS_NUMBER,
        seen_when=settings.SAFETY_FLAG_SEEN_WHEN,
    )
