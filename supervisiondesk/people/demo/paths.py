"""Category paths: a staff member's categories over time, as a short text.

`asye+365>qualified` is ASYE for a year from the start in post, then
qualified; `qualified@270>performance_plan@90>qualified` changes category
270 and 90 days before today. A segment that would end after today stays
open and ends the path (the future is not planned). Both generators write
paths, so the rules for clipping to the history and to a leaver's last day
are in one place.
"""

from __future__ import annotations

Segment = tuple[str, int, int | None]  # (category, first day, last day or None)


def category_periods(
    path: str, *, start: int, end: int | None, today: int, history_start: int
) -> list[Segment]:
    """The category periods of someone in post from `start` to `end`
    (ordinals), within the history (from `history_start`)."""
    segments: list[Segment] = []
    begin = start
    for token in path.split(">"):
        category, until = token, None
        if "+" in token:
            category, days = token.split("+")
            until = begin + int(days) - 1
        elif "@" in token:
            category, days = token.split("@")
            until = today - int(days) - 1
        if until is None or until >= today:
            segments.append((category, begin, None))
            break
        if until < begin:
            continue  # changed before this person started: never theirs
        segments.append((category, begin, until))
        begin = until + 1
    periods: list[Segment] = []
    for category, a, b in segments:
        if (b is not None and b < history_start) or (end is not None and a > end):
            continue
        if end is not None and (b is None or b > end):
            b = end
        periods.append((category, max(a, history_start), b))
    return periods
