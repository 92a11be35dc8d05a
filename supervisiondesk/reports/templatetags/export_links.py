"""`{% export_links %}`: a list page's "Download CSV" and "Download Excel"
links, to the page's own address with its filters and `format=` (and
`list=` when the page holds several lists): see `reports.exports`."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

# Which page of a paginated list is shown: a file holds every row.
PAGE_PARAMETERS = ("page", "people_page", "cases_page")


@register.inclusion_tag("reports/_export_links.html", takes_context=True)
def export_links(context: template.Context, list_name: str = "", label: Any = "") -> dict:
    """`label` names the list for screen readers when a page has several."""
    request = context["request"]
    query = request.GET.copy()
    for name in PAGE_PARAMETERS:
        query.pop(name, None)
    if list_name:
        query["list"] = list_name
    links = {}
    for export_format in ("csv", "xlsx"):
        query["format"] = export_format
        links[export_format] = f"{request.path}?{query.urlencode()}"
    return {"csv": links["csv"], "xlsx": links["xlsx"], "label": label}
