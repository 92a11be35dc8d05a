"""What the quality services share."""

from __future__ import annotations

from supervisiondesk.supervision.services.common import NotAllowed as RecordRuleBroken


class NotAllowed(RecordRuleBroken):
    """A quality rule refused the write; the message says which (pages show
    it beside the form, like the supervision services' refusals)."""
