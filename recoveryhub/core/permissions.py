"""The one place that decides who may do what to which record (DESIGN.md's roles table).

Ask `can(user, "person.view", person)`; list with the scoped querysets below.
Views, exports and the future API all ask here: nothing personal is filtered
anywhere else. The rules are django-rules predicates in a ruleset of their own,
so Django's superuser shortcut never lets an admin into anyone's record.

- The person: everything in their own record.
- Workers (peer worker, recovery coach, clinician): people on their team's
  current caseload.
- Carers: only what the person has chosen to share with them, until they stop.
- College staff: College records, never clinical content (plans, measures).
- Managers: aggregates only.
- The firewall: a member of staff who also uses services is hidden from their own
  teams and line manager, whatever their role (behind_firewall), unless a reason is
  given to open the record (staff/firewall.py).
"""

import rules
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from recoveryhub.accounts.roles import WORKER_ROLES, Role
from recoveryhub.people.models import CarerLink, CaseloadAssignment, Person, TeamMember

ACCESS = rules.RuleSet()


def _teams_of(user):
    return user.team_memberships.values("team_id")


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and person.user_id is not None and person.user_id == user.pk


@rules.predicate
def is_worker(user) -> bool:
    return user.is_authenticated and bool(user.roles & WORKER_ROLES)


@rules.predicate
def on_my_teams_caseload(user, person) -> bool:
    if person is None or not is_worker(user) or behind_firewall(user, person):
        return False
    return (
        CaseloadAssignment.objects.current()
        .filter(person=person, team_id__in=_teams_of(user))
        .exists()
    )


# The firewall between colleagues (issue 18). A member of staff who also uses services is
# hidden from everyone who works in one of their teams or line-manages them, whatever
# their role: their care comes from another team. Only a stated reason opens the record,
# for a short time, logged and told to information governance (staff/firewall.py).
def colleague_user_ids(user):
    """The sign-ins inside `user`'s firewall: everyone in one of their teams, and everyone
    they line-manage today, as one subquery of two indexed look-ups (a team is tens of
    people; never the whole table of sign-ins)."""
    teams = TeamMember.objects.filter(team_id__in=_teams_of(user)).order_by()
    managed = _line_managed(user).order_by()
    return teams.values("user_id").union(managed.values("staff_member_id"))


def _line_managed(user):
    from recoveryhub.staff.models import LineManagement

    return LineManagement.objects.current().filter(line_manager=user)


def opened_by_break_glass(user):
    """The people whose record `user` opened by breaking the glass, still open now."""
    from recoveryhub.staff.models import BreakGlass

    return BreakGlass.objects.filter(actor=user, until__gt=timezone.now()).values("person_id")


def firewalled_people(user):
    """The ids of people inside `user`'s firewall whose record is not open to them (a
    subquery; oneself is never inside it)."""
    if not user.is_authenticated:
        return Person.objects.none().values("pk")
    return (
        Person.objects.filter(user_id__in=colleague_user_ids(user))
        .exclude(user_id=user.pk)
        .exclude(pk__in=opened_by_break_glass(user))
        .values("pk")
    )


@rules.predicate
def behind_firewall(user, person) -> bool:
    """`person` is a colleague of `user` (or someone they line-manage) and not opened."""
    if person is None or person.user_id is None or person.user_id == user.pk:
        return False
    colleague = (
        TeamMember.objects.filter(user_id=person.user_id, team_id__in=_teams_of(user)).exists()
        or _line_managed(user).filter(staff_member_id=person.user_id).exists()
    )
    return colleague and not opened_by_break_glass(user).filter(person_id=person.pk).exists()


@rules.predicate
def its_person_behind_firewall(user, obj) -> bool:
    return obj is not None and behind_firewall(user, obj.person)


@rules.predicate
def works_in_a_team(user) -> bool:
    return is_worker(user) and user.team_memberships.exists()


@rules.predicate
def cares_for(user, person) -> bool:
    return person is not None and _carer_links(user, person).exists()


def shared_with_carer(part: str):
    @rules.predicate(name=f"shares_{part}")
    def predicate(user, person) -> bool:
        return person is not None and _carer_links(user, person).filter(**{part: True}).exists()

    return predicate


