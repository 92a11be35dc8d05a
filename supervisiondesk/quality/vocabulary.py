"""The words of quality assurance, as data: the feedback statements, the
standards and practice domains an audit grades, and their scales.

Each list is (key, label). Keys are stored; labels are translated when shown,
so a stored response or grade reads in the reader's language. An
organisation cannot change these yet (docs/quality.md): a later version can
read them from the policy or a table without touching stored rows, which
name keys only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------- supervisee feedback

# What a supervisee rates after a session, each on 1 (strongly disagree) to 5
# (strongly agree).
STATEMENTS: tuple[tuple[str, str], ...] = (
    ("preparation", _("My supervisor was prepared for the session.")),
    ("child_focus", _("The session kept the focus on the children and their families.")),
    ("reflection", _("The session helped me reflect on my practice.")),
    ("support", _("I felt supported.")),
    ("clear_actions", _("I left with clear actions.")),
)
STATEMENT_KEYS = tuple(key for key, _label in STATEMENTS)
STATEMENT_LABELS = dict(STATEMENTS)

SCALE: tuple[tuple[int, str], ...] = (
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
)
SCORE_MIN, SCORE_MAX = 1, 5


# ---------------------------------------------------------------- audit of records


class StandardResult(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# The policy's standards a record is graded against (docs/quality.md says
# where each comes from in the policy in force on the session's date).
STANDARDS: tuple[tuple[str, str], ...] = (
    ("recorded_on_time", _("Recorded on time")),
    ("signed_on_time", _("Signed on time")),
    ("shared", _("Shared with the supervisee on time")),
    ("agreement_current", _("Supervision agreement current")),
    ("functions_covered", _("Functions of supervision covered")),
    ("case_discussions_complete", _("Case discussions complete")),
)
STANDARD_KEYS = tuple(key for key, _label in STANDARDS)
STANDARD_LABELS = dict(STANDARDS)


class Grade(models.TextChoices):
    """The four-point scale inspectors use, worst first."""

    INADEQUATE = "inadequate", _("Inadequate")
    REQUIRES_IMPROVEMENT = "requires_improvement", _("Requires improvement")
    GOOD = "good", _("Good")
    OUTSTANDING = "outstanding", _("Outstanding")


# The practice domains of a good supervision record.
DOMAINS: tuple[tuple[str, str], ...] = (
    ("relational", _("Relational nature of problems")),
    ("family_voice", _("Voice of the family")),
    ("risk_talk", _("Risk talk")),
    ("curiosity", _("Curiosity and flexibility")),
    ("practice_support", _("Support for practice")),
)
DOMAIN_KEYS = tuple(key for key, _label in DOMAINS)
DOMAIN_LABELS = dict(DOMAINS)


class SampleStatus(models.TextChoices):
    OPEN = "open", _("Being graded")
    COMPLETED = "completed", _("Completed")
