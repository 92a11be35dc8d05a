"""The preset frameworks in the database (after every migrate)."""

from __future__ import annotations

from django.db import transaction

from supervisiondesk.development.frameworks import PRESETS
from supervisiondesk.development.models import Framework, FrameworkArea


@transaction.atomic
def presets_ensure(*, using: str = "default") -> None:
    """Write the presets (`development.frameworks`) as they are in the code:
    titles updated, areas added; idempotent. An area of a preset is never
    removed here (past ratings point at it)."""
    for preset in PRESETS:
        framework, _created = Framework.objects.using(using).update_or_create(
            organisation=None,
            key=preset.key,
            defaults={"title": preset.title, "audience": preset.audience, "source": preset.source},
        )
        for number, title in enumerate(preset.areas, start=1):
            FrameworkArea.objects.using(using).update_or_create(
                framework=framework, number=number, defaults={"title": title}
            )
