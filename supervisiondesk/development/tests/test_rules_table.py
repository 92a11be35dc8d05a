"""The table of who reads and writes each development record, without the
database: one row per part a viewer may hold in a worker's life."""

from __future__ import annotations

import pytest

from supervisiondesk.privacy.development_rules import (
    READERS,
    WRITERS,
    Part,
    Record,
    may_read,
    may_reflect,
    may_write,
    readable_records,
)

P, C, W, CPD, OBS = (
    Record.LEARNING_PLAN,
    Record.COMPETENCY,
    Record.WELLBEING_PLAN,
    Record.CPD_LOG,
    Record.OBSERVATION,
)
# part -> (records read, records written), as docs/development.md says.
TABLE = {
    Part.SELF: ({P, C, W, CPD, OBS}, {P, C, W, CPD}),
    Part.SUPERVISOR: ({P, C, W, CPD, OBS}, {P, W, CPD}),
    Part.LINE_MANAGER: ({P, C, CPD, OBS}, set()),
    Part.SENIOR_MANAGER: ({P, CPD}, set()),
    Part.NEED_TO_KNOW: ({P, CPD}, set()),
    Part.OBSERVER: ({OBS}, {OBS}),
}


@pytest.mark.parametrize("part", list(Part))
@pytest.mark.parametrize("record", list(Record))
def test_each_part_reads_and_writes_what_the_table_says(part: Part, record: Record) -> None:
    reads, writes = TABLE[part]
    assert may_read(record, {part}) is (record in reads)
    assert may_write(record, {part}) is (record in writes)


@pytest.mark.parametrize("record", list(Record))
def test_no_part_reads_nothing_and_writing_is_narrower_than_reading(record: Record) -> None:
    assert not may_read(record, set())
    assert not may_write(record, set())
    assert WRITERS[record] <= READERS[record]


def test_the_wellbeing_plan_is_the_worker_and_their_supervisors_only() -> None:
    assert READERS[W] == WRITERS[W] == {Part.SELF, Part.SUPERVISOR}
    for part in (Part.LINE_MANAGER, Part.SENIOR_MANAGER, Part.NEED_TO_KNOW, Part.OBSERVER):
        assert not may_read(W, {part}), part
    # Holding an overseeing part as well changes nothing for the others' parts.
    assert not may_read(W, {Part.LINE_MANAGER, Part.SENIOR_MANAGER, Part.NEED_TO_KNOW})


def test_only_the_worker_reflects_and_assesses() -> None:
    assert may_reflect({Part.SELF})
    assert not may_reflect({Part.SUPERVISOR, Part.OBSERVER, Part.LINE_MANAGER})
    assert WRITERS[C] == {Part.SELF}


def test_readable_records() -> None:
    assert readable_records({Part.SENIOR_MANAGER}) == {P, CPD}
    assert readable_records(set()) == frozenset()
    assert readable_records({Part.SELF}) == set(Record)
