"""The text of a case discussion for the child's record, as plain text and as
HTML, ready to paste into Primero, Mosaic or another case system.

It reads the discussion, its actions and amendments and the session's date,
kind and people, and nothing else: a session's RecordSection rows (the
standing agenda, including the worker's wellbeing and personal matters) are
never read here, so they can never reach a child's record.

Plain functions over objects fetched beforehand: `prefetch_for_record` is
the one helper that says what to fetch, so rendering makes no query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supervisiondesk.supervision.choices import ActionStatus, SessionKind
from supervisiondesk.supervision.models import (
    Action,
    Amendment,
    CaseDiscussion,
    SessionAttendee,
)
from supervisiondesk.supervision.models.records import GROUP_FIELDS


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str = ""  # "Label: text"; empty for the heading's own text


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


Block = Paragraph | Items


@dataclass(frozen=True)
class Part:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CaseRecord:
    header: str
    parts: tuple[Part, ...] = field(default_factory=tuple)


def prefetch_for_record(queryset: QuerySet[CaseDiscussion]) -> QuerySet[CaseDiscussion]:
    """What `case_record` reads, in five queries however many discussions:
    the discussion with its session and people, the attendees, the actions
    with their owners, the amendments with who made them."""
    return queryset.select_related(
        "case", "session", "session__organisation", "session__supervisor", "presented_by"
    ).prefetch_related(
        Prefetch(
            "session__attendees",
            queryset=SessionAttendee.objects.select_related("staff").order_by("staff__name"),
        ),
        Prefetch("actions", queryset=Action.objects.select_related("owner")),
        Prefetch("amendments", queryset=Amendment.objects.select_related("made_by__staff_member")),
    )


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _label(name: str) -> str:
    # The form's own labels, so the record and the form say the same words.
    return str(capfirst(CaseDiscussion._meta.get_field(name).verbose_name))


def _clean(text: str) -> str:
    # Browsers send a textarea's lines with CRLF; the record keeps plain newlines.
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _paragraphs(*pairs: tuple[str, str]) -> tuple[Paragraph, ...]:
    """Labelled paragraphs, leaving out the empty ones."""
    return tuple(Paragraph(_clean(text), label) for label, text in pairs if text and text.strip())


def _workers(discussion: CaseDiscussion) -> list[str]:
    attendees = list(discussion.session.attendees.all())
    if discussion.session.kind == SessionKind.GROUP:
        # In a group the worker is who brought the case, not every member.
        if discussion.presented_by is not None:
            return [discussion.presented_by.name]
        return []
    return [attendee.staff.name for attendee in attendees]


def _header(discussion: CaseDiscussion) -> str:
    session, case = discussion.session, discussion.case
    case_text = case.case_id
    if case.external_id and case.external_id != case.case_id:
        system = case.get_source_system_display() or _("case system")
        case_text = _("%(case)s (%(system)s id %(id)s)") % {
            "case": case.case_id,
            "system": system,
            "id": case.external_id,
        }
    workers = _workers(discussion)
    values = {
        "case": case_text,
        "kind": session.get_kind_display(),
        "date": _day(session.date),
        "supervisor": session.supervisor.name,
        "workers": ", ".join(workers),
    }
    if not workers:
        return _("Case %(case)s. %(kind)s on %(date)s. Supervisor: %(supervisor)s.") % values
    return (
        ngettext(
            "Case %(case)s. %(kind)s on %(date)s. Supervisor: %(supervisor)s. Worker: %(workers)s.",
            "Case %(case)s. %(kind)s on %(date)s. Supervisor: %(supervisor)s. "
            "Workers: %(workers)s.",
            len(workers),
        )
        % values
    )


def action_line(action: Action) -> str:
    line = _("%(action)s (%(owner)s, by %(due)s)") % {
        "action": _clean(action.description),
        "owner": action.owner.name,
        "due": _day(action.due_on),
    }
    if action.status == ActionStatus.DONE:
        done = _day(action.done_on) if action.done_on else ""
        line += " " + (_("Done on %(date)s.") % {"date": done} if done else _("Done."))
    elif action.status == ActionStatus.DROPPED:
        line += " " + _("No longer needed.")
    if action.delay_reason.strip():
        line += " " + _("Reason for delay: %(reason)s") % {"reason": _clean(action.delay_reason)}
    return line


def _amendment_line(amendment: Amendment, zone: ZoneInfo) -> str:
    made_on = timezone.localtime(amendment.made_at, zone).date()
    user = amendment.made_by
    staff = getattr(user, "staff_member", None)
    who = staff.name if staff is not None else (user.get_full_name() or user.get_username())
    return _("%(date)s, %(who)s: %(text)s (Why: %(reason)s)") % {
        "date": _day(made_on),
        "who": who,
        "text": _clean(amendment.text),
        "reason": _clean(amendment.reason),
    }


def _is_group(discussion: CaseDiscussion) -> bool:
    return discussion.session.kind == SessionKind.GROUP or any(
        getattr(discussion, name).strip() for name in GROUP_FIELDS
    )


def _group_part(discussion: CaseDiscussion) -> Part:
    blocks: list[Block] = []
    if discussion.presented_by is not None:
        blocks.append(Paragraph(discussion.presented_by.name, _label("presented_by")))
    blocks.extend(_paragraphs(*((_label(n), getattr(discussion, n)) for n in GROUP_FIELDS)))
    session = discussion.session
    present = [a.staff.name for a in session.attendees.all() if a.present]
    if present:
        names = [_("%(name)s (facilitator)") % {"name": session.supervisor.name}, *present]
        blocks.append(Paragraph(", ".join(names), _("Present")))
    return Part(_("Reflective group case discussion"), tuple(blocks))


def case_record(discussion: CaseDiscussion) -> CaseRecord:
    """The structure of the text: a header line, then the parts of a good
    case record in order, leaving out whatever is empty."""
    d = discussion
    last_seen = _day(d.child_last_seen) if d.child_last_seen else ""
    actions = tuple(action_line(a) for a in d.actions.all())
    parts = [
        Part(_label("main_purpose"), _paragraphs(("", d.main_purpose))),
        Part(_label("discussion_purpose"), _paragraphs(("", d.discussion_purpose))),
        Part(
            _label("progress"),
            _paragraphs(
                ("", d.progress),
                (_label("child_voice"), d.child_voice),
                (_label("child_last_seen"), last_seen),
            ),
        ),
        Part(
            _label("risks_and_needs"),
            _paragraphs(
                ("", d.risks_and_needs),
                (_label("risk_trend"), d.get_risk_trend_display() if d.risk_trend else ""),
                (_label("reflections"), d.reflections),
            ),
        ),
        Part(
            _("Actions"),
            ((Items(actions),) if actions else ())
            + _paragraphs((_label("previous_actions"), d.previous_actions)),
        ),
        Part(_label("decision_rationale"), _paragraphs(("", d.decision_rationale))),
    ]
    if _is_group(d):
        parts.append(_group_part(d))
    # The day an amendment was made where the organisation works.
    zone = ZoneInfo(d.session.organisation.time_zone)
    amendments = tuple(_amendment_line(a, zone) for a in d.amendments.all())
    if amendments:
        parts.append(Part(_("Amendments"), (Items(amendments),)))
    return CaseRecord(_header(d), tuple(p for p in parts if p.blocks))


# ---------------------------------------------------------------- formats


def _label_text(label: str) -> str:
    # "Are the risks changing? Decreasing", not "changing?: Decreasing".
    return label if label.endswith(("?", ":")) else f"{label}:"


def as_plain_text(record: CaseRecord) -> str:
    """Headings on their own line, a blank line between parts, "- " items:
    what survives a plain text box in any case system."""
    lines = [record.header]
    for part in record.parts:
        lines += ["", part.heading]
        for block in part.blocks:
            if isinstance(block, Items):
                lines += [f"- {item}" for item in block.items]
            elif block.label:
                lines.append(f"{_label_text(block.label)} {block.text}")
            else:
                lines.append(block.text)
    return "\n".join(lines) + "\n"


def _html_lines(text: str) -> str:
    return escape(text.strip()).replace("\n", "<br>")


def _html_paragraphs(text: str) -> list[str]:
    """Escaped text; blank lines make paragraphs, single newlines breaks."""
    chunks = text.split("\n\n")
    return [_html_lines(chunk) for chunk in chunks if chunk.strip()]


def _html_blocks(blocks: Iterable[Block]) -> Iterable[str]:
    for block in blocks:
        if isinstance(block, Items):
            items = "".join(f"<li>{_html_lines(item)}</li>" for item in block.items)
            yield f"<ul>{items}</ul>"
            continue
        first, *rest = _html_paragraphs(block.text)
        if block.label:
            first = f"<strong>{escape(_label_text(block.label))}</strong> {first}"
        yield from (f"<p>{chunk}</p>" for chunk in (first, *rest))


def as_html(record: CaseRecord) -> str:
    """Every value escaped: a field holding "<script>" pastes as those
    characters, never as markup."""
    html = [f"<p><strong>{escape(record.header)}</strong></p>"]
    for part in record.parts:
        html.append(f"<h3>{escape(part.heading)}</h3>")
        html.extend(_html_blocks(part.blocks))
    return "\n".join(html) + "\n"
