"""The frame of every page: the document head with its
Content-Security-Policy, the stylesheet, the site header and footer.

The stylesheet and the index's one small script are package files
(``static/``) placed inline, each allowed by its SHA-256 hash in the policy:
the pages need no other file, load nothing from anywhere, and a script or
style that is not ours (were any ever to slip into a page) is refused by
the browser. Pages without the script allow none (``script-src 'none'``).
"""

from __future__ import annotations

import base64
import hashlib
from importlib.resources import files

from ...report import DIAGNOSTICS, INDEX
from .chart import COLOURS, NEUTRAL
from .escape import esc, href


def _static(name: str) -> str:
    return files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def colour_rules() -> str:
    """The square before a stance's name, in each chart colour (classes c0... and cn, grey)."""
    rules = "".join(f".c{n}::before{{background:{c}}}" for n, c in enumerate(COLOURS))
    return (".stance::before{content:'';display:inline-block;width:.7em;height:.7em;margin-right:.3em;"
            f"border:1px solid #1a1a1a;vertical-align:-.02em;background:{NEUTRAL}}}" + rules + "\n")


CSS = _static("report.css") + colour_rules()
SCRIPT = _static("search.js")


def csp_source(text: str) -> str:
    """A CSP hash source for an inline element holding exactly ``text``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(script: bool) -> str:
    """The Content-Security-Policy of a page: nothing but our own inline
    style (and script), no request of any kind."""
    return ("default-src 'none'; "
            f"style-src {csp_source(CSS)}; "
            f"script-src {csp_source(SCRIPT) if script else chr(39) + 'none' + chr(39)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


NAV = (("Topics", INDEX, "topics"), ("Sources", INDEX, "sources"), ("Diagnostics", DIAGNOSTICS, ""))


def document(*, title: str, site_title: str, here: str, body: str, version: str, script: bool = False,
             current: str = "") -> str:
    """A whole page. ``title``, ``site_title``: plain text (escaped here);
    ``body``: HTML made by the page builders; ``current``: the nav entry of this page."""
    nav = "".join(
        f'<li><a href="{href(here, target, frag)}"{" aria-current=page" if name == current else ""}>{name}</a></li>'
        for name, target, frag in NAV
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy(script))}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="claimcheck {esc(version)}">\n'
        f"<title>{esc(title)} \u2014 {esc(site_title)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        '<a class="skip" href="#main">Skip to the content</a>\n'
        f'<header class="site"><span class="brand">claimcheck report: {esc(site_title)}</span>'
        f'<nav aria-label="Report"><ul>{nav}</ul></nav></header>\n'
        f'<main id="main">\n{body}\n</main>\n'
        f'<footer class="site">Made by claimcheck {esc(version)} from the claim base\u2019s YAML records; '
        "a static page: it loads nothing from the network.</footer>\n"
        + (f"<script>{SCRIPT}</script>\n" if script else "")
        + "</body>\n</html>\n"
    )
