"""The roles people hold in Recovery Hub (DESIGN.md, 'Users and what each may see').

A user can hold more than one: a peer worker may also be a carer.
"""

from django.db import models


class Role(models.TextChoices):
    PERSON = "person", "Person who uses services"
    CARER = "carer", "Carer"
    PEER_WORKER = "peer_worker", "Peer worker"
    RECOVERY_COACH = "recovery_coach", "Recovery coach"
    CLINICIAN = "clinician", "Clinician"
    STUDENT = "student", "College student"
    TRAINER = "trainer", "Trainer"
    COLLEGE_STAFF = "college_staff", "College staff"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Admin"
    # Runs the service's people side in the product: staff, roles, teams, getting people
    # back in, merging records, the audit trail. (Admins keep Django admin's configuration.)
    SERVICE_ADMIN = "service_admin", "Service admin"
    # Someone at a partner organisation (an employer, a voluntary organisation): their own
    # organisation's opportunities and the interest sent to them, nothing else (pathways/).
    PARTNER = "partner", "Partner organisation"


# Workers support people on their team's caseload.
WORKER_ROLES = frozenset({Role.PEER_WORKER, Role.RECOVERY_COACH, Role.CLINICIAN})
# Staff must use two-factor sign-in and are signed out after 30 minutes idle.
STAFF_ROLES = WORKER_ROLES | {
    Role.TRAINER,
    Role.COLLEGE_STAFF,
    Role.MANAGER,
    Role.ADMIN,
    Role.SERVICE_ADMIN,
}


# Partners are not staff, but read the names and contact details of people who showed
# interest in their roles: they sign in with two factors too.
TWO_FACTOR_ROLES = STAFF_ROLES | {Role.PARTNER}


def needs_two_factor(roles: set[str]) -> bool:
    return bool(TWO_FACTOR_ROLES & set(roles))