def _carer_links(user, person):
    if not user.is_authenticated or not user.has_role(Role.CARER):
        return CarerLink.objects.none()
    return CarerLink.objects.filter(carer__user=user, cared_for=person)


def has_role(*roles: str):
    @rules.predicate(name=f"has_role_{'_or_'.join(roles)}")
    def predicate(user) -> bool:
        return user.is_authenticated and user.has_role(*roles)

    return predicate


# A person's record: their details, contact and communication needs.
ACCESS.add_rule("person.view", is_self | on_my_teams_caseload)
ACCESS.add_rule("person.change", is_self | on_my_teams_caseload)
ACCESS.add_rule("person.export", is_self | on_my_teams_caseload)
ACCESS.add_rule("person.print", is_self | on_my_teams_caseload)
ACCESS.add_rule("person.invite", on_my_teams_caseload)
# Someone referred to a team: any worker in a team registers them onto its caseload.
ACCESS.add_rule("person.register", works_in_a_team)
# Only the person decides these.
ACCESS.add_rule("person.view_access_log", is_self)
ACCESS.add_rule("person.manage_sharing", is_self)
# Who someone is (their name), for those who support them.
ACCESS.add_rule("person.view_name", is_self | on_my_teams_caseload | cares_for)
# Which team supports them now and how to reach it: the person, their team, their carers.
ACCESS.add_rule("person.view_team_contact", is_self | on_my_teams_caseload | cares_for)
# The parts a person may share with a carer. Clinical parts never reach college staff.
ACCESS.add_rule(
    "person.view_plans", is_self | on_my_teams_caseload | shared_with_carer("shares_plans")
)
ACCESS.add_rule(
    "person.view_check_ins", is_self | on_my_teams_caseload | shared_with_carer("shares_check_ins")
)
ACCESS.add_rule(
    "person.view_college_record",
    is_self
    | shared_with_carer("shares_college")
    | (has_role(Role.COLLEGE_STAFF) & ~behind_firewall),
)
# Check-ins: the person records their own; a worker records with them or on their behalf.
ACCESS.add_rule("person.record_check_in", is_self | on_my_teams_caseload)
ACCESS.add_rule("person.manage_reminders", is_self | on_my_teams_caseload)
# A worker on the person's team asks for a check-in by a date (measures/requests.py).
ACCESS.add_rule("person.ask_check_in", on_my_teams_caseload)
# Safety flags on risk answers: a worker on the person's team says what they did.
ACCESS.add_rule("person.acknowledge_flag", on_my_teams_caseload)
# Carers by invitation: the person invites, or a worker on their team with them; only the
# person withdraws one (and only the person chooses what an accepted carer sees).
ACCESS.add_rule("person.invite_carer", is_self | on_my_teams_caseload)
ACCESS.add_rule("person.withdraw_carer_invitation", is_self)
# Undoing a sign-in joined to the wrong record: a service admin's job (names and
# sign-ins only, never clinical content).
ACCESS.add_rule("sign_in_links.manage", has_role(Role.SERVICE_ADMIN))
ACCESS.add_rule("person.undo_sign_in_link", has_role(Role.SERVICE_ADMIN) & ~behind_firewall)
# Joining two records of one person (people/merging.py): details and counts, no content.
ACCESS.add_rule("person.merge", has_role(Role.SERVICE_ADMIN) & ~behind_firewall)
# Lists and dashboards.
ACCESS.add_rule("caseload.view", is_worker)
# The audit trail of administrative changes (audit/): service admins.
ACCESS.add_rule("audit.view", has_role(Role.SERVICE_ADMIN))
# Staff sign-ins, roles and teams, and getting anyone back in (staff/): service admins.
ACCESS.add_rule("staff.manage", has_role(Role.SERVICE_ADMIN))
ACCESS.add_rule("aggregates.view", has_role(Role.MANAGER))


# Team leads (issue 13): a manager gets a colleague on one of their own teams back in
# (unlock, two-factor reset). Never themselves, an admin or a service admin, nor anyone who
# also has a record of their own here (person, carer, student): those go to a service admin.
LEADS_NOT = frozenset({Role.ADMIN, Role.SERVICE_ADMIN, Role.PERSON, Role.CARER, Role.STUDENT})
LEADS = WORKER_ROLES | {Role.TRAINER, Role.COLLEGE_STAFF, Role.MANAGER}


