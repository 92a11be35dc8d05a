"""The demo organisation's people, as a table.

Riverside Children's Services: three services, six teams, 65 staff. Every
date is in days before today (negative: in the future), so the demo always
looks current; the generator adds a few days of jitter to each.

Category paths read left to right: `asye+365>qualified` is ASYE for a year
then qualified; `qualified@270>performance_plan@90>qualified` changes
category 270 and 90 days ago. A segment that would end after today stays
open. Line supervisor `tm` means the manager of the person's team at the
time (so a change of team manager or of team changes it).
"""

from __future__ import annotations

from typing import NamedTuple

ORGANISATION = "Riverside Children's Services"
EMAIL_DOMAIN = "riverside-childrens-services.example"
STAFF_ID_PREFIX = "RCS"
CASE_ID_PREFIX = "C"
SOURCE_SYSTEM = "mosaic"
TOTAL_CASES = 600

# (service type, name)
SERVICES = (
    ("feh", "Early Help"),
    ("cp", "Safeguarding and Child Protection"),
    ("cla", "Children in Care"),
)

# (code, name, service type, case types its practitioners hold by default)
TEAMS = (
    ("eh-north", "Early Help North", "feh", "feh"),
    ("eh-south", "Early Help South and Youth Justice", "feh", "feh:2 yos:1"),
    ("cp-front-door", "Front Door and Assessment", "cp", "assessment"),
    ("cp-protection", "Child in Need and Protection", "cp", "cin:3 cp:2"),
    ("cla-care", "Children in Care and Leaving Care", "cla", "cla:4 care_leaver:1"),
    ("cla-fostering", "Fostering and Residential", "cla", "foster_carer"),
)


class Person(NamedTuple):
    key: str  # a login name for the seven demo users
    team: str  # the current (or last) team
    title: str
    path: str  # category path, see the module's docstring
    line: str | None  # key of the line supervisor, or "tm"
    start: int | str | None = None  # days ago; None: long in post; "after:KEY": KEY's successor
    left: int | None = None  # days ago they left
    moved: tuple[str, int] | None = None  # (earlier team, days ago of the move)
    # Open cases today; for a leaver, about what they held (they were in
    # the team's pool of case holders), none of it open today.
    caseload: int = 0
    types: str = ""  # case types held in `team`, with weights; default: the team's
    professional: str | None = None  # key of a professional supervisor
    external: str | None = None  # key of an external supervisor
    absences: tuple[tuple[str, int, int], ...] = ()  # (kind, days ago it starts, days)
    fte: str = "1.00"
    manages: bool = False  # the team's manager


