"""The static HTML report (``claimcheck report``): which topics, claims,
pairs, revisions, sources and diagnostics it shows (:mod:`.build`, shapes in
:mod:`.model`), page file names (:mod:`.names`), and the atomic writing of
the folder (:mod:`.write`). The HTML is :mod:`claimcheck.render.html`'s."""

from .build import (
    CARRIES_LISTED, DIAGNOSTICS_SHOWN, PAIRS_LISTED, REVISIONS_LISTED, ROWS_SHOWN, SOURCE_CLAIMS_LISTED, build_site,
    diagnostics_page,
)
from .model import (
    DIAGNOSTICS, INDEX, Appearance, ClaimRow, DiagnosticsPage, PairRow, Site, SourceClaim, SourcePage, SourceRef,
    StanceInfo, TopicPage,
)
from .names import anchor, file_names
from .write import MARKER, MARKER_LINE, OutputRefused, check_output, is_report, write_site

__all__ = [
    "CARRIES_LISTED", "DIAGNOSTICS", "DIAGNOSTICS_SHOWN", "INDEX", "MARKER", "MARKER_LINE", "PAIRS_LISTED",
    "REVISIONS_LISTED", "ROWS_SHOWN", "SOURCE_CLAIMS_LISTED", "Appearance", "ClaimRow", "DiagnosticsPage",
    "OutputRefused", "PairRow", "Site", "SourceClaim", "SourcePage", "SourceRef", "StanceInfo", "TopicPage", "anchor",
    "build_site", "check_output", "diagnostics_page", "file_names", "is_report", "write_site",
]