@rules.predicate
def leads_their_team(user, account) -> bool:
    return account is not None and staff_led_by(user).filter(pk=account.pk).exists()


def staff_led_by(user):
    """The sign-ins a team lead may help back in: active colleagues on one of their teams
    with a staff role, less the exceptions above. The rule and the team page both ask here."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if not user.is_authenticated or not user.has_role(Role.MANAGER):
        return users.none()
    return (
        users.filter(is_active=True, team_memberships__team_id__in=_teams_of(user))
        .filter(pk__in=users.filter(role_grants__role__in=LEADS).values("pk"))
        .exclude(pk__in=users.filter(role_grants__role__in=LEADS_NOT).values("pk"))
        .exclude(pk=user.pk)
        .exclude(person__isnull=False)
        .distinct()
    )


ACCESS.add_rule("staff.view_team", has_role(Role.MANAGER))
ACCESS.add_rule("staff.recover_team_member", leads_their_team)
# Who is the named worker of each person on a team's caseload: service admins. (Not the
# team's manager: the list names people, and managers see aggregates only.)
ACCESS.add_rule("team.set_named_workers", has_role(Role.SERVICE_ADMIN))


# Recovery College. College staff run it (never clinical content); trainers see the
# students on their own runs; a student sees their own learning and places.
@rules.predicate
def teaches_run(user, run) -> bool:
    return run is not None and run.run_trainers.filter(trainer__user=user).exists()


@rules.predicate
def is_the_student(user, student) -> bool:
    return student is not None and student.user_id is not None and student.user_id == user.pk


@rules.predicate
def teaches_student(user, student) -> bool:
    if student is None or not user.has_role(Role.TRAINER):
        return False
    return student.enrolments.filter(run__run_trainers__trainer__user=user).exists()


@rules.predicate
def owns_enrolment(user, enrolment) -> bool:
    return enrolment is not None and is_the_student(user, enrolment.student)


@rules.predicate
def teaches_enrolment(user, enrolment) -> bool:
    return enrolment is not None and teaches_run(user, enrolment.run)


college_staff = has_role(Role.COLLEGE_STAFF)
ACCESS.add_rule("college.manage", college_staff)  # prospectus, enrolments, registers
ACCESS.add_rule("college.finance", college_staff)
ACCESS.add_rule("college.view_reach", college_staff | has_role(Role.MANAGER))
ACCESS.add_rule("college.teach", has_role(Role.TRAINER))
ACCESS.add_rule("run.view_register", (has_role(Role.TRAINER) & teaches_run) | college_staff)
ACCESS.add_rule("run.mark_register", (has_role(Role.TRAINER) & teaches_run) | college_staff)
ACCESS.add_rule("run.view_feedback", (has_role(Role.TRAINER) & teaches_run) | college_staff)
ACCESS.add_rule("student.view", is_the_student | teaches_student | college_staff)
ACCESS.add_rule("student.view_learning_plan", is_the_student | teaches_student | college_staff)
ACCESS.add_rule("student.change_learning_plan", is_the_student | college_staff)
ACCESS.add_rule("student.enrol", is_the_student | college_staff)
ACCESS.add_rule("enrolment.view", owns_enrolment | teaches_enrolment | college_staff)
ACCESS.add_rule("enrolment.cancel", owns_enrolment | college_staff)
ACCESS.add_rule("enrolment.certificate", owns_enrolment | college_staff)
ACCESS.add_rule("enrolment.give_feedback", owns_enrolment)


# Plans: the person's own; workers on their team's caseload write with them; a carer
# sees a plan only while the person shares plans with them and has not kept that plan back.
@rules.predicate
def plan_is_mine(user, plan) -> bool:
    return plan is not None and is_self(user, plan.person)


@rules.predicate
def plan_on_my_caseload(user, plan) -> bool:
    return plan is not None and on_my_teams_caseload(user, plan.person)


@rules.predicate
def plan_shared_with_me(user, plan) -> bool:
    return (
        plan is not None
        and not plan.hidden_from_carers
        and _carer_links(user, plan.person).filter(shares_plans=True).exists()
    )


def named_carer_row(user, plan):
    """The plan's carer row naming this user: linked to their sign-in, or typed in with
    one of their names and not yet linked. "carer" is plans.ParticipantRole.CARER (core
    imports no plans code)."""
    rows = plan.participants.filter(role="carer")
    mine = rows.filter(user=user).first()
    if mine is not None:
        return mine
    names = {user.full_name, user.preferred_name}
    for person_names in Person.objects.filter(user=user).values_list(
        "full_name", "preferred_name"
    ):
        names.update(person_names)
    named = Q()
    for name in filter(None, (n.strip() if n else "" for n in names)):
        named |= Q(name__iexact=name)
    return rows.filter(named, user__isnull=True).first() if named else None


@rules.predicate
def plan_names_me_as_carer(user, plan) -> bool:
    return plan is not None and named_carer_row(user, plan) is not None


ACCESS.add_rule("plan.view", plan_is_mine | plan_on_my_caseload | plan_shared_with_me)
ACCESS.add_rule("plan.print", plan_is_mine | plan_on_my_caseload | plan_shared_with_me)
ACCESS.add_rule("plan.change", plan_is_mine | plan_on_my_caseload)
ACCESS.add_rule("plan.agree", plan_is_mine)
ACCESS.add_rule("plan.manage_sharing", plan_is_mine)
# A carer agrees a risk-taking plan only where it is shared with them and names them.
ACCESS.add_rule(
    "risk_plan.agree",
    plan_is_mine | plan_on_my_caseload | (plan_shared_with_me & plan_names_me_as_carer),
)
ACCESS.add_rule("risk_plan.record_review", plan_is_mine | plan_on_my_caseload)
ACCESS.add_rule("plans.reviews_due", is_worker)


# Reablement, recovery coaching and the open door (episodes/): workers in the episode's
# team; the person their own; a carer only while the person shares "support from our
# teams"; managers the figures only (aggregates.view).
@rules.predicate
def works_in_its_team(user, obj) -> bool:
    """Referrals, episodes, passes and support belong to a team: its workers work with
    them, unless the person is a colleague (the firewall)."""
    return (
        obj is not None
        and is_worker(user)
        and user.team_memberships.filter(team_id=obj.team_id).exists()
        and not behind_firewall(user, obj.person)
    )


@rules.predicate
def is_its_person(user, obj) -> bool:
    return obj is not None and is_self(user, obj.person)


shares_episodes = shared_with_carer("shares_episodes")


@rules.predicate
def its_person_shares_episodes(user, obj) -> bool:
    return obj is not None and shares_episodes(user, obj.person)


@rules.predicate
def manages_its_team(user, obj) -> bool:
    return (
        obj is not None
        and user.has_role(Role.MANAGER)
        and user.team_memberships.filter(team_id=obj.team_id).exists()
    )


ACCESS.add_rule(
    "person.view_episodes",
    is_self | on_my_teams_caseload | shares_episodes,
)
# A worker on their caseload refers them on (from a GP, another team, or as they ask).
ACCESS.add_rule("person.refer", on_my_teams_caseload)
ACCESS.add_rule("person.self_refer", is_self)
ACCESS.add_rule("referrals.triage", works_in_a_team)  # the incoming list of their teams
ACCESS.add_rule("referral.view", is_its_person | works_in_its_team)
ACCESS.add_rule("referral.triage", works_in_its_team)
ACCESS.add_rule("episode.view", is_its_person | works_in_its_team | its_person_shares_episodes)
ACCESS.add_rule("episode.change", works_in_its_team)
# The person uses their pass online; a worker in its team records a return by phone.
ACCESS.add_rule("pass.use", is_its_person | works_in_its_team)
ACCESS.add_rule("coaching.caseload", has_role(Role.RECOVERY_COACH))
ACCESS.add_rule("episodes.throughput", has_role(Role.MANAGER))
# What a team offers (planned length, open door): its manager.
ACCESS.add_rule("episodes.set_types", has_role(Role.MANAGER))
ACCESS.add_rule("episode_type.change", manages_its_team)


# Pathways to volunteering and work (pathways/). The trust's pathways team is its College
# staff ("situating the Recovery College within a pathway towards employment", para 36):
# partners, the trust's own roles, onboarding and the panel register. A partner's contacts
# with a sign-in reach their own organisation's roles and the interest sent to them with
# the person's agreement, nothing else. Interest is private: the person, the role's owner,
# and their worker only while the person shares their pathway.
runs_pathways = has_role(Role.COLLEGE_STAFF)


def partner_ids(user):
    """The partner organisations this user signs in for (none for anyone else)."""
    from recoveryhub.pathways.models import PartnerContact

    if not user.is_authenticated or not user.has_role(Role.PARTNER):
        return PartnerContact.objects.none().values("partner_id")
    return PartnerContact.objects.filter(
        user=user, may_sign_in=True, partner__is_active=True
    ).values("partner_id")


@rules.predicate
def signs_in_for(user, partner) -> bool:
    return partner is not None and partner_ids(user).filter(partner_id=partner.pk).exists()


@rules.predicate
def signs_in_for_a_partner(user) -> bool:
    return partner_ids(user).exists()


@rules.predicate
def owns_opportunity(user, opportunity) -> bool:
    """A partner's contact for its roles; the pathways team for the trust's own."""
    if opportunity is None:
        return False
    if opportunity.partner_id is None:
        return runs_pathways(user)
    return partner_ids(user).filter(partner_id=opportunity.partner_id).exists()


def supervises(user, obj) -> bool:
    """The supervisor named on the role of a placement, or of hours logged in one."""
    opportunity = getattr(obj, "placement", obj).opportunity
    if opportunity.supervisor_id != user.pk:
        return False
    # A partner's supervisor only while they still sign in for that partner.
    return opportunity.partner_id is None or (
        partner_ids(user).filter(partner_id=opportunity.partner_id).exists()
    )


def _pathway_shared(user, person) -> bool:
    from recoveryhub.pathways.models import PathwayProfile

    shared = PathwayProfile.objects.filter(person=person, shares_with_worker=True).exists()
    if not shared or behind_firewall(user, person):
        return False
    return on_my_teams_caseload(user, person) or specialist_for(user, person)


def specialist_for(user, person) -> bool:
    """A worker in the team giving this person employment support now."""
    from recoveryhub.pathways.models import EmploymentSupport, SupportStatus

    return (
        is_worker(user)
        and EmploymentSupport.objects.filter(
            person=person, status=SupportStatus.OPEN, team_id__in=_teams_of(user)
        ).exists()
    )


@rules.predicate
def shares_pathway_with_me(user, person) -> bool:
    return person is not None and _pathway_shared(user, person)


@rules.predicate
def its_persons_pathway_shared(user, obj) -> bool:
    return obj is not None and _pathway_shared(user, obj.person)


@rules.predicate
def owns_its_opportunity(user, obj) -> bool:
    """Interest or a placement in one of the user's roles (or hours logged in one)."""
    obj = getattr(obj, "placement", obj)
    return obj is not None and owns_opportunity(user, obj.opportunity)


