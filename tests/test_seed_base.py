"""Checks on the bundled seed claim base (``sources.yaml`` and ``claims/``).

These tests use only PyYAML and pytest, not the claimcheck package, so that the
data can be checked on its own. Everything is read with ``yaml.BaseLoader``, so
every scalar is a string and nothing is silently turned into a date, number or
boolean.

Quote tracing
-------------
Every ``reported_by[].quote`` must occur in one of the five seed reports, kept
in ``tests/fixtures/seeds/`` (the reports the base was built from). Before comparing, both
the quote and the reports are normalised the same way, and only this way:

* typographic single quotes and apostrophes (U+2018, U+2019, U+201A, U+201B,
  U+2032) become ``'``;
* typographic double quotes (U+201C, U+201D, U+201E, U+201F, U+2033) become ``"``;
* dashes (U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash,
  U+2013 en dash, U+2014 em dash, U+2015 horizontal bar, U+2212 minus) become ``-``;
* the ellipsis character U+2026 becomes ``...``;
* every run of whitespace (including non-breaking spaces and line breaks)
  becomes a single space, and leading and trailing whitespace is dropped.

Nothing else is changed: no case folding, no removal of punctuation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "fixtures" / "seeds"
SOURCES_FILE = REPO / "sources.yaml"
CLAIMS_DIR = REPO / "claims"

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u2026": "...",
    }
)
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Apply the documented normalisation (see the module docstring)."""
    return _WS.sub(" ", text.translate(_TRANSLATE)).strip()


# --- loading ---------------------------------------------------------------------------

SOURCE_FIELDS = {"id", "name", "kind", "stance", "reliability", "part_of", "url", "aliases", "notes"}
CLAIM_FIELDS = {
    "id", "statement", "claimant", "topic", "about", "figure", "as_of", "status",
    "reported_by", "supersedes", "tags", "notes",
}
REPORT_FIELDS = {"outlet", "date", "quote", "url"}
TOPIC_FIELDS = {"title", "unit", "cumulative"}
KINDS = {
    "armed-group", "government", "military", "official", "person", "monitor", "outlet",
    "agency", "ngo", "think-tank", "intergovernmental", "unattributed",
}
STATUSES = {"unverified", "corroborated", "contested", "refuted", "retracted", "superseded"}
SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
TOPIC_ID = re.compile(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*\Z")
DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?\Z")
# Plain scalars that YAML 1.2's core schema would not read as a string.
CORE_NON_STRING = re.compile(
    r"(null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\Z"
)


def _load(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.BaseLoader)


def claim_files() -> list[Path]:
    return sorted(CLAIMS_DIR.rglob("*.yaml"))


@pytest.fixture(scope="module")
def sources_doc():
    return _load(SOURCES_FILE)


@pytest.fixture(scope="module")
def sources(sources_doc):
    return {s["id"]: s for s in sources_doc["sources"]}


@pytest.fixture(scope="module")
def claim_docs():
    return {p: _load(p) for p in claim_files()}


@pytest.fixture(scope="module")
def claims(claim_docs):
    return [c for doc in claim_docs.values() for c in doc.get("claims", [])]


@pytest.fixture(scope="module")
def by_id(claims):
    return {c["id"]: c for c in claims}


@pytest.fixture(scope="module")
def topics(claim_docs):
    declared = {}
    for doc in claim_docs.values():
        declared.update(doc.get("topics", {}) or {})
    return declared


# --- YAML hygiene ---------------------------------------------------------------------


def _walk(node, path=()):
    yield node, path
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _walk(value, path + (key.value,))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, path + ("[]",))


@pytest.mark.parametrize("path", [SOURCES_FILE, *claim_files()], ids=lambda p: p.name)
def test_yaml_is_plain_and_unambiguous(path):
    """No anchors, aliases, tags or duplicate keys; no plain scalar that YAML 1.2
    would read as a number, bool or null except where a number is meant."""
    text = path.read_text(encoding="utf-8")
    for event in yaml.parse(text, Loader=yaml.BaseLoader):
        assert not isinstance(event, yaml.AliasEvent), f"{path.name}: alias at {event.start_mark}"
        assert getattr(event, "anchor", None) is None, f"{path.name}: anchor at {event.start_mark}"
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = tag is not None and tag != "!" and not (implicit is True or (isinstance(implicit, tuple) and any(implicit)))
        assert not explicit, f"{path.name}: tag {tag} at {event.start_mark}"
    root = yaml.compose(text, Loader=yaml.BaseLoader)
    for node, where in _walk(root):
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key, _ in node.value:
                assert key.value not in seen, (
                    f"{path.name}:{key.start_mark.line + 1}: duplicate key {key.value!r} "
                    f"(first at line {seen[key.value] + 1})"
                )
                seen[key.value] = key.start_mark.line
        elif isinstance(node, yaml.ScalarNode) and node.style is None:
            numeric_ok = where and where[-1] in {"figure", "low", "best", "high", "neutral", "cumulative"}
            if not numeric_ok:
                assert not CORE_NON_STRING.match(node.value), (
                    f"{path.name}:{node.start_mark.line + 1}: {node.value!r} at {'/'.join(where)} "
                    "would not read as a string under YAML 1.2; quote it"
                )


