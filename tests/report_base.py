"""A hand-made claim base for the report tests (not a test module): conflicts
of numbers, percentages and dates, open bounds, a revision chain, claims
without a figure, a ``part_of`` family, enough figures for inflation
factors, and hostile text in every free-text field the report shows."""

from __future__ import annotations

from pathlib import Path

from .helpers import as_bytes, make_base

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "'><svg onload=alert(2)>"
CLOSE = "</title></style></textarea><script>alert(3)</script>"
ENTITY = "&lt;b&gt; &amp; &#x3C;"
CONTROL = "\x1b[31mred\x1b[0m \u202eevil\u202c"
#: Every hostile string: each must show on some page as text, and run nothing.
HOSTILE = (SCRIPT, IMG, SVG, CLOSE, ENTITY)
#: A valid http(s) URL (claimcheck's URL rule lets these characters through) that tries to leave its attribute.
EVIL_URL = 'https://evil.example/a"><script>alert(4)</script>'

SOURCES = {
    "stances": {
        "government": f"Government {SCRIPT}",
        "rebels": {"description": f"Armed opposition {IMG}"},
        "jihadist": "Jihadist groups",
        "monitor": {"description": "No side", "neutral": True},
    },
    "sources": [
        {"id": "mod", "name": f"Ministry of Defence {SCRIPT}", "kind": "government", "stance": "government",
         "reliability": "D", "notes": f"Notes {IMG} {CONTROL}", "aliases": [f"MoD {SVG}"],
         "url": "https://example.org/mod"},
        {"id": "state-tv", "name": f"State TV {IMG}", "kind": "outlet", "stance": "government", "part_of": "mod",
         "url": EVIL_URL},
        {"id": "rebel-command", "name": "Rebel Command", "kind": "armed-group", "stance": "rebels", "reliability": "E"},
        {"id": "isis", "name": "Islamic State", "kind": "armed-group", "stance": "jihadist", "reliability": "F"},
        {"id": "amaq", "name": "Amaq", "kind": "outlet", "stance": "jihadist", "part_of": "isis"},
        {"id": "observatory", "name": f"Observatory {CLOSE}", "kind": "monitor", "stance": "monitor",
         "reliability": "B"},
        {"id": "wire", "name": "Wire Service", "kind": "outlet", "stance": "monitor", "reliability": "B"},
    ],
}


def _claim(id, claimant, topic, figure, *, status="unverified", outlets=(), **extra):
    d = {"id": id, "statement": extra.pop("statement", f"Statement of {id}."), "claimant": claimant,
         "topic": topic, "status": status}
    if figure is not None:
        d["figure"] = figure
    if outlets:
        d["reported_by"] = [o if isinstance(o, dict) else {"outlet": o} for o in outlets]
    d.update(extra)
    return d


TOPICS = {
    "city/killed": {"title": f"People killed in the city {SCRIPT}", "unit": f"people {IMG}",
                    "notes": f"Topic notes {CLOSE}"},
    "city/displaced": {"title": "Share of the city displaced"},
    "city/fall-date": {"title": "Date the city fell"},
    "city/control": {"title": "Who holds the city"},
    "town/killed": {"title": "People killed in the town"},
    "village/killed": {"title": "People killed in the village"},
    "port/killed": {"title": "People killed at the port"},
    "hills/killed": {"title": "Fighters killed in the hills", "cumulative": True},
}

CLAIMS = [
    # city/killed: a wide conflict, an open bound, a revision chain, hostile text everywhere
    _claim("mod-city-killed-old", "mod", "city/killed", 20, status="superseded", as_of="2018-03-01",
           outlets=[{"outlet": "state-tv", "date": "2018-03-02", "quote": f"Twenty died {IMG}"}]),
    _claim("mod-city-killed", "mod", "city/killed", 40, as_of="2018-03-10", supersedes="mod-city-killed-old",
           statement=f"The ministry says 40 died. {SCRIPT} {IMG}",
           notes=f"Claim notes {SVG}\nsecond line {CONTROL}", tags=["casualties"],
           outlets=[{"outlet": "state-tv", "date": "2018-03-11", "quote": f"Forty martyrs {SCRIPT}",
                     "url": EVIL_URL},
                    {"outlet": "wire", "date": "2018-03-12", "quote": ENTITY, "url": "https://example.org/wire?a=1&b=2"}]),
    _claim("rebels-city-killed", "rebel-command", "city/killed", "more than 400", as_of="2018-03-11",
           statement=f"Rebels say more than 400 died {CLOSE}", outlets=["wire"]),
    _claim("isis-city-killed", "isis", "city/killed", "about 900", as_of="2018-03-12", outlets=["amaq"]),
    _claim("obs-city-killed", "observatory", "city/killed", "between 250 and 300", as_of="2018-03-15",
           status="corroborated", outlets=[{"outlet": "wire", "quote": "The observatory counted 250 to 300 dead."}]),
    _claim("obs-city-killed-words", "observatory", "city/killed", None, statement=f"Many died in the city {SCRIPT}"),
    _claim("obs-city-control", "observatory", "city/control", None, statement="The city is held by rebels."),
    # city/displaced: percentages in conflict
    _claim("mod-displaced", "mod", "city/displaced", "5%", as_of="2018-03-20"),
    _claim("obs-displaced", "observatory", "city/displaced", "about 40%", as_of="2018-03-21"),
    # city/fall-date: dates 40 days apart
    _claim("rebels-fall", "rebel-command", "city/fall-date", "2018-02-01"),
    _claim("obs-fall", "observatory", "city/fall-date", "2018-03-13"),
    # enough comparisons for the ministry's inflation factor
    _claim("mod-town", "mod", "town/killed", 10),
    _claim("obs-town", "observatory", "town/killed", 30),
    _claim("rebels-town", "rebel-command", "town/killed", 90),
    _claim("mod-village", "mod", "village/killed", 5, about="government"),
    _claim("obs-village", "observatory", "village/killed", 12),
    _claim("mod-port", "mod", "port/killed", 7, about="rebels"),
    _claim("obs-port", "observatory", "port/killed", 21),
    _claim("isis-port", "isis", "port/killed", 21),
    # a cumulative topic: later and larger is consistent, earlier and larger is not
    _claim("isis-hills-1", "isis", "hills/killed", 100, as_of="2018-01-01"),
    _claim("obs-hills-2", "observatory", "hills/killed", 150, as_of="2018-02-01"),
]


def write_report_base(where: Path) -> Path:
    """The base under ``where/base`` (the shared builder, tests/helpers.py)."""
    return make_base(where, {"claims/city.yaml": {"topics": TOPICS, "claims": CLAIMS}}, sources=SOURCES)


#: A file with one broken record (an unknown status holding a script): an
#: error for the diagnostics page, whose message quotes the hostile value.
BROKEN = {"claims": [_claim("broken-claim", "mod", "city/killed", 41, status=SCRIPT)]}


def write_broken(root: Path) -> Path:
    (root / "claims" / "broken.yaml").write_bytes(as_bytes(BROKEN))
    return root
