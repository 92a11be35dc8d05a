"""In Chromium: a supervisor switches to Arabic, Spanish and French on the
Language page; every page they then open is in that language (Arabic laid
out right to left), with screenshots at desktop and phone widths in
var/screenshots/ (language-<code>-<page>.png). Only data (names, teams,
case ids, what people wrote) stays as it was entered."""

from __future__ import annotations

import re
from functools import cache

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import screenshot
from supervisiondesk.accounts.tests.otp import browser_sign_in
from supervisiondesk.policies.policy import list_presets, load_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo password for the browser test"
# The words of the page's own making: headings, navigation, labels, buttons,
# column headings, statuses (not the records' content, which is data).
CHROME = (
    "header, nav, footer, h1, h2, h3, caption, thead th, label, legend, button, summary,"
    " dt, .status, .lead, .help"
)
# Names the translations keep (docs/i18n.md).
KEPT = ("Supervision Desk", "API", "CSV", "PDF", "ASYE", "Primero", "CPIMS+", "TOTP", "Excel")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def data_words() -> list[str]:
    """What people entered: names of the organisation, its services, teams,
    staff, groups, their job titles and case ids. Longest first."""
    from supervisiondesk.people.models import Case, Organisation, Service, StaffMember, Team
    from supervisiondesk.supervision.models import SupervisionGroup

    words = {*KEPT}
    for model, fields in [
        (Organisation, ["name"]),
        (Service, ["name"]),
        (Team, ["name", "code"]),
        (StaffMember, ["name", "staff_id"]),
        (SupervisionGroup, ["name"]),
        (Case, ["case_id"]),
    ]:
        for row in model.objects.values_list(*fields):
            words.update(value for value in row if value)
    from supervisiondesk.people.models import TeamMembership

    words.update(TeamMembership.objects.exclude(job_title="").values_list("job_title", flat=True))
    # The presets' ids and titles: names of published policies.
    for preset in list_presets():
        policy = load_policy(preset)
        words.update([policy.id, policy.title])
    return sorted(words, key=len, reverse=True)


@cache
def english_strings(language: str) -> frozenset[str]:
    """The catalogue's English strings that are not also a translation
    ("Comment" is French too); read once per language."""
    po = polib.pofile(
        str(settings.BASE_DIR / f"supervisiondesk/locale/{language}/LC_MESSAGES/django.po")
    )
    translations = {e.msgstr for e in po}
    return frozenset(
        e.msgid
        for e in po
        if e.msgstr and e.msgid not in translations and LATIN_WORD.search(e.msgid)
    )


def english_left(texts: list[str], language: str, data: list[str]) -> list[str]:
    """The texts that are still English: for Arabic, any Latin word that is
    not data; for every language, a text that is exactly an English string
    the catalogue translates differently."""
    english = english_strings(language)
    left = []
    for text in texts:
        text = " ".join(text.split())
        if text in english:
            left.append(text)
        elif language == "ar":
            rest = text
            for word in data:
                rest = rest.replace(word, " ")
            if LATIN_WORD.search(rest):
                left.append(text)
    return left


def pages(supervisor) -> dict[str, str]:
    from supervisiondesk.supervision.models import SupervisionSession

    session = (
        SupervisionSession.objects.filter(supervisor=supervisor, status="held")
        .order_by("-date")
        .first()
    )
    return {
        "home": reverse("home"),
        "supervision": reverse("supervision:overview"),
        "session": reverse("supervision:session", args=[session.pk]),
        "due": reverse("compliance:supervisees"),
        "dashboard": reverse("reports:dashboard"),
        "policy": reverse("policies:policy"),
    }


def test_a_supervisor_reads_every_page_in_their_language(page, live_server, monkeypatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", "--seed", "1", verbosity=0)
    from supervisiondesk.people.models import StaffMember

    supervisor = StaffMember.objects.get(user__username="supervisor")
    data = data_words()
    browser_sign_in(page, live_server, "supervisor", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "en"

    problems = []
    for language, name, save, direction in [
        ("ar", "العربيّة", "Save", "rtl"),
        ("es", "Español", "حفظ", "ltr"),
        ("fr", "Français", "Guardar", "ltr"),
    ]:
        # From whatever language the page is in: the header's link, then the
        # language's own name on the Language page.
        page.locator("header a[href='/accounts/language/']").click()
        page.get_by_label(name, exact=True).check()
        page.get_by_role("button", name=save).click()
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction)
        with translation.override(language):
            assert page.locator(".messages").inner_text().strip() == gettext("Language saved.")
        for key, url in pages(supervisor).items():
            page.goto(live_server.url + url)
            assert page.locator("html").get_attribute("dir") == direction
            texts = page.locator(CHROME).all_inner_texts()
            problems += [
                f"{language} {key}: {text!r}" for text in english_left(texts, language, data)
            ]
            screenshot(page, f"language-{language}-{key}")
            if key in ("home", "session"):
                page.set_viewport_size({"width": 360, "height": 800})
                screenshot(page, f"language-{language}-{key}-phone")
                page.set_viewport_size({"width": 1280, "height": 800})
    assert not problems, "\n".join(problems)