# --- structure ------------------------------------------------------------------------


def test_sources_file_shape(sources_doc, sources):
    assert set(sources_doc) == {"stances", "sources"}
    stances = sources_doc["stances"]
    assert any(isinstance(v, dict) and v.get("neutral") == "true" for v in stances.values())
    ids = [s["id"] for s in sources_doc["sources"]]
    assert len(ids) == len(set(ids)), "duplicate source ids"
    for src in sources_doc["sources"]:
        assert set(src) <= SOURCE_FIELDS, (src["id"], set(src) - SOURCE_FIELDS)
        assert {"id", "name", "stance"} <= set(src), src
        assert SLUG.match(src["id"]), src["id"]
        assert src["stance"] in stances, (src["id"], src["stance"])
        assert src.get("kind") in KINDS, (src["id"], src.get("kind"))
        assert src.get("reliability") in set("ABCDEF"), (src["id"], src.get("reliability"))
        assert src.get("notes"), f"{src['id']}: notes must give the reason for stance and grade"
        if "part_of" in src:
            assert src["part_of"] in sources, (src["id"], src["part_of"])


def test_part_of_has_no_cycle(sources):
    for sid in sources:
        seen, cur = set(), sid
        while cur is not None:
            assert cur not in seen, f"part_of cycle through {sid}"
            seen.add(cur)
            cur = sources[cur].get("part_of")


def test_unattributed_source_is_explicit(sources):
    unattributed = [s for s in sources.values() if s.get("kind") == "unattributed"]
    assert unattributed, "an explicit source for unattributed reports is required"
    assert all(s.get("notes") for s in unattributed)


def test_claim_ids_unique_and_fields_known(claims):
    ids = [c["id"] for c in claims]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"duplicate claim ids: {sorted(dupes)}"
    for c in claims:
        assert SLUG.match(c["id"]), c["id"]
        assert set(c) <= CLAIM_FIELDS, (c["id"], set(c) - CLAIM_FIELDS)
        assert {"id", "statement", "claimant", "topic", "status"} <= set(c), c["id"]
        assert c["status"] in STATUSES, (c["id"], c["status"])
        assert c.get("reported_by"), f"{c['id']}: no reported_by"
        for rep in c["reported_by"]:
            assert set(rep) <= REPORT_FIELDS, (c["id"], set(rep) - REPORT_FIELDS)
            assert rep.get("quote"), f"{c['id']}: reported_by entry without a quote"
            if "date" in rep:
                assert DATE.match(rep["date"]), (c["id"], rep["date"])
        if "as_of" in c:
            assert DATE.match(c["as_of"]), (c["id"], c["as_of"])


def test_claim_count(claims):
    assert len(claims) > 50


def test_references_name_sources_and_stances(claims, sources, sources_doc):
    stances = sources_doc["stances"]
    for c in claims:
        assert c["claimant"] in sources, (c["id"], c["claimant"])
        for rep in c["reported_by"]:
            assert rep["outlet"] in sources, (c["id"], rep["outlet"])
        if "about" in c:
            assert c["about"] in stances, (c["id"], c["about"])


def test_topics_declared_once_and_used_topics_declared(claim_docs, claims, topics):
    seen: dict[str, Path] = {}
    for path, doc in claim_docs.items():
        assert set(doc) <= {"topics", "claims"}, (path.name, set(doc))
        for tid, attrs in (doc.get("topics") or {}).items():
            assert tid not in seen, f"topic {tid} declared in {seen[tid].name} and {path.name}"
            seen[tid] = path
            assert TOPIC_ID.match(tid), tid
            assert set(attrs) <= TOPIC_FIELDS, (tid, set(attrs) - TOPIC_FIELDS)
            assert attrs.get("title"), tid
    for c in claims:
        assert c["topic"] in topics, (c["id"], c["topic"])


