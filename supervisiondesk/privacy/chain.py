"""The access log's hash chain: each entry's hash covers its own fields and
the hash of the entry before it, so a changed, removed or inserted row
breaks every hash after it. `verify` walks a chain and names the first
entry that does not match."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from supervisiondesk.privacy.models import AccessLogEntry, AccessLogHead

GENESIS = "0" * 64


def canonical(entry: AccessLogEntry) -> bytes:
    """The bytes that are hashed: every stored field but the hash itself
    (models.AccessLogEntry must change with this)."""
    fields = {
        "chain": entry.chain,
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "organisation_id": entry.organisation_id,
        "user_id": entry.user_id,
        "username": entry.username,
        "event": entry.event,
        "channel": entry.channel,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "subjects": entry.subjects,
        "reason": entry.reason,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()


def entry_hash(entry: AccessLogEntry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    chain: str
    entries: int
    broken_at: int | None  # the seq of the first entry that does not match
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(chain: str) -> ChainCheck:
    """Recompute a chain from its first entry, in batches."""
    previous = GENESIS
    expected_seq = 1
    count = 0
    for entry in AccessLogEntry.objects.filter(chain=chain).order_by("seq").iterator(2000):
        if entry.seq != expected_seq:
            return ChainCheck(chain, count, expected_seq, "an entry is missing")
        if entry.prev_hash != previous:
            return ChainCheck(chain, count, entry.seq, "it does not follow the entry before it")
        if entry_hash(entry) != entry.entry_hash:
            return ChainCheck(chain, count, entry.seq, "it was changed after it was written")
        previous = entry.entry_hash
        expected_seq += 1
        count += 1
    # The head remembers how long the chain was: entries cut off its end
    # leave a shorter chain that would otherwise still verify.
    head = AccessLogHead.objects.filter(chain=chain).first()
    if head is not None and (head.seq != count or head.last_hash != previous):
        return ChainCheck(chain, count, count + 1, "entries at its end are missing")
    return ChainCheck(chain, count, None)


def chains() -> list[str]:
    return list(AccessLogEntry.objects.order_by("chain").values_list("chain", flat=True).distinct())
