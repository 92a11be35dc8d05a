"""Pages of the reports app, one module each; `urls.py` names them here."""

from supervisiondesk.reports.views.behind import behind
from supervisiondesk.reports.views.capacity import capacity
from supervisiondesk.reports.views.dashboard import dashboard
from supervisiondesk.reports.views.drift import drift

__all__ = ["behind", "capacity", "dashboard", "drift"]
