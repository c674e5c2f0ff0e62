"""The HTML report in a real browser: headless chromium (Debian's package)
loads every page of the report of the bundled base and of a hand-made base
with conflicts, revisions and hostile text, over the DevTools protocol
(tests/browser.py), and checks what it rendered: every conflicting topic's
chart, the hostile text shown as text, no script error, no dialog, no
request beyond the page itself, the search box, the page without scripts
and as printed. Skipped, with the reason, where chromium is not installed.

CLAIMCHECK_SCREENSHOTS=DIR writes the screenshots of the bundled base's
index and of one topic page into DIR (docs/images refreshes the manual's).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.base import open_base
from claimcheck.cli import app
from claimcheck.report import build_site

from .browser import Browser, find_chromium, skip_reason
from .report_base import CLOSE, ENTITY, HOSTILE, IMG, SCRIPT, SVG, write_broken, write_report_base

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=skip_reason())

REPO = Path(__file__).resolve().parents[1]
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}
SCREENSHOTS = os.environ.get("CLAIMCHECK_SCREENSHOTS")
#: The topic page of the bundled base the manual shows.
SHOWN_TOPIC = "topics/deir-ezzor-2018-02-07__killed__russians.html"


def _report(root: Path, out: Path, *args: str) -> Path:
    r = CliRunner().invoke(app, ["--root", str(root), "report", "-o", str(out), *args], env=ENV)
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM, width=1200, height=900) as b:
        yield b


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-report")
    root = write_broken(write_report_base(tmp))
    site = build_site(open_base(root), include_all=True)
    return _report(root, tmp / "site", "--all", "--limit", "0"), site


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bundled-report")
    site = build_site(open_base(REPO), include_all=True)
    return _report(REPO, tmp / "site", "--all", "--limit", "0"), site


def _url(folder: Path, page: str) -> str:
    return (folder / page).resolve().as_uri()


#: Everything checked on a page, in one round trip.
INSPECT = """({
  foreign: document.querySelectorAll('img,iframe,object,embed,link,base,form,video,audio').length,
  handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
              .filter(n => n.startsWith('on')),
  scripts: document.scripts.length,
  levels: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]),
  tables: [...document.querySelectorAll('table')].map(t => ({
    cols: t.querySelectorAll('thead th[scope=col]').length, heads: t.querySelectorAll('thead th').length,
    caption: !!t.caption,
    rows: [...t.tBodies[0].rows].every(r => r.cells[0].tagName === 'TH' && r.cells[0].scope === 'row')})),
  charts: [...document.querySelectorAll('svg.chart')].map(s => ({
    bars: s.querySelectorAll('g.bar').length, role: s.getAttribute('role'),
    labels: (s.getAttribute('aria-labelledby') || '').split(' ')
              .map(i => (document.getElementById(i) || {}).textContent || '')})),
  text: document.body.innerText,
  lang: document.documentElement.lang,
})"""


def _check_page(browser: Browser, folder: Path, page: str) -> dict:
    """Load a page; it must run no foreign script, raise no error, request
    nothing, hold no foreign element and follow the accessibility rules."""
    load = browser.load(_url(folder, page))
    try:
        assert load.exceptions == [], (page, load.exceptions)
        assert load.errors == [], (page, load.errors)  # CSP violations are logged as errors
        assert load.dialogs == [], (page, load.dialogs)
        assert load.other_requests == [], (page, load.other_requests)
        got = browser.eval(load, INSPECT)
    finally:
        browser.close(load)
    assert got["foreign"] == 0 and got["handlers"] == [], (page, got["foreign"], got["handlers"])
    assert got["scripts"] == (1 if page == "index.html" else 0), page
    assert got["lang"] == "en"
    levels = got["levels"]
    assert levels[0] == 1 and levels.count(1) == 1, (page, levels)
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (page, levels)  # never skipping a level
    for t in got["tables"]:
        assert t["caption"] and t["cols"] == t["heads"] and t["rows"], (page, t)
    for c in got["charts"]:
        assert c["role"] == "img" and all(c["labels"]), (page, c)  # a <title> and a <desc> that say something
    return got


def _all_pages(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html"))


def test_bundled_base_report_renders_every_page_cleanly(browser, bundled):
    folder, site = bundled
    pages = _all_pages(folder)
    assert sorted(site.pages()) == pages
    seen = {}
    for page in pages:
        seen[page] = _check_page(browser, folder, page)
    conflicting = [t for t in site.topics if t.report.conflict]
    assert conflicting, "the bundled base has a conflicting topic"
    for t in site.topics:
        charted = sum(1 for r in t.rows if r.charted)
        charts = seen[t.file]["charts"]
        if t.report.conflict or charted:
            assert len(charts) == 1 and charts[0]["bars"] == charted, (t.topic, charts)
    assert "2.02\u00d7 apart" in seen["index.html"]["text"]


def test_hand_made_base_report_renders_every_conflicting_chart_and_hostile_text_as_text(browser, hostile):
    folder, site = hostile
    texts = {}
    for page in _all_pages(folder):
        texts[page] = _check_page(browser, folder, page)
    for t in site.topics:
        if t.report.conflict:
            charts = texts[t.file]["charts"]
            assert len(charts) == 1 and charts[0]["bars"] == sum(r.charted for r in t.rows) > 1, t.topic
    city = texts["topics/city__killed.html"]["text"]
    for h in (SCRIPT, IMG, SVG, CLOSE, ENTITY):
        assert h in city, h
    assert "Revisions" in city and "mod-city-killed-old" in city and "Claims without a figure" in city
    assert SCRIPT in texts["diagnostics.html"]["text"]  # the message quotes the bad status
    every = "".join(v["text"] for v in texts.values())
    assert all(h in every for h in HOSTILE)


def test_search_box_filters_the_index_offline(browser, hostile):
    folder, site = hostile
    load = browser.load(_url(folder, "index.html"))
    try:
        assert browser.eval(load, "document.getElementById('search').hidden") is False  # the script ran under the CSP
        visible = "[...document.querySelectorAll('tr[data-search]')].filter(r => !r.hidden).length"
        everything = browser.eval(load, visible)
        assert everything == len(site.topics) + len(site.sources)
        typed = ("(() => { const i = document.getElementById('search-input'); i.value = %s; "
                 "i.dispatchEvent(new Event('input')); return document.getElementById('search-status').textContent; })()")
        status = browser.eval(load, typed % "'hills'")
        assert browser.eval(load, visible) == 1 and status.startswith("1 of ")
        browser.eval(load, typed % "'CITY killed'")  # every word, any case
        assert browser.eval(load, visible) == 1
        browser.eval(load, typed % "'monitor'")  # a stance: topics and sources alike
        assert browser.eval(load, visible) > 2
        browser.eval(load, typed % "''")
        assert browser.eval(load, visible) == everything
        assert load.errors == [] and load.exceptions == []
    finally:
        browser.close(load)


def test_pages_read_whole_without_scripts_and_print_without_the_navigation(browser, hostile):
    folder, site = hostile
    load = browser.load(_url(folder, "index.html"), scripts=False)
    try:
        assert browser.eval(load, "document.getElementById('search').hidden") is True  # no dead search box
        assert browser.eval(load, "[...document.querySelectorAll('tr[data-search]')].filter(r => !r.hidden).length") \
            == len(site.topics) + len(site.sources)
    finally:
        browser.close(load)
    load = browser.load(_url(folder, "topics/city__killed.html"), media="print")
    try:
        assert browser.eval(load, "getComputedStyle(document.querySelector('header.site nav')).display") == "none"
        assert browser.eval(load, "document.querySelectorAll('svg.chart').length") == 1
    finally:
        browser.close(load)


def test_screenshots_of_the_bundled_base(browser, tmp_path):
    """The index and one topic page as a reader sees them (the manual shows these)."""
    folder = _report(REPO, tmp_path / "site", "--all", "--title", "the bundled claim base")
    out = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    for page, name, height in (("index.html", "report-index.png", 1500), (SHOWN_TOPIC, "report-topic.png", 1300)):
        load = browser.load(_url(folder, page))
        try:
            png = browser.screenshot(load, out / name, max_height=height)
        finally:
            browser.close(load)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000, name
