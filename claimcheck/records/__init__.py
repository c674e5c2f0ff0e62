"""Every machine-readable output shape, in one place: claims (:mod:`.claims`),
topic reports (:mod:`.topics`), sources and bias measures (:mod:`.sources`),
and how JSON (:mod:`.encode`) and CSV (:mod:`.table`) are written."""