def test_every_declared_topic_is_used(claims, topics):
    used = {c["topic"] for c in claims}
    assert set(topics) <= used, sorted(set(topics) - used)


def test_supersedes(claims, by_id):
    superseded_by: dict[str, list[str]] = {}
    for c in claims:
        target = c.get("supersedes")
        if target in (None, "", "null", "~"):
            continue
        assert target in by_id, (c["id"], target)
        assert target != c["id"]
        assert by_id[target]["claimant"] == c["claimant"], (c["id"], target)
        superseded_by.setdefault(target, []).append(c["id"])
    for target, later in superseded_by.items():
        assert len(later) == 1, f"{target} superseded by {later}"
        assert by_id[target]["status"] == "superseded", target
    for c in claims:
        if c["status"] == "superseded":
            assert c["id"] in superseded_by, f"{c['id']} is superseded but nothing supersedes it"


# --- quotes traced to the reports ------------------------------------------------------


@pytest.fixture(scope="module")
def reports():
    texts = {p.name: normalise(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.iterdir()) if p.is_file()}
    assert texts, f"no seed reports in {SEEDS}"
    return texts


def test_normalise_documented_forms():
    assert normalise("\u201cit\u2019s\u201d \u2013 a\u2014b\n\n  c\u2026") == "\"it's\" - a-b c..."


def test_every_quote_occurs_in_a_report(claims, reports):
    assert len(reports) == 5, sorted(reports)
    missing = []
    for c in claims:
        for rep in c["reported_by"]:
            q = normalise(rep["quote"])
            if not any(q in text for text in reports.values()):
                missing.append(f"{c['id']} ({rep['outlet']}): {q[:90]}")
    assert not missing, "quotes not found in any seed report:\n" + "\n".join(missing)


# --- the cross-references the seed issue requires --------------------------------------

CROSS_REFERENCES = {
    # 1. Russians killed in the 7 February 2018 strike near Deir Ezzor.
    "deir-ezzor-2018-02-07/killed/russians": {
        "unattributed-russians-killed-deir-ezzor-2018-02-07": "dozens",
        "pompeo-russians-killed-deir-ezzor-2018-02-07": "a few hundred",
    },
    # 2. The Islamic State's revised count of airstrikes on southern Damascus.
    "south-damascus-2018/airstrikes/government-and-russia": {
        "isis-airstrikes-south-damascus-100": "more than 100",
        "isis-airstrikes-south-damascus-300": "more than 300",
    },
    # 3. Each side's casualty claims in the southern Damascus battle.
    "south-damascus-2018/killed/government-forces": {
        "isis-saa-killed-south-damascus": "more than 400",
    },
    "south-damascus-2018/killed/isis-fighters": {
        "sohr-isis-killed-south-damascus": "just over 100",
    },
    # 4. When Abu Kamal (Boukamal, Albu Kamal, Al-Bukamal) was taken, and when
    #    its recapture was reported (two events, two topics: issue 18).
    "abu-kamal-2017/capture-date/pro-government-forces": {
        "syrian-army-abu-kamal-captured-2017-11-09": "2017-11-09",
        "sohr-abu-kamal-abandoned-2017-11-09": "2017-11-09",
    },
    "abu-kamal-2017/recapture-date/pro-government-forces": {
        "lebanese-media-abu-kamal-recaptured-2017-11-20": "2017-11-20",
        "gerasimov-terrorists-wiped-out-al-bukamal": "2017-11-20",
    },
    # 5. Topics that let the tool compute (issue 18): Russia's entry as a year,
    #    the war's length as its start date.
    "russia-intervention/start-date/russia": {
        "newsweek-russia-entered-war-2015": "year 2015",
        "mike-whitney-russia-campaign-began-2015-09": "2015-09",
    },
    "syria-war/start-date/all-sides": {
        "newsweek-syria-war-seven-years": "2011-03",
        "mike-whitney-syria-war-7-years": None,
    },
}


@pytest.mark.parametrize("topic", sorted(CROSS_REFERENCES))
def test_cross_reference_pinned(topic, by_id, topics):
    assert topic in topics
    for cid, figure in CROSS_REFERENCES[topic].items():
        assert cid in by_id, cid
        assert by_id[cid]["topic"] == topic, (cid, by_id[cid]["topic"])
        assert by_id[cid].get("figure") == figure, (cid, by_id[cid].get("figure"))


