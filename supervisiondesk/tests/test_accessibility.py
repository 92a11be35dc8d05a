"""Every page, as every role, in Debian's Chromium (issue 9): axe-core (from
the npm registry, package-lock.json) finds no serious or critical WCAG 2.2
A/AA violation; the page fits a phone 360 px wide without scrolling
sideways; and its own transfer (the document and anything not a static
file, which production serves under hashed names cached for a year:
test_production_shape) is under 150 KB.

The pages and who may open them come from the authorization matrix: each
row's URLs, visited as each login the matrix expects a 200 for, and the
sign-in page anonymously. A screenshot of each page at 360 px goes to
var/screenshots/phone/ (the first role that opens it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from supervisiondesk.people.tests.world import ROLES
from supervisiondesk.tests.conftest import build_matrix_scenario
from supervisiondesk.tests.matrix_scenario import WORKLOAD_TEXT
from supervisiondesk.tests.test_authorization_matrix import ANONYMOUS, PAGE, ROWS, expectations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
BUDGET = 150 * 1024
PHONE = {"width": 360, "height": 740}
# Not ours to make accessible: Django's admin (the configuration) and the
# API's reference for developers (Swagger UI); docs/accessibility.md.
NOT_OURS = ("admin:", "api:docs")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "phone"
_screenshot_taken: set[str] = set()  # one screenshot of each page per run


# How much wider than the phone the page is, and the innermost element that
# reaches furthest (to name in the failure).
WIDER_THAN_THE_PHONE = """() => {
  const root = document.documentElement, width = root.clientWidth;
  let culprit = "";
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    // Text that does not fit its box overflows it without a box of its own.
    const overflow = getComputedStyle(element).overflowX;
    const clips = ["auto", "scroll", "hidden", "clip"].includes(overflow);
    const right = box.left + (clips ? box.width : Math.max(box.width, element.scrollWidth));
    if (right > width + 1 || box.left < -1) {
      if (element.closest(".skip-link")) continue;
      if (element.parentElement.closest(".scrolls")) continue;
      culprit = element.tagName.toLowerCase() + (element.className ? "." + element.className : "");
    }
  }
  return [root.scrollWidth - width, culprit];
}"""


def pages_for(actor: str, scenario) -> list[tuple[str, str]]:
    """(row name, URL) of every GET page the matrix lets `actor` open."""
    found = []
    for name, row in sorted(ROWS.items()):
        if row.get("method", "GET") != "GET" or name.startswith(NOT_OURS):
            continue
        urls = row.get("urls", PAGE)
        for label, build in urls.items():
            if expectations({**row, "urls": urls}, label).get(actor) == 200:
                found.append((name, build(name, scenario)))
    return found


def axe_script() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `npm ci` (bin/test does)")
    return AXE.read_text()


def blocking_violations(page) -> list[str]:
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG,
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
            )
    return found


def own_transfer(base_url: str, responses) -> int:
    """Bytes of the document and every response not a static file."""
    static = f"{base_url}/{settings.STATIC_URL.lstrip('/')}"
    total = 0
    for response in responses:
        if response.url.startswith(static):
            continue
        sizes = response.request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def sign_in(context, base_url: str, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def test_every_page_is_accessible_fits_a_phone_and_keeps_to_budget(
    chromium, live_server, settings, tmp_path
) -> None:
    """One test for all the logins: the live server's database is emptied
    after each test (transactional), and the scenario takes seconds to build."""
    script = axe_script()
    settings.MEDIA_ROOT = tmp_path  # the genogram
    scenario = build_matrix_scenario()
    problems = []
    for actor in [*ROLES, ANONYMOUS]:
        problems += sweep(chromium, live_server, scenario, actor, script)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def sweep(chromium, live_server, scenario, actor: str, script: str) -> list[str]:
    # CSP would refuse the injected axe-core (the CSP itself: accounts tests).
    context = chromium.new_context(viewport=PHONE, bypass_csp=True)
    if actor != ANONYMOUS:
        sign_in(context, live_server.url, scenario.world.users[actor])
    # Only pages without our layout (the API's docs) let the browser ask for
    # /favicon.ico; answered here, not by a request racing the next page.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    problems = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for name, url in pages_for(actor, scenario):
            where = f"{actor} {name} {url}"
            responses.clear()
            try:
                response = page.goto(live_server.url + url)
            except Exception as error:  # a download (PDF, CSV, calendar)
                if "Download is starting" in str(error):
                    continue
                raise
            if response is None or not response.headers.get("content-type", "").startswith(
                "text/html"
            ):
                continue
            page.wait_for_load_state("load")
            size = own_transfer(live_server.url, responses)
            if size > BUDGET:
                problems.append(f"{where}: {size // 1024} KB over the {BUDGET // 1024} KB budget")
            overflow, culprit = page.evaluate(WIDER_THAN_THE_PHONE)
            if overflow > 1:
                problems.append(f"{where}: {overflow} px wider than a 360 px phone ({culprit})")
            if name not in _screenshot_taken:
                _screenshot_taken.add(name)
                page.screenshot(
                    path=str(SCREENSHOTS / f"{name.replace(':', '-')}.png"), full_page=True
                )
            page.add_script_tag(content=script)
            problems += [f"{where}: {v}" for v in blocking_violations(page)]
    finally:
        context.close()
    return problems


def test_records_agreements_and_reports_print_cleanly(
    chromium, live_server, settings, tmp_path
) -> None:
    """Printed from the browser (print media, Chromium's own PDF): the
    content without the site's header, navigation, forms or buttons, and
    the record's words in the PDF."""
    from io import BytesIO

    from django.urls import reverse
    from pypdf import PdfReader

    settings.MEDIA_ROOT = tmp_path
    scenario = build_matrix_scenario()
    mine = scenario.side("mine")
    context = chromium.new_context(viewport={"width": 1000, "height": 800})
    sign_in(context, live_server.url, scenario.world.users["supervisor"])
    page = context.new_page()
    page.emulate_media(media="print")
    try:
        for name, url, words in [
            ("session", reverse("supervision:session", args=[mine.session.pk]), WORKLOAD_TEXT),
            ("agreement", reverse("supervision:agreement", args=[mine.agreement.pk]), None),
            ("due", reverse("compliance:supervisees"), None),
            ("dashboard", reverse("reports:dashboard"), None),
        ]:
            page.goto(live_server.url + url)
            heading = page.locator("h1").first.inner_text()
            shown = page.evaluate(
                "() => [...document.querySelectorAll('header, nav, form, button, footer')]"
                ".filter(e => e.checkVisibility()).map(e => e.outerHTML.slice(0, 80))"
            )
            assert not shown, (name, shown)
            pdf = page.pdf(format="A4")
            text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
            assert " ".join(heading.split()) in " ".join(text.split()), (name, heading)
            if words:
                assert words[:30] in " ".join(text.split()), name
            page.screenshot(path=str(SCREENSHOTS.parent / f"print-{name}.png"), full_page=True)
    finally:
        context.close()


def test_pages_read_and_forms_submit_without_javascript(chromium, live_server, settings, tmp_path):
    """JavaScript off: every page a supervisor opens has its heading, and a
    form (the Language page) submits and takes effect."""
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    scenario = build_matrix_scenario()
    context = chromium.new_context(java_script_enabled=False)
    sign_in(context, live_server.url, scenario.world.users["supervisor"])
    page = context.new_page()
    missing = []
    try:
        for name, url in pages_for("supervisor", scenario):
            try:
                response = page.goto(live_server.url + url)
            except Exception as error:  # a download
                if "Download is starting" in str(error):
                    continue
                raise
            kind = response.headers.get("content-type", "") if response else ""
            if kind.startswith("text/html") and not page.locator("main h1").count():
                missing.append(f"{name} {url}")
        page.goto(live_server.url + reverse("accounts:language"))
        page.get_by_label("Français", exact=True).check()
        page.locator("main button[type=submit]").click()
        assert page.locator("html").get_attribute("lang") == "fr"
    finally:
        context.close()
    assert not missing, missing


def test_a_form_by_keyboard_alone_with_the_focus_visible(chromium, live_server, settings, tmp_path):
    """From the page's top, by Tab, the arrow keys and Enter only: the skip
    link first, then the Language page's choices and its button, each with a
    visible focus outline; the choice is saved."""
    from django.urls import reverse

    from supervisiondesk.accounts.languages import chosen_language

    settings.MEDIA_ROOT = tmp_path
    scenario = build_matrix_scenario()
    user = scenario.world.users["practitioner"]
    context = chromium.new_context()
    sign_in(context, live_server.url, user)
    page = context.new_page()

    def focused() -> dict:
        return page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return {tag: e.tagName, text: e.innerText || e.value || '',"
            " type: e.type || '', outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"
        )

    try:
        page.goto(live_server.url + reverse("accounts:language"))
        page.keyboard.press("Tab")
        first = focused()
        assert first["tag"] == "A" and first["text"] == "Skip to content", first
        assert first["outline"] != "none" and first["width"] >= 2, first
        # On to the first choice ("As my organisation..."): Tab until a radio has focus.
        for _ in range(40):
            page.keyboard.press("Tab")
            if focused()["type"] == "radio":
                break
        choice = focused()
        assert choice["type"] == "radio" and choice["outline"] != "none", choice
        # Arrow keys move through the choices: English, then Español.
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        button = focused()
        assert button["tag"] == "BUTTON" and button["outline"] != "none", button
        page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "es"
    finally:
        context.close()
    user.refresh_from_db()
    assert chosen_language(user) == "es"
