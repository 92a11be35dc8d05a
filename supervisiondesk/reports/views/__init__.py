"""Pages of the reports app, one module each; `urls.py` names them here."""

from supervisiondesk.reports.views.behind import behind
from supervisiondesk.reports.views.benchmarks import benchmarks
from supervisiondesk.reports.views.capacity import capacity
from supervisiondesk.reports.views.dashboard import dashboard
from supervisiondesk.reports.views.drift import drift
from supervisiondesk.reports.views.packs import evidence_pack, monthly_pdf, packs

__all__ = [
    "behind",
    "benchmarks",
    "capacity",
    "dashboard",
    "drift",
    "evidence_pack",
    "monthly_pdf",
    "packs",
]