def test_russian_dead_are_contested_across_claimants(by_id, sources):
    a = by_id["unattributed-russians-killed-deir-ezzor-2018-02-07"]
    b = by_id["pompeo-russians-killed-deir-ezzor-2018-02-07"]
    assert a["claimant"] == "unattributed" and b["claimant"] == "pompeo"
    assert a["about"] == b["about"] == "government"
    assert a["status"] == b["status"] == "contested"
    chain, cur = [], "pompeo"
    while cur:
        chain.append(cur)
        cur = sources[cur].get("part_of")
    assert chain == ["pompeo", "cia", "us-government"]


def test_airstrike_revision(by_id, topics):
    early = by_id["isis-airstrikes-south-damascus-100"]
    late = by_id["isis-airstrikes-south-damascus-300"]
    assert early["status"] == "superseded"
    assert late.get("supersedes") == early["id"]
    assert early["claimant"] == late["claimant"] == "isis"
    assert topics["south-damascus-2018/airstrikes/government-and-russia"].get("cumulative") == "true"


def test_each_side_casualties_in_south_damascus(by_id, sources):
    isis_claim = by_id["isis-saa-killed-south-damascus"]
    sohr_claim = by_id["sohr-isis-killed-south-damascus"]
    assert (isis_claim["claimant"], isis_claim["about"]) == ("isis", "government")
    assert (sohr_claim["claimant"], sohr_claim["about"]) == ("sohr", "jihadist")
    assert sources["isis"]["stance"] == "jihadist"
    assert {"amaq", "an-naba"} <= {s for s, v in sources.items() if v.get("part_of") == "isis"}


def test_abu_kamal_accounts(by_id, claims):
    by_whom = {c["id"] for c in claims if c["topic"] == "abu-kamal-2017/captured-by/pro-government-forces"}
    assert {
        "syrian-army-captured-abu-kamal",
        "sohr-abu-kamal-taken-by-pro-assad-forces",
        "lebanese-media-abu-kamal-saa-irgc-hezbollah",
        "mike-whitney-russia-and-allies-expelled-isis",
    } <= by_whom
    assert "gerasimov-terrorists-wiped-out-al-bukamal" not in by_whom
    lebanese = by_id["lebanese-media-abu-kamal-recaptured-2017-11-20"]
    assert [r["outlet"] for r in lebanese["reported_by"]] == ["counterpunch", "global-research"]
    assert [r.get("date") for r in lebanese["reported_by"]] == ["2017-11-24", "2017-11-26"]


def test_iom_attribution_chain(by_id):
    claim = by_id["iom-syrians-returned-2017"]
    assert claim["claimant"] == "iom"
    assert claim["figure"] == "more than 600,000"
    assert [(r["outlet"], r.get("date")) for r in claim["reported_by"]] == [
        ("npr", None), ("counterpunch", "2017-11-24"), ("global-research", "2017-11-26"),
    ]


# --- the fixes of issue 18 (a fact-checker's review of the bundled base) ----------------------

LOADED_WORDS = ("conspiracy", "polemic", "hawkish", "propaganda-driven", "widely documented")
UNNAMED_SOURCES = ("pro-regime-outlet-unnamed", "hezbollah-social-media", "lebanese-media",
                   "unsigned-wire-dispatch", "unattributed")


def test_abu_kamal_statuses_follow_the_reports(by_id):
    # the 9 November date is agreed across sides; the claims that the town was
    # the Islamic State's last are contested by the reports themselves (Yarmouk,
    # Hajar al-Aswad, Al-Qadam; the recapture reported on 20 November)
    assert by_id["syrian-army-abu-kamal-captured-2017-11-09"]["status"] == "corroborated"
    assert by_id["sohr-abu-kamal-abandoned-2017-11-09"]["status"] == "corroborated"
    for cid in ("unsigned-wire-dispatch-albu-kamal-last-isis-town", "sohr-boukamal-last-urban-stronghold",
                "mike-whitney-abu-kamal-last-isis-bastion"):
        assert by_id[cid]["topic"] == "abu-kamal-2017/last-isis-town/isis"
        assert by_id[cid]["status"] == "contested", cid
    # the day of the 20 November reports is a bound, said in the notes
    lebanese = by_id["lebanese-media-abu-kamal-recaptured-2017-11-20"]
    gerasimov = by_id["gerasimov-terrorists-wiped-out-al-bukamal"]
    assert lebanese["status"] == gerasimov["status"] == "unverified"
    assert "no later than 20 November" in " ".join(lebanese["notes"].split())
    assert "ended no earlier" in " ".join(gerasimov["notes"].split())
    # the statement says only what the quote says
    assert "major town" not in by_id["mike-whitney-abu-kamal-last-isis-bastion"]["statement"]
    # no other report says "nearly all"
    assert by_id["mike-whitney-sdf-seized-east-of-euphrates"]["status"] == "unverified"


