"""extract: reading reports. An HTML page's main text (menus, bylines, ads,
captions, related links and footers left out), Markdown without its markup,
sentences cut where a reader would cut them, and every quote's line and
column in the file."""

from __future__ import annotations

import pytest

from claimcheck.extract import Options, extract_reports
from claimcheck.extract.text import read_document, split_sentences

PAGE = """<!DOCTYPE html>
<html><head><title>Toll disputed - The Ledger</title>
<meta property="article:published_time" content="2023-09-18T09:15:00+02:00">
<script>var n = "12 people killed";</script></head>
<body>
<header><nav><a href="/">Home</a> <a href="/n">News (3 new)</a></nav></header>
<div class="ticker">Markets: Brent $93.93 | 14 comments</div>
<main><article>
  <h1>UN cuts flood toll to 3,958</h1>
  <p class="byline">By L. Haddad &middot; 6 min read</p>
  <figure><img src="x.jpg"><figcaption>Rescuers search the seafront on September 17.</figcaption></figure>
  <p>The UN said the floods had left 3,958 people dead across Libya.</p>
  <div class="ad" id="ad-inline-1">Advertisement: 50% off</div>
  <p>Derna&rsquo;s mayor, Abdulmenam al-Ghaithi, told <em>Al Arabiya</em> that deaths could
  reach 18,000 to 20,000.</p>
  <aside class="related"><h2>Related</h2><ul><li>Storm Daniel in 5 charts</li></ul></aside>
</article></main>
<footer><p>&copy; 2023 The Ledger. Company no. C 81234.</p></footer>
</body></html>
"""


def texts(data: bytes, name: str) -> list[tuple[str, str]]:
    doc = read_document(data, name)
    return [(b.role, doc.text[b.start:b.end]) for b in doc.blocks]


def test_html_main_text_leaves_out_menus_bylines_ads_captions_related_and_footers():
    doc = read_document(PAGE.encode(), "page.html")
    body = [doc.text[b.start:b.end] for b in doc.blocks if b.role == "body"]
    assert body == ["The UN said the floods had left 3,958 people dead across Libya.",
                    "Derna\u2019s mayor, Abdulmenam al-Ghaithi, told Al Arabiya that deaths could\n  reach 18,000 "
                    "to 20,000."]
    assert [doc.text[b.start:b.end] for b in doc.blocks if b.role == "title"] == ["UN cuts flood toll to 3,958"]
    assert (doc.date.isoformat(), doc.outlet) == ("2023-09-18", "The Ledger")


def test_html_drafts_point_to_their_line_and_column_in_the_file():
    drafts, _ = extract_reports([("page.html", PAGE.encode())], None, Options())
    by_fig = {d.figure_text: d for d in drafts}
    assert sorted(by_fig) == ["18,000 to 20,000", "3,958"]
    lines = PAGE.split("\n")
    for d in drafts:
        line = lines[d.line - 1]
        assert line[d.column - 1:].startswith(d.quote[:20].replace("\u2019", "&rsquo;")), (d.line, d.column)
    assert by_fig["3,958"].outlet == "The Ledger" and by_fig["3,958"].claimant_name == "The UN"


MD = """---
title: "Herat earthquakes"
date: 2023-10-10
outlet: Kabul Valley Review
---

# Herat earthquakes: Taliban and UN far apart on the number of dead

*By Farid Noori, Herat — Tuesday, October 10, 2023*

[Home](/) > [Asia](/asia) > [Afghanistan](/asia/afghanistan)

On Sunday **Janan Sayeeq**, the spokesman of the [Ministry of Disasters](/m), told Reuters that 2,053 people
had been killed.

- Killed: 2,445, according to the Taliban administration
- Missing: 516, according to OCHA
"""


def test_markdown_loses_its_markup_but_keeps_positions():
    doc = read_document(MD.encode(), "r.md")
    assert (doc.kind, doc.date.isoformat(), doc.outlet) == ("markdown", "2023-10-10", "Kabul Valley Review")
    roles = [(b.role, doc.text[b.start:b.end][:30]) for b in doc.blocks]
    assert roles[0] == ("title", "Herat earthquakes: Taliban and")
    assert ("furniture", "By Farid Noori, Herat — Tuesda") in roles
    assert ("furniture", "Home > Asia > Afghanistan") in roles
    drafts, _ = extract_reports([("r.md", MD.encode())], None, Options())
    d = next(d for d in drafts if d.figure_text == "2,053")
    assert d.quote == ("On Sunday Janan Sayeeq, the spokesman of the Ministry of Disasters, told Reuters that 2,053 "
                       "people had been killed.")
    assert (d.line, d.column) == (13, 1) and d.claimant_name == "Janan Sayeeq"
    items = [d.figure_text for d in drafts if d.line in (16, 17)]
    assert items == ["2,445", "516"]  # list items are their own sentences


@pytest.mark.parametrize("text, n", [
    ("Dr. Smith said 12 people died. The U.S. military said 30 did.", 2),
    ("Gen. Olukolade said 37 died on Friday, April 19. He spoke in Abuja.", 2),
    ('"It could be 250 or 260. I can\'t exactly say," he told Reuters. Nobody else spoke.', 2),
    ("The ministry said 40 people died; the monitor said 300.", 1),
    ("Officials in Nwakpa O. Nwakpa's office said 187 dead had been buried.", 1),
    ("KYIV, Jan 8 (Wire) - Russia said 600 soldiers were killed. Kyiv denied it.", 2),
])
def test_sentences_are_cut_where_a_reader_cuts_them(text, n):
    assert len(split_sentences(text, 0, len(text))) == n


def test_a_wire_dateline_is_not_part_of_the_first_sentence():
    drafts, _ = extract_reports([("w.txt", b"Headline about the toll in the town\n\nKYIV, Jan 8 (Wire) - Russia's "
                                            b"Defence Ministry claimed that 600 soldiers were killed.\n")], None,
                                Options(outlet="Wire"))
    (d,) = drafts
    assert d.quote.startswith("Russia's Defence Ministry claimed") and (d.line, d.column) == (3, 22)
    assert d.claimant_name == "Russia's Defence Ministry"


def test_plain_text_page_furniture_is_not_drafted():
    text = (b"THE WIRE | World | Europe\nSunday 8 January 2023\n\nRussia says 600 died in the strike on the town\n\n"
            b"By Wire staff\n\nThe ministry said 600 soldiers were killed.\n\n"
            b"Photo caption: 12 people at the funeral.\n\nRelated: 10 months of war, in maps\n\n"
            b"(c) 2023 The Wire. All rights reserved. Page 1 of 1\n")
    drafts, _ = extract_reports([("f.txt", text)], None, Options(outlet="Wire"))
    assert [(d.figure_text, d.line) for d in drafts] == [("600", 8)]