@rules.predicate
def supervises_its_placement(user, obj) -> bool:
    return obj is not None and supervises(user, obj)


@rules.predicate
def is_the_panel_member(user, booking) -> bool:
    return booking is not None and is_self(user, booking.member.person)


@rules.predicate
def chairs_the_panel(user, booking) -> bool:
    return booking is not None and booking.chair_id == user.pk


ACCESS.add_rule("pathways.manage", runs_pathways)
ACCESS.add_rule("pathways.partner_home", has_role(Role.PARTNER))
ACCESS.add_rule("partner.view", runs_pathways | signs_in_for)
ACCESS.add_rule("partner.change", runs_pathways | signs_in_for)
ACCESS.add_rule("partner.manage_contacts", runs_pathways)
# The pathways team keeps every partner's roles up to date with them, too.
ACCESS.add_rule("opportunity.change", owns_opportunity | runs_pathways)
# Adding a role: the pathways team (for anyone), a partner's contact (for their own).
ACCESS.add_rule("opportunity.add", runs_pathways | signs_in_for_a_partner)
ACCESS.add_rule("opportunity.view_interest", owns_opportunity)
# Suggesting people who agreed to be suggested: the trust's pathways team only.
ACCESS.add_rule("opportunity.suggest_people", runs_pathways)
ACCESS.add_rule("person.view_pathway", is_self | shares_pathway_with_me)
ACCESS.add_rule("person.manage_pathway", is_self)
ACCESS.add_rule("person.show_interest", is_self)
ACCESS.add_rule("interest.view", is_its_person | owns_its_opportunity | its_persons_pathway_shared)
ACCESS.add_rule("interest.withdraw", is_its_person)
ACCESS.add_rule("interest.decide", owns_its_opportunity)
ACCESS.add_rule(
    "placement.view",
    is_its_person | owns_its_opportunity | supervises_its_placement | its_persons_pathway_shared,
)
ACCESS.add_rule("placement.manage", owns_its_opportunity | supervises_its_placement)
ACCESS.add_rule("placement.log_hours", is_its_person)
ACCESS.add_rule("hours.decide", supervises_its_placement | owns_its_opportunity)
# Individual Placement and Support: employment specialists are workers in the team that
# gives it; they start support for someone on their team's caseload.
ACCESS.add_rule("ips.caseload", works_in_a_team)
ACCESS.add_rule("person.start_employment_support", on_my_teams_caseload)
ACCESS.add_rule("support.view", works_in_its_team | is_its_person)
ACCESS.add_rule("support.change", works_in_its_team)
ACCESS.add_rule("ips.fidelity", has_role(Role.MANAGER))  # the list and adding, for their teams
ACCESS.add_rule("fidelity.view", manages_its_team)
ACCESS.add_rule("panels.manage", runs_pathways)
ACCESS.add_rule("booking.debrief", is_the_panel_member | chairs_the_panel)
ACCESS.add_rule("pathways.figures", has_role(Role.MANAGER) | runs_pathways)


