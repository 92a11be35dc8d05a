"""Every string in every language (issue 9): the catalogues hold every string
the code and templates mark, each translated in Spanish, French and Arabic,
with its placeholders and HTML tags kept; the compiled catalogues are the
written ones; and no template shows English that is not marked.

After marking new strings: bin/translations, then translate the empty
entries (docs/i18n.md)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils.functional import Promise

SOURCE = Path(settings.BASE_DIR) / "supervisiondesk"
LOCALE = SOURCE / "locale"
# Arabic has six plural forms (n = 0, 1, 2, 3-10, 11-99, others).
PLURAL_FORMS = {"es": 2, "fr": 2, "ar": 6}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfirx]|%[sdfirx]|%%|\{\w*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def test_every_site_language_has_a_catalogue() -> None:
    assert {code for code, _name in settings.LANGUAGES} == {"en", *PLURAL_FORMS}


def marks(text: str) -> tuple[Counter, Counter]:
    return Counter(PLACEHOLDER.findall(text)), Counter(TAG.findall(text))


def catalogue_problems(po: polib.POFile, language: str) -> list[str]:
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{language} line {entry.linenum} {entry.msgid[:50]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: marked fuzzy (check it, then remove the flag)")
        if entry.msgid_plural:
            wanted = marks(entry.msgid_plural)
            if sorted(entry.msgstr_plural) != list(range(PLURAL_FORMS[language])):
                problems.append(f"{where}: needs {PLURAL_FORMS[language]} plural forms")
            for form, text in entry.msgstr_plural.items():
                if not text.strip():
                    problems.append(f"{where}: plural form {form} untranslated")
                elif marks(text) != wanted:
                    problems.append(f"{where}: plural form {form} breaks its placeholders")
        elif not entry.msgstr.strip():
            problems.append(f"{where}: untranslated")
        elif marks(entry.msgstr) != marks(entry.msgid):
            problems.append(f"{where}: breaks its placeholders or tags: {entry.msgstr[:60]!r}")
    return problems


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_every_string_is_translated_with_its_placeholders(language) -> None:
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert po.metadata.get("Language") == language
    problems = catalogue_problems(po, language)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:50])


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_the_compiled_catalogue_is_the_written_one(language) -> None:
    folder = LOCALE / language / "LC_MESSAGES"

    def entries(catalogue) -> dict:
        return {
            (e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, e.msgstr_plural)
            for e in catalogue
            if e.msgid
        }

    written = entries(polib.pofile(str(folder / "django.po")).translated_entries())
    compiled = entries(polib.mofile(str(folder / "django.mo")))
    stale = {key for key in written if compiled.get(key) != written[key]}
    assert not stale, (
        f"{language}: django.mo differs from django.po in {len(stale)} entries; "
        "run bin/translations"
    )


def test_the_catalogues_hold_every_marked_string(tmp_path) -> None:
    """The strings marked in the code and templates today are exactly the
    catalogues' (a new string not gathered fails here, naming it)."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed to gather the strings (Debian: apt-get install gettext)")
    copy = tmp_path / "supervisiondesk"
    shutil.copytree(
        SOURCE,
        copy,
        ignore=shutil.ignore_patterns("locale", "tests", "__pycache__", "static", "*.mo", "*.po"),
    )
    (copy / "locale" / "es").mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "makemessages",
            "-l",
            "es",
            "--no-location",
            "--ignore",
            "*/tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DEBUG": "1",
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "supervisiondesk.settings",
        },
    )
    gathered = {
        (e.msgctxt, e.msgid, e.msgid_plural)
        for e in polib.pofile(str(copy / "locale/es/LC_MESSAGES/django.po"))
    }
    for language in PLURAL_FORMS:
        kept = {
            (e.msgctxt, e.msgid, e.msgid_plural)
            for e in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
            if not e.obsolete
        }
        missing = sorted(gathered - kept)
        assert not missing, (
            f"{language}: not in the catalogue (run bin/translations): {missing[:20]}"
        )
        stale = sorted(kept - gathered)
        assert not stale, (
            f"{language}: no longer marked anywhere (run bin/translations): {stale[:20]}"
        )


# Attributes people read or hear; `value` only on buttons (hidden inputs carry data).
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}
WORD = re.compile(r"[A-Za-z]{2,}")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.quiet = 0  # inside <script>, <style> or <code>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "kbd"):
            self.quiet += 1
        attrs = dict(attrs)
        for name, value in attrs.items():
            shown = name in READ_ATTRIBUTES or (
                name == "value" and tag == "input" and attrs.get("type") in ("submit", "button")
            )
            if shown and value and WORD.search(value):
                self.found.append(f"{name}={value!r}")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "kbd"):
            self.quiet -= 1

    def handle_data(self, data):
        if not self.quiet and WORD.search(data):
            self.found.append(repr(data.strip()))


def unmarked_text(template: str) -> list[str]:
    """The English a template shows outside {% translate %} and
    {% blocktranslate %}: its text with every tag and variable taken out."""
    kept, inside = [], 0
    for token in Lexer(template).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans", "comment"):
                inside += 1
            elif name in ("endblocktranslate", "endblocktrans", "endcomment"):
                inside -= 1
        elif token.token_type == TokenType.TEXT and not inside:
            kept.append(token.contents)
    parser = _Text()
    parser.feed("".join(kept))
    return parser.found


def test_unmarked_text_is_found() -> None:
    assert unmarked_text('<p title="Hello">{% translate "Hi" %} there</p>') == [
        "title='Hello'",
        "'there'",
    ]
    assert (
        unmarked_text("{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}<code>x.py</code>")
        == []
    )


def test_no_template_shows_unmarked_english() -> None:
    found = []
    for path in sorted(SOURCE.rglob("templates/**/*.html")):
        found += [f"{path.relative_to(SOURCE)}: {text}" for text in unmarked_text(path.read_text())]
    assert not found, "\n".join(found)


def test_model_names_and_choices_are_marked() -> None:
    """Choices reach pages, forms and exports; the names of the models the
    configuration (the admin) shows, and of their fields, reach its forms
    and error messages. (Other models' names are never shown.)"""
    from django.contrib import admin

    configured = set(admin.site._registry)
    unmarked = []
    for model in apps.get_models():
        if not model.__module__.startswith("supervisiondesk."):
            continue
        for field in model._meta.get_fields():
            for _value, label in getattr(field, "flatchoices", None) or ():
                if not isinstance(label, Promise) and WORD.search(str(label)):
                    unmarked.append(f"{model.__name__}.{field.name}: choice {label!r}")
        if model not in configured:
            continue
        if not isinstance(model._meta.verbose_name, Promise):
            unmarked.append(f"{model.__name__}: verbose_name")
        for field in model._meta.get_fields():
            if field.auto_created or not hasattr(field, "verbose_name"):
                continue
            if not isinstance(field.verbose_name, Promise):
                unmarked.append(f"{model.__name__}.{field.name}: verbose_name")
    assert not unmarked, "\n".join(unmarked)