# A table reads best as one: the formatter would give each field a line.
# fmt: off
ROSTER: tuple[Person, ...] = (
    # Leadership and central posts. The data folder keeps one team per
    # person, so the directorate sits in the front door team.
    Person("director", "cp-front-door", "Director of Children's Services", "manager", None,
           external="ext_coach"),
    Person("senior", "cp-front-door", "Head of Children's Social Care", "manager", "director"),
    Person("sm_eh", "eh-north", "Service Manager, Early Help", "manager", "senior"),
    Person("manager", "cp-protection", "Service Manager, Safeguarding", "manager", "senior"),
    Person("sm_cla", "cla-care", "Service Manager, Children in Care", "manager", "senior"),
    Person("psw", "cp-front-door", "Principal Social Worker", "manager", "senior"),
    Person("auditor", "cp-front-door", "Quality Assurance Officer", "qualified", "senior",
           caseload=18, types="qa"),
    Person("iro", "cp-front-door", "Independent Reviewing Officer", "qualified", "senior",
           caseload=22, types="qa", fte="0.80"),
    Person("admin", "cp-front-door", "Business Support Officer", "support_staff", "tm"),
    Person("ext_coach", "cla-care", "Independent Clinical Supervisor (external)", "other", None),
    Person("ext_partner", "eh-north", "Practice Lead, Family Action (external)", "other", None),
    # Team managers; Early Help South changed manager nine months ago.
    Person("tm_eh_north", "eh-north", "Team Manager", "manager", "sm_eh", manages=True),
    Person("tm_eh_south_old", "eh-south", "Team Manager", "manager", "sm_eh", left=270,
           manages=True),
    Person("tm_eh_south", "eh-south", "Team Manager", "induction+60>manager", "sm_eh",
           start="after:tm_eh_south_old", manages=True),
    Person("tm_front", "cp-front-door", "Team Manager", "manager", "manager", manages=True),
    # Holds a few complex cases: the login is a practitioner too.
    Person("supervisor", "cp-protection", "Team Manager", "manager", "manager", manages=True,
           caseload=4),
    Person("tm_cla_care", "cla-care", "Team Manager", "manager", "sm_cla", manages=True),
    Person("tm_fostering", "cla-fostering", "Team Manager", "manager", "sm_cla",
           manages=True),
    Person("home_manager", "cla-fostering", "Registered Manager, Children's Home", "manager",
           "sm_cla"),
    # Early Help North
    Person("fsw_n1", "eh-north", "Family Support Worker", "support_staff", "tm", caseload=12),
    Person("fsw_n2", "eh-north", "Family Support Worker", "support_staff", "tm", left=150,
           caseload=12),
    Person("fsw_n3", "eh-north", "Family Support Worker", "induction+90>support_staff", "tm",
           start=140, caseload=9),
    Person("ehp_n1", "eh-north", "Early Help Practitioner", "qualified", "tm", caseload=14),
    Person("ehp_n2", "eh-north", "Early Help Practitioner",
           "qualified@60>performance_plan", "tm", caseload=11),
    Person("cw_n1", "eh-north", "Family Caseworker (Family Action)", "caseworker", "tm",
           caseload=10, types="general:4 feh:1", external="ext_partner", fte="0.60"),
    Person("ehp_n3", "eh-north", "Early Help Practitioner", "qualified", "tm", caseload=13,
           absences=(("parental", 520, 240),)),
    # Early Help South and Youth Justice
    Person("yjo_s1", "eh-south", "Youth Justice Officer", "qualified", "tm", caseload=10,
           types="yos"),
    Person("yjo_s2", "eh-south", "Youth Justice Officer", "qualified", "tm", caseload=10,
           types="yos", absences=(("sickness", 330, 45),)),
    Person("yw_s1", "eh-south", "Youth Worker", "other", "tm", caseload=10,
           types="feh:1 yos:1"),
    Person("fsw_s1", "eh-south", "Family Support Worker", "support_staff", "tm", caseload=12,
           types="feh"),
    Person("ehp_s1", "eh-south", "Early Help Practitioner", "qualified", "tm",
           moved=("eh-north", 300), caseload=14, types="feh"),
    # Front Door and Assessment
    Person("sw_f1", "cp-front-door", "Social Worker", "asye+365>qualified", "tm", start=150,
           caseload=9, professional="psw"),
    Person("sw_f2", "cp-front-door", "Social Worker", "asye+365>qualified", "tm", start=90,
           caseload=7, professional="psw"),
    Person("sw_f3", "cp-front-door", "Social Worker", "induction+120>qualified", "tm",
           start=40, caseload=6),
    Person("sw_f4", "cp-front-door", "Social Worker", "qualified", "tm", caseload=16),
    Person("sw_f5", "cp-front-door", "Social Worker", "qualified", "tm", left=300, caseload=16),
    Person("sw_f6", "cp-front-door", "Senior Social Worker", "qualified", "tm", caseload=12),
    Person("sw_f7", "cp-front-door", "Social Worker", "asye+365>qualified", "tm", start=600,
           caseload=15, professional="psw"),
    Person("sw_f8", "cp-front-door", "Social Worker", "induction+120>qualified", "tm",
           start=-21),
    # Child in Need and Protection
    Person("practitioner", "cp-protection", "Social Worker", "asye+365>qualified", "tm",
           start=560, caseload=15, professional="psw"),
    Person("sw_p2", "cp-protection", "Senior Social Worker", "qualified", "tm", caseload=16),
    Person("sw_p3", "cp-protection", "Social Worker", "newly_qualified+365>qualified", "tm",
           start=210, caseload=10, professional="psw"),
    Person("sw_p4", "cp-protection", "Social Worker", "qualified", "tm", caseload=14,
           absences=(("sickness", 20, 63),)),
    Person("sw_p5", "cp-protection", "Social Worker",
           "qualified@270>performance_plan@90>qualified", "tm", caseload=14),
    Person("sw_p6", "cp-protection", "Social Worker", "induction+120>qualified", "tm",
           start=240, caseload=14, professional="sw_p2"),
    Person("sw_p7", "cp-protection", "Social Worker", "qualified", "tm",
           moved=("cp-front-door", 240), caseload=16),
    Person("sw_p8", "cp-protection", "Social Worker", "qualified", "tm", left=60, caseload=15),
    Person("sw_p9", "cp-protection", "Social Worker", "induction+120>qualified", "tm",
           start=45, caseload=6),
    # Children in Care and Leaving Care
    Person("sw_c1", "cla-care", "Social Worker", "qualified", "tm", caseload=15),
    Person("sw_c2", "cla-care", "Social Worker", "qualified", "tm", caseload=14,
           absences=(("parental", -35, 270),)),
    Person("sw_c3", "cla-care", "Social Worker", "asye+365>qualified", "tm", start=300,
           caseload=10, professional="psw"),
    Person("sp_c1", "cla-care", "Senior Practitioner", "qualified", "tm", caseload=8),
    Person("pa_c1", "cla-care", "Personal Adviser", "support_staff", "tm", caseload=18,
           types="care_leaver", professional="sp_c1"),
    Person("pa_c2", "cla-care", "Personal Adviser", "support_staff", "tm", caseload=18,
           types="care_leaver", professional="sp_c1", absences=(("sickness", 400, 35),)),
    Person("clin_c1", "cla-care", "Clinical Practitioner (systemic therapist)", "other", "tm",
           caseload=10, types="clinical", external="ext_coach", fte="0.80"),
    Person("sw_c4", "cla-care", "Social Worker", "qualified", "tm", left=400, caseload=14),
    # Fostering and Residential
    Person("ssw_f1", "cla-fostering", "Supervising Social Worker", "qualified", "tm",
           caseload=14),
    Person("ssw_f2", "cla-fostering", "Supervising Social Worker", "qualified", "tm",
           moved=("cla-care", 420), caseload=14),
    Person("ssw_f3", "cla-fostering", "Supervising Social Worker",
           "induction+120>qualified", "tm", start=330, caseload=12),
    Person("ssw_f4", "cla-fostering", "Supervising Social Worker", "qualified", "tm",
           left=450, caseload=13),
    Person("rcw_1", "cla-fostering", "Senior Residential Care Worker", "residential",
           "home_manager", absences=(("parental", 600, 180),)),
    Person("rcw_2", "cla-fostering", "Residential Care Worker", "residential",
           "home_manager"),
    Person("rcw_3", "cla-fostering", "Residential Care Worker", "residential",
           "home_manager", left=200, fte="0.50"),
    Person("rcw_4", "cla-fostering", "Residential Care Worker", "induction+60>residential",
           "home_manager", start=190),
    Person("rcw_5", "cla-fostering", "Residential Care Worker", "residential",
           "home_manager"),
)
# fmt: on