# Feedback from people with lived experience (feedback/). A team's staff see its surveys,
# links, paper entry, redacted comments, focus groups and figures; the service's feedback
# lead also reads comments as written and approves "You said, we did" wording; reviewers
# with lived experience check the suggested themes of their service's redacted comments;
# service admins enrol and stop kiosks (devices, never sign-ins).
def _feedback_roles(user):
    from recoveryhub.feedback.models import FeedbackLead, ThemeReviewer

    leads = FeedbackLead.objects.filter(user=user).values_list("service_line_id", flat=True)
    reviews = ThemeReviewer.objects.filter(user=user, is_active=True)
    return set(leads), set(reviews.values_list("service_line_id", flat=True))


@rules.predicate
def in_the_team(user, team) -> bool:
    return team is not None and user.team_memberships.filter(team_id=team.pk).exists()


@rules.predicate
def leads_feedback_for(user, team) -> bool:
    return team is not None and team.service_line_id in _feedback_roles(user)[0]


@rules.predicate
def reviews_themes_for(user, team) -> bool:
    return team is not None and team.service_line_id in _feedback_roles(user)[1]


@rules.predicate
def leads_or_reviews_feedback(user) -> bool:
    leads, reviews = _feedback_roles(user)
    return bool(leads or reviews)


@rules.predicate
def leads_any_feedback(user) -> bool:
    return bool(_feedback_roles(user)[0])