def test_whitney_is_the_claimant_of_his_own_words(claims, sources):
    assert sources["mike-whitney"]["kind"] == "person" and "part_of" not in sources["mike-whitney"]
    mine = [c for c in claims if c["claimant"] == "mike-whitney"]
    assert len(mine) == 15 and all(c["id"].startswith("mike-whitney-") for c in mine)
    assert all(c["reported_by"][0]["outlet"] == "counterpunch" for c in mine)
    # outlets are never the claimants of what they carry
    assert [c["id"] for c in claims if c["claimant"] in ("counterpunch", "global-research")] == []
    # Mattis's own words are his claim; Whitney's paraphrase is Whitney's
    mattis = [c for c in claims if c["claimant"] == "mattis" and c["topic"] == "us-forces-syria/post-isis-presence/coalition"]
    assert [c["reported_by"][0]["quote"].startswith("We're not just going to walk away") for c in mattis] == [True]
    assert [c["claimant"] for c in claims if c["id"] == "mike-whitney-mattis-said-us-will-stay"] == ["mike-whitney"]


def test_quoted_wording_without_a_source_is_unattributed(by_id):
    for cid in ("unattributed-pro-regime-unprovoked-attack-2018-02-07", "unattributed-sdf-hq-eight-km-east"):
        assert by_id[cid]["claimant"] == "unattributed"
        assert [r["outlet"] for r in by_id[cid]["reported_by"]] == ["long-war-journal"]
    assert by_id["unattributed-sdf-hq-eight-km-east"]["figure"] == "eight"
    # the date of the attack is the outlet's own wording
    assert by_id["long-war-journal-sdf-hq-attacked-2018-02-07"]["claimant"] == "long-war-journal"


def test_unnamed_sources_are_graded_alike(sources):
    assert {sid: sources[sid]["reliability"] for sid in UNNAMED_SOURCES} == dict.fromkeys(UNNAMED_SOURCES, "F")
    # an unnamed dispatch is not neutral: its claims are no independent-stance corroboration
    assert sources["unsigned-wire-dispatch"]["stance"] == "unknown"
    assert sources["lebanese-media"]["stance"] == "unknown"


def test_source_notes_give_a_cited_basis_in_neutral_words(sources):
    for sid, src in sources.items():
        notes = " ".join(src["notes"].split())
        assert "reports" in notes or "documented" in notes, sid
        assert not [w for w in LOADED_WORDS if w in notes.lower()], sid
    # FDD's grade does not rest on its own outlet's sourcing
    assert sources["fdd"]["reliability"] == "F" and "careful sourcing" not in sources["fdd"]["notes"]


def test_topics_let_the_tool_compute(by_id, topics):
    # "returning in droves" is about refugees from abroad, not all returnees
    droves = by_id["mike-whitney-refugees-returning-in-droves"]
    assert droves["topic"] == "syria-returns-2017/returnees-from-abroad/syrians"
    assert by_id["iom-syrians-returned-2017"]["topic"] == "syria-returns-2017/returnees/syrians"
    # the remaining-territory topics that count the same thing are one topic
    remaining = {c: by_id[c]["topic"] for c in (
        "unsigned-wire-dispatch-isis-few-small-pockets", "the-week-isis-relegated-small-towns-villages",
        "newsweek-isis-all-but-defeated-2018-03", "newsweek-isis-confined-smaller-pockets-2018-03-22")}
    assert set(remaining.values()) == {"isis-territory/remaining-syria/isis"}
    assert not [t for t in topics if t.endswith("/remaining-syria/isis") and t != "isis-territory/remaining-syria/isis"]
    assert "syria-war/duration/all-sides" not in topics
    assert topics["syria-war/start-date/all-sides"]["unit"] == "date"


def test_smaller_points_of_issue_18(by_id):
    assert by_id["iom-returns-comparable-to-2016"]["as_of"] == "2017-07"
    # the dead are Syrians at large, not one side's
    assert "about" not in by_id["mike-whitney-jihadists-killed-tens-of-thousands"]
