"""The HTML report without a browser: what it shows (claimcheck.report), the
escaping, the chart geometry, the page list, the atomic writing of the
folder and the command line. tests/test_report_browser.py loads the pages
in chromium."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import bias
from claimcheck.base import open_base
from claimcheck.cli import app
from claimcheck.query import ClaimFilter
from claimcheck.render.html import render_site
from claimcheck.render.html.chart import (
    Bar, FactorRow, Marker, factor_chart, make_scale, range_chart, stance_fills, ticks,
)
from claimcheck.render.html.escape import esc, http_url, web_link
from claimcheck.render.html.layout import CSS, SCRIPT, csp_source, policy
from claimcheck.report import MARKER, OutputRefused, build_site, file_names, is_report, write_site
from claimcheck.xref import topic_reports

from .report_base import CONTROL, EVIL_URL, HOSTILE, write_broken, write_report_base

REPO = Path(__file__).resolve().parents[1]
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return write_broken(write_report_base(tmp_path_factory.mktemp("report")))


@pytest.fixture(scope="module")
def base(root):
    return open_base(root)


@pytest.fixture(scope="module")
def site(base):
    return build_site(base, include_all=True)


@pytest.fixture(scope="module")
def pages(site):
    return dict(render_site(site))


def run(*args):
    return CliRunner().invoke(app, list(args), env=ENV)


# --- what the report shows --------------------------------------------------------------


def test_topics_are_ranked_as_conflicts_ranks_them(base):
    site = build_site(base)
    assert [t.topic for t in site.topics] == [r.topic for r in topic_reports(base)][:20]
    assert site.topics[0].topic == "city/killed"
    assert all(t.report.conflict for t in site.topics)
    assert "hills/killed" not in [t.topic for t in site.topics]  # cumulative: later and larger is no conflict


def test_all_adds_topics_whose_figures_agree_and_limit_keeps_the_first(base):
    everything = build_site(base, include_all=True)
    assert "hills/killed" in [t.topic for t in everything.topics]
    two = build_site(base, include_all=True, limit=2)
    assert [t.topic for t in two.topics] == [t.topic for t in everything.topics][:2]
    assert two.topics_total == everything.topics_total == len(everything.topics)


def test_filters_choose_the_topics_holding_a_claim_that_passes_them(base):
    site = build_site(base, ClaimFilter(claimant="isis"))
    assert sorted(t.topic for t in site.topics) == ["city/killed", "port/killed"]
    page = site.topics[0]
    marks = {r.claim.id: r.selected for r in page.rows}
    assert marks["isis-city-killed"] is True and marks["mod-city-killed"] is False
    assert site.filters == [("--claimant", "isis")]
    assert site.claims_selected == 3  # isis-city-killed, isis-port, isis-hills-1
    assert build_site(base, ClaimFilter(topic="nothing*")).topics == []


def test_a_topic_page_lists_claims_pairs_revisions_and_claims_without_a_figure(site):
    page = next(t for t in site.topics if t.topic == "city/killed")
    assert [r.number for r in page.rows] == [1, 2, 3, 4, 5]
    assert [r.claim.id for r in page.revisions] == ["mod-city-killed-old"]
    assert page.revisions[0].superseded_by == ("mod-city-killed",)
    assert [r.claim.id for r in page.others] == ["obs-city-killed-words"]
    assert page.conflicts and all(p.pair.relation == "conflict" for p in page.conflicts)
    assert [(p.a.claim.id, p.b.claim.id) for p in page.agreements] == [("isis-city-killed", "rebels-city-killed")]
    assert page.conflicts[0].families == ("isis", "mod")
    best = next(r for r in page.rows if r.best_basis)
    assert best.claim.id == "mod-city-killed"
    wire = [a for a in best.appearances if a.outlet.id == "wire"][0]
    assert wire.url == "https://example.org/wire?a=1&b=2" and wire.outlet.page == "sources/wire.html"


def test_a_topic_page_lists_the_claims_it_sets_aside(tmp_path):
    """Refuted and retracted claims and figures the grammar does not read are
    compared with nothing, and the page says so instead of leaving them out."""
    from .helpers import clm, make_base, src

    root = make_base(tmp_path, sources=[src("fire", "independent", "B"), src("union", "jihadist", "C"),
                                        src("mayor", "government", "C")], claims=[
        clm("fire-dead", "fire", "4", topic="fire/dead"),
        clm("mayor-dead", "mayor", "40", topic="fire/dead"),
        clm("union-dead", "union", "at least 11", topic="fire/dead", status="refuted"),
        clm("union-guess", "union", "loads of", topic="fire/dead"),
    ])
    site = build_site(open_base(root), include_all=True)
    page = next(t for t in site.topics if t.topic == "fire/dead")
    assert [r.claim.id for r in page.set_aside] == ["union-dead", "union-guess"]
    html = dict(render_site(site))[page.file].decode("utf-8")
    section = html[html.index('id="set-aside"'):html.index('id="in-full"')]
    assert "declared refuted" in section and "figure not understood" in section
    assert "union-dead" in section and "union-guess" in section


def test_sources_named_on_topic_pages_get_a_page_in_sources_yaml_order(site, base):
    assert [s.source.id for s in site.sources] == [s for s in base.sources]  # every source is named somewhere
    small = build_site(base, ClaimFilter(topic="city/fall-date"))
    assert [s.source.id for s in small.sources] == ["rebel-command", "observatory"]
    mod = next(s for s in site.sources if s.source.id == "mod")
    assert mod.deviation is not None and mod.deviation.inflation is not None
    assert [r.id for r, _ in mod.carried_by] == ["state-tv", "wire"]


def test_source_profiles_in_one_pass_equal_one_source_at_a_time(base):
    report = bias.analyse(base)
    many = bias.source_profiles(base, report, list(base.sources))
    for sid in base.sources:
        one = bias.source_profile(base, report, sid)
        assert (one.claims, one.carried_by, one.carries, one.chain) == \
               (many[sid].claims, many[sid].carried_by, many[sid].carries, many[sid].chain), sid


def test_the_diagnostics_page_holds_what_validate_prints(site):
    d = site.diagnostics
    assert (d.errors, d.warnings, d.total) == (1, 1, 2)
    assert [c.code for c in d.codes] == ["CC205", "CC505"]


def test_page_list_and_file_names(site):
    files = site.pages()
    assert files[:2] == ["index.html", "diagnostics.html"]
    assert "topics/city__killed.html" in files and "sources/state-tv.html" in files
    assert len(files) == len(set(files))
    names = file_names(["a/b", "a__b", "A", "a", "x y", "../etc", "\u202eevil"], "t")
    assert names["a/b"] == "t/a__b.html" and names["a"] != names["A"]
    assert len(set(n.lower() for n in names.values())) == len(names)
    for n in names.values():
        assert re.fullmatch(r"t/[a-z0-9][a-z0-9._-]*\.html", n), n


# --- escaping -------------------------------------------------------------------------------


def test_esc_leaves_no_markup_and_shows_control_characters():
    for text in HOSTILE + (CONTROL, EVIL_URL):
        out = esc(text)
        assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert esc(CONTROL) == "\\x1b[31mred\\x1b[0m \\u202eevil\\u202c"
    assert esc("&lt;") == "&amp;lt;"


def test_only_http_urls_become_links_and_they_cannot_leave_their_attribute():
    assert http_url("javascript:alert(1)") is None
    assert http_url("data:text/html,<script>") is None
    assert http_url(" https://x.example") is None and http_url("https://x.example/\u202e") is None
    assert http_url("HTTPS://x.example/") == "HTTPS://x.example/"
    assert web_link("javascript:alert(1)") == "javascript:alert(1)"
    link = web_link(EVIL_URL)
    assert link.startswith('<a href="https://evil.example/a&quot;&gt;&lt;script&gt;')
    assert 'rel="noopener noreferrer"' in link and "<script" not in link


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of script and style elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.raw[self._in][-1] += data
        else:
            self.text.append(data)


def test_every_page_holds_only_our_markup(pages):
    """Parsed as a browser would, no page holds a script or style but ours,
    an event handler, an image, or a link off http(s); every hostile string
    of the base is there as text."""
    seen = {h: False for h in HOSTILE}
    for path, data in pages.items():
        html = data.decode("utf-8")
        p = _Tags()
        p.feed(html)
        assert p.raw["script"] in ([], [SCRIPT]), path
        assert p.raw["style"] == [CSS], path
        for tag, attrs in p.tags:
            assert tag not in ("img", "iframe", "object", "embed", "base", "form", "link"), (path, tag)
            assert not [a for a in attrs if a.lower().startswith("on")], (path, tag, attrs)
            if tag == "a":
                h = attrs.get("href", "")
                if h.startswith(("http://", "https://", "HTTP")):
                    assert attrs.get("rel") == "noopener noreferrer", (path, h)
                else:
                    assert re.fullmatch(r"[A-Za-z0-9_./#-]+", h) and ":" not in h, (path, h)
        text = "".join(p.text)
        for h in HOSTILE:
            seen[h] = seen[h] or h in text
        assert "\x1b" not in html and "\u202e" not in html, path
    assert all(seen.values()), seen


def test_the_content_security_policy_allows_our_inline_style_and_script_only(pages):
    assert csp_source("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"  # the known hash of ""
    index = pages["index.html"].decode()
    assert f'content="{esc(policy(True))}"' in index
    assert esc(policy(False)) in pages["diagnostics.html"].decode() and "script-src 'none'" in policy(False)
    for directive in ("default-src 'none'", f"style-src {csp_source(CSS)}", "img-src data:", "base-uri 'none'",
                      "form-action 'none'"):
        assert directive in policy(True)
    assert "unsafe" not in policy(True) and "http" not in policy(True)


def test_pages_load_nothing(pages):
    for path, data in pages.items():
        html = data.decode()
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html.split("</header>")[0]), path
        assert "@import" not in html and "url(http" not in html and "fonts." not in html, path


# --- charts --------------------------------------------------------------------------------


def test_scale_maps_values_linearly_or_logarithmically():
    lin = make_scale([12, 99], 100, 500)
    assert not lin.log and lin.lo == 0 and lin.hi == 100
    assert lin.x(0) == 100 and lin.x(100) == 500 and lin.x(50) == 300
    assert lin.x(1e9) == 500 and lin.x(-5) == 100  # clamped to the plot
    log = make_scale([12, 500], 0, 300)
    assert log.log and (log.lo, log.hi) == (10, 500)
    assert log.x(10) == 0 and math.isclose(log.x(500), 300)
    assert math.isclose(log.x(100) - log.x(10), log.x(1000 / 2) - log.x(50))  # a decade is a decade
    assert log.below(0) and not log.below(10)
    assert not make_scale([1, 1000], 0, 1, kind="date").log


def test_ticks_are_round_and_inside_the_scale():
    assert ticks(make_scale([12, 99], 0, 1)) == [0, 20, 40, 60, 80, 100]
    assert ticks(make_scale([12, 500], 0, 1)) == [10, 20, 50, 100, 200, 500]
    assert ticks(make_scale([3, 40000], 0, 1)) == [10, 100, 1000, 10000]
    from datetime import date

    d0, d1 = date(2018, 2, 1).toordinal(), date(2018, 3, 13).toordinal()
    t = ticks(make_scale([d0, d1], 0, 1, kind="date"))
    assert 3 <= len(t) <= 8 and all(d0 - 14 <= v <= d1 + 14 for v in t)


def _fills():
    return stance_fills([("gov", False), ("reb", False), ("mon", True)])


def test_range_chart_draws_bars_open_bounds_bests_and_the_estimate():
    bars = [Bar("#1 gov", "gov", 40, 40, 40, "point"), Bar("#2 reb", "reb", 450, None, 450, "open <x>"),
            Bar("#3 mon", "mon", 250, 300, None, "range")]
    svg = range_chart(bars, kind="number", fills=_fills(), legend=[("gov", "gov"), ("reb", "reb"), ("mon", "mon")],
                      marker=Marker(40, "best estimate 40 (conservative)"), title="T <t>", desc="D", unit="people")
    assert svg.count('<g class="bar">') == 3
    assert svg.count('r="7"') == 1  # the point figure, which is its own best (no diamond hides its colour)
    # the open bound's arrow and its best's diamond, and the legend's two marks
    assert svg.count('<polygon points="') == 2 + 2
    assert 'stroke-dasharray="6 4"' in svg and "best estimate 40 (conservative)" in svg
    assert "<title id=\"range-title\">T &lt;t&gt;</title>" in svg and '<desc id="range-desc">D</desc>' in svg
    assert 'aria-labelledby="range-title range-desc"' in svg and "open &lt;x&gt;" in svg
    assert "log scale, people" in svg  # 40 to 450: more than ten times
    assert len(set(re.findall(r'<pattern id="([^"]+)"', svg))) == 3  # a pattern per stance: not colour alone


def test_stances_differ_in_pattern_as_well_as_colour():
    fills = stance_fills([(f"s{i}", i == 3) for i in range(8)])
    assert len({f.pattern for k, f in fills.items() if k}) == 8
    assert fills["s3"].colour == "#9A9A9A"  # neutral: grey


def test_factor_chart_centres_on_one_and_marks_too_few_comparisons():
    rows = [FactorRow("all", 2.5, 1.2, 4.0, "from 6 comparisons"), FactorRow("own", None, None, None, "no factor")]
    svg = factor_chart(rows, title="t", desc="d")
    assert svg.count("<rect x=") >= 3  # two legend swatches and one bar
    assert "\u00d72.5" in svg and "no factor" in svg and "\u00d71/4" in svg and "\u00d74" in svg


# --- the folder ------------------------------------------------------------------------------


def test_write_site_creates_replaces_and_marks_a_report(tmp_path):
    out = tmp_path / "site"
    assert write_site(out, [("index.html", b"one"), ("topics/a.html", b"a")]) == 2
    assert is_report(out) and (out / "topics/a.html").read_bytes() == b"a"
    write_site(out, [("index.html", b"two")])
    assert (out / "index.html").read_bytes() == b"two" and not (out / "topics").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left
    assert oct((out).stat().st_mode & 0o777) != oct(0o700)


def test_a_failed_run_leaves_the_previous_report_intact(tmp_path):
    out = tmp_path / "site"
    write_site(out, [("index.html", b"old")])

    def pages():
        yield "index.html", b"new"
        raise RuntimeError("a page failed")

    with pytest.raises(RuntimeError):
        write_site(out, pages())
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    with pytest.raises(ValueError):
        write_site(out, [("../escape.html", b"x")])
    assert (out / "index.html").read_bytes() == b"old" and not (tmp_path / "escape.html").exists()


def test_the_two_rename_swap_without_renameat2(tmp_path, monkeypatch):
    from claimcheck.report import write as w

    monkeypatch.setattr(w, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    write_site(out, [("index.html", b"old")])
    write_site(out, [("index.html", b"new")])
    assert (out / "index.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_that_is_not_a_report_is_refused_unless_force(tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(OutputRefused, match="not a claimcheck report"):
        write_site(out, [("index.html", b"x")])
    assert (out / "mine.txt").read_text() == "keep me"
    write_site(out, [("index.html", b"x")], force=True)
    assert not (out / "mine.txt").exists() and is_report(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    write_site(empty, [("index.html", b"x")])  # an empty folder is no loss
    assert is_report(empty)
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputRefused, match="not a folder"):
        write_site(tmp_path / "file", [], force=True)


def test_the_claim_base_and_the_working_folder_are_never_replaced(tmp_path, monkeypatch):
    base = tmp_path / "project" / "base"
    base.mkdir(parents=True)
    for out in (base, tmp_path / "project"):
        with pytest.raises(OutputRefused, match="needs a folder of its own"):
            write_site(out, [], force=True, keep=[base])
    monkeypatch.chdir(base)
    with pytest.raises(OutputRefused, match="needs a folder of its own"):
        write_site(Path("."), [], force=True)
    assert base.is_dir()


# --- the command ----------------------------------------------------------------------------


def test_report_command_writes_the_site_and_says_where(root, tmp_path):
    out = tmp_path / "out"
    r = run("--root", str(root), "report", "-o", str(out), "--all")
    assert r.exit_code == 0, r.output
    assert "Wrote" in r.stdout and str(out / "index.html") in r.stdout
    assert "1 error(s)" in r.stderr  # the base's errors are warned about, as by every answering command
    assert (out / MARKER).is_file() and (out / "topics/city__killed.html").is_file()
    r = run("--root", str(root), "report", "-o", str(out), "--limit", "1")  # an earlier report: replaced
    assert r.exit_code == 0, r.output
    assert len(list((out / "topics").iterdir())) == 1


def test_report_command_errors(root, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    r = run("--root", str(root), "report", "-o", str(busy))
    assert r.exit_code == 2 and "not a claimcheck report" in r.stderr and "--force" in r.stderr
    assert (busy / "x").exists()
    r = run("--root", str(root), "report", "-o", str(tmp_path / "a"), "--claimant", "nobody")
    assert r.exit_code == 1 and "no source 'nobody'" in r.stderr
    r = run("--root", str(root), "report", "-o", str(tmp_path / "a"), "--topic", "citty/*")
    assert r.exit_code == 1 and "no topic matches" in r.stderr
    r = run("--root", str(root), "report", "-o", str(tmp_path / "a"), "--since", "2018-13")
    assert r.exit_code == 2
    r = run("--root", str(root), "report", "-o", str(root), "--force")
    assert r.exit_code == 2 and "a folder of its own" in r.stderr
    assert not (tmp_path / "a").exists()
    assert "Traceback" not in r.output


def test_report_on_the_bundled_base(tmp_path):
    out = tmp_path / "bundled"
    r = run("--root", str(REPO), "report", "-o", str(out))
    assert r.exit_code == 0, r.output
    pages = sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))
    assert "index.html" in pages and "topics/deir-ezzor-2018-02-07__killed__russians.html" in pages
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Unattributed reports" in index and "2.02\u00d7 apart" in index