@rules.predicate
def in_any_team(user) -> bool:
    return user.team_memberships.exists()


# Managers too: a manager in no team still reads the trust's figures from there.
ACCESS.add_rule("feedback.staff", in_any_team | leads_or_reviews_feedback | has_role(Role.MANAGER))
ACCESS.add_rule("feedback.team", in_the_team | leads_feedback_for)
ACCESS.add_rule("feedback.read_as_written", leads_feedback_for)
ACCESS.add_rule("feedback.approve", leads_feedback_for)
ACCESS.add_rule("feedback.review_themes", reviews_themes_for | leads_feedback_for)
ACCESS.add_rule("feedback.kiosks", has_role(Role.SERVICE_ADMIN))
ACCESS.add_rule("feedback.leads", has_role(Role.SERVICE_ADMIN))
ACCESS.add_rule("feedback.figures", has_role(Role.MANAGER) | leads_any_feedback)
ACCESS.add_rule("feedback.give", has_role(Role.PERSON, Role.CARER))


# Recovery practice (practice/): peer audits, the strategy action plan, board reports.
# A team sees its own audits; the pair auditing a round sees that round (never their own
# team's, as auditors); managers organise rounds and read aggregates across teams; no page
# ranks teams. The action plan is the trust's, read by its staff and kept by managers.
@rules.predicate
def in_the_rounds_team(user, audit_round) -> bool:
    return audit_round is not None and in_the_team(user, audit_round.team)


