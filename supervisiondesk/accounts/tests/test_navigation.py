"""The main navigation each role sees: every link it offers opens for that
role (no link to a page that answers "not found"), and no link's name holds
another's, so "My supervision" names one link only (for people using a
screen reader's list of links as much as for the browser tests)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from supervisiondesk.people.tests.world import ROLES


class NavLinks(HTMLParser):
    """The links of `<nav class="site-nav">`: (href, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.href: str | None = None
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "site-nav" in (attrs.get("class") or ""):
            self.inside = True
        elif tag == "a" and self.inside:
            self.href = attrs["href"]
            self.links.append((self.href, ""))

    def handle_endtag(self, tag):
        if tag == "nav":
            self.inside = False
        elif tag == "a":
            self.href = None

    def handle_data(self, data):
        if self.href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, (text + data).strip())


def nav_of(client) -> list[tuple[str, str]]:
    parser = NavLinks()
    parser.feed(client.get(reverse("home")).content.decode())
    return parser.links


@pytest.mark.parametrize("who", ROLES)
def test_every_link_of_a_roles_navigation_opens(client, world, who) -> None:
    client.force_login(world.users[who])
    links = nav_of(client)
    assert links, who
    for href, text in links:
        response = client.get(href)
        assert response.status_code == 200, (who, text, href, response.status_code)
    names = [text.casefold() for _href, text in links]
    for name in names:
        holders = [other for other in names if name in other]
        assert holders == [name], (who, name, holders)


def test_each_role_finds_its_own_pages(client, world) -> None:
    expected = {
        "practitioner": {"My supervision", "My development", "My feedback"},
        "supervisor": {"My supervisees", "Drift signals", "Staff development"},
        "manager": {"Dashboard", "Capacity", "Drift signals", "Team compliance"},
        "auditor": {"Audit samples", "Audit results"},
    }
    for who, names in expected.items():
        client.force_login(world.users[who])
        shown = {text for _href, text in nav_of(client)}
        assert names <= shown, (who, names - shown)
    client.force_login(world.users["practitioner"])
    shown = {text for _href, text in nav_of(client)}
    assert not shown & {"Capacity", "Drift signals", "Staff development", "Dashboard"}
