"""The checks of a claim base, each code defined beside the check that emits it.

* :mod:`.records`: the shape of one record (CC2xx, CC4xx), file by file;
* :mod:`.references`: ids and references between records (CC3xx);
* :mod:`.topics`: topic declarations and figure kinds (CC307, CC308, CC508);
* :mod:`.revisions`: supersession (CC501-CC503, CC506, CC507);
* :mod:`.dates`: dates in the future (CC504);
* :mod:`.evidence`: declared status against computed evidence (CC505);
* :mod:`.run`: every check between records, in order, and the code registry.

``docs/diagnostics.md`` lists every code with its meaning and an example.
"""