@rules.predicate
def audits_the_round(user, audit_round) -> bool:
    return (
        audit_round is not None
        and user.pk in audit_round.auditor_ids()
        and not in_the_team(user, audit_round.team)
    )


@rules.predicate
def audits_any_round(user) -> bool:
    from recoveryhub.practice.models import AuditRound

    return AuditRound.objects.filter(Q(peer_auditor=user) | Q(worker_auditor=user)).exists()


@rules.predicate
def leads_the_action(user, action) -> bool:
    return action is not None and action.lead_id == user.pk


PLAN_READERS = WORKER_ROLES | {Role.TRAINER, Role.COLLEGE_STAFF, Role.MANAGER}
a_manager = has_role(Role.MANAGER)
ACCESS.add_rule("practice.home", has_role(*PLAN_READERS) | audits_any_round)
ACCESS.add_rule("practice.team_audits", in_the_team | a_manager)
ACCESS.add_rule("round.view", in_the_rounds_team | audits_the_round | a_manager)
ACCESS.add_rule("round.evidence", in_the_rounds_team | audits_the_round | a_manager)
ACCESS.add_rule("round.rate_self", in_the_rounds_team)
ACCESS.add_rule("round.rate_as_auditor", audits_the_round)
ACCESS.add_rule("round.agree", audits_the_round)
ACCESS.add_rule("round.choose_priorities", in_the_rounds_team)
ACCESS.add_rule("practice.organise", a_manager)
ACCESS.add_rule("practice.stages", a_manager)
ACCESS.add_rule("practice.plan", has_role(*PLAN_READERS))
ACCESS.add_rule("practice.plan_manage", a_manager)
ACCESS.add_rule("practice.action_update", leads_the_action | a_manager)
ACCESS.add_rule("practice.reports", a_manager)
ACCESS.add_rule("practice.rebase", a_manager)

# The background job runner: its state, and retrying or giving up on failed runs.
ACCESS.add_rule("jobs.manage", has_role(Role.ADMIN))

ACTIONS = frozenset(ACCESS)


def can(user, action: str, obj=None) -> bool:
    if action not in ACCESS:
        raise KeyError(f"No rule for {action!r}: add it to core/permissions.py")
    return bool(user.is_authenticated and user.is_active and ACCESS.test_rule(action, user, obj))


def get_or_404(user, action: str, queryset, **lookup):
    """The object, or 'not found' for anyone not allowed, so ids cannot be probed."""
    obj = queryset.filter(**lookup).first()
    if obj is None or not can(user, action, obj):
        raise Http404
    return obj


def caseload(user, on=None):
    """People on the current caseload of the user's teams (nobody for non-workers).

    Driven from the teams' current assignments (a few thousand rows on an index), not an
    EXISTS probed for every person in the trust; IN drops the duplicates just as EXISTS did.
    """
    if not is_worker(user):
        return Person.objects.none()
    return Person.objects.filter(pk__in=caseload_ids(user, on))


def caseload_ids(user, on=None):
    """The ids of the people on caseload(user), as a subquery: filtering by these rather
    than by caseload(user) spares the database a look-up of every one of them."""
    if not is_worker(user):
        return CaseloadAssignment.objects.none().values("person_id")
    current = CaseloadAssignment.objects.current(on).filter(team_id__in=_teams_of(user))
    current = current.exclude(person_id__in=firewalled_people(user))
    return current.order_by().values("person_id")


def people_visible_to(user):
    """Every person whose record the user may view."""
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(Q(user=user) | Q(pk__in=caseload_ids(user)))


def people_cared_for(user):
    """The people this user cares for (only their names; each shared part is asked separately)."""
    if not user.is_authenticated or not user.has_role(Role.CARER):
        return Person.objects.none()
    return Person.objects.filter(carers__carer__user=user)


def runs_taught(user):
    """The course runs this user is a trainer on (none for anyone who is not a trainer)."""
    from recoveryhub.college.models import CourseRun

    if not user.is_authenticated or not user.has_role(Role.TRAINER):
        return CourseRun.objects.none()
    return CourseRun.objects.filter(run_trainers__trainer__user=user)
