"""Synthetic partners, skills and roles (opportunities): the named organisations first,
then, for the large demo, more made from places and kinds of organisation; the trust's own
roles; each role's skills. Written with bulk_create (a few thousand rows at most)."""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

from recoveryhub.people.models import Locality

from . import demo_words as words
from .demo_bulk import Opp
from .models import Opportunity, Partner, PartnerContact, Skill
from .vocabulary import TRUST_NAME


@dataclass(frozen=True)
class MadePartner:
    id: int
    name: str
    kind: str
    locality_id: int | None


@dataclass(frozen=True)
class MadeRole:
    opp: Opp
    status: str
    locality_id: int | None


def _role(partner_name: str, kind: str, rng: random.Random) -> tuple:
    """A role of this kind; for volunteering, mostly the one that suits the organisation."""
    roles = words.ROLES[kind]
    if kind == "volunteering" and rng.random() < 0.7:
        for word, title in words.ROLE_BY_NAME:
            if word in partner_name:
                return next(r for r in roles if r[0] == title)
    return rng.choice(roles)


def skills() -> list[int]:
    Skill.objects.bulk_create([Skill(name=n) for n in words.SKILLS], ignore_conflicts=True)
    return list(
        Skill.objects.filter(name__in=words.SKILLS).order_by("pk").values_list("pk", flat=True)
    )


def partners(count: int, rng: random.Random, partner_user) -> list[MadePartner]:
    places = dict(Locality.objects.values_list("slug", "pk"))
    wanted = [(n, k, places.get(slug), offer) for n, k, slug, offer in words.NAMED_PARTNERS]
    combos = [(p, o) for p in words.PLACES for o in words.ORGANISATIONS]
    for place, (noun, kind) in rng.sample(combos, max(0, count - len(wanted))):
        wanted.append((f"{place} {noun}", kind, places.get(words.PLACES[place]),
                       f"A {noun.lower()} in {place}."))  # fmt: skip
    wanted = wanted[:count]
    made = Partner.objects.bulk_create(
        Partner(
            name=name,
            kind=kind,
            locality_id=locality,
            what_they_offer=offer,
            website=f"https://www.{slugify(name)}.example",
        )  # fmt: skip
        for name, kind, locality, offer in wanted
    )
    contacts = []
    for n, partner in enumerate(made):
        first = n == 0  # the demo partner sign-in's organisation
        contacts.append(PartnerContact(
            partner=partner, job_title="Volunteer coordinator",
            full_name=partner_user.full_name if first else "Volunteer coordinator",
            may_sign_in=first, user=partner_user if first else None,
            email=partner_user.email if first else f"hello@{slugify(partner.name)}.example",
        ))  # fmt: skip
    PartnerContact.objects.bulk_create(contacts)
    return [MadePartner(p.pk, p.name, p.kind, p.locality_id) for p in made]


def opportunities(count, partners_made, skill_ids, rng, college_user, partner_user, course):
    """The trust's own roles, then partners' roles in turn (the demo partner's first, all
    volunteering and supervised by its sign-in), to `count` in all."""
    skill_of = dict(Skill.objects.values_list("name", "pk"))
    localities = sorted(Locality.objects.values_list("pk", flat=True))
    wanted: list[tuple] = []
    names = dict(Locality.objects.values_list("pk", "name"))
    for kind, title, involves, when, times, hours, band in words.TRUST_ROLES:
        places = rng.sample(localities, 2) if kind in ("peer_post", "volunteering") else [None]
        for place in places:
            named = f"{title}, {names[place]}" if place else title
            wanted.append((None, TRUST_NAME, kind, named, involves, "", when, times,
                           hours, [], place, band, college_user.pk))  # fmt: skip
    n, used = 0, set()
    while len(wanted) < count:
        partner = partners_made[n % len(partners_made)]
        n += 1
        kinds = ["volunteering"] if partner.kind == "voluntary" or n <= 3 else ["job", "taster"]
        kind = rng.choice(kinds)
        role = _role(partner.name, kind, rng)
        if (partner.id, role[0]) in used:  # another of its kind, if one is left
            left = [r for r in words.ROLES[kind] if (partner.id, r[0]) not in used]
            role = rng.choice(left) if left else role
        used.add((partner.id, role[0]))
        title, involves, suits, when, times, hours, names = role
        supervisor = partner_user.pk if partner is partners_made[0] else None
        wanted.append((partner.id, partner.name, kind, title, involves, suits, when, times,
                       hours, names, partner.locality_id or rng.choice(localities), "nlw",
                       supervisor))  # fmt: skip
    rows, statuses = [], []
    for number, (partner_id, owner, kind, title, involves, suits, when, times, hours, _,
                 place, band, supervisor) in enumerate(wanted[:count]):  # fmt: skip
        # Most are open; every twelfth is still a draft and the one before it closed.
        status = {11: "draft", 10: "closed"}.get(number % 12, "open")
        statuses.append(status)
        rows.append(Opportunity(
            partner_id=partner_id, title=title, kind=kind, what_it_involves=involves,
            who_it_suits=suits, when=when, times=times, hours_per_week=Decimal(str(hours)),
            locality_id=place, place=f"{owner}", step_free=rng.random() < 0.6,
            can_be_remote=title in words.FROM_HOME,
            references_needed=rng.choice([0, 1, 2]) if kind != "taster" else 0,
            dbs_level=("enhanced" if kind in ("peer_post", "lived_job") else
                       rng.choice(["none", "basic", "standard"]) if kind == "volunteering"
                       else "none"),
            induction_needed=kind != "taster",
            course_needed=course if kind == "panel" else None,
            pay=words.PAY_WORDS.get(band, "") if kind in ("peer_post", "lived_job", "job")
            else "", places=rng.randint(1, 6), status=status, supervisor_id=supervisor,
        ))  # fmt: skip
    made = Opportunity.objects.bulk_create(rows)
    through = Opportunity.skills.through
    links = []
    for role, w in zip(made, wanted, strict=False):
        ids = [skill_of[name] for name in w[9] if name in skill_of] or [rng.choice(skill_ids)]
        links += [through(opportunity_id=role.pk, skill_id=pk) for pk in ids]
    through.objects.bulk_create(links, ignore_conflicts=True)
    return [
        MadeRole(
            Opp(
                o.pk,
                o.kind,
                o.partner_id,
                w[1],
                o.title,
                o.supervisor_id,
                float(o.hours_per_week or 16),
                o.references_needed,
                o.dbs_level,
                course.pk if course and o.kind == "panel" else None,
                w[11] if o.kind in ("peer_post", "lived_job") else "",
                o.induction_needed,
                course.title if course and o.kind == "panel" else "",
            ),
            status,
            o.locality_id,
        )  # fmt: skip
        for o, w, status in zip(made, wanted, statuses, strict=False)
    ]
