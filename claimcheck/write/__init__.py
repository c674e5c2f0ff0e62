"""Writing the base without loss: new claims, sources, stances and topics, and
status changes (:mod:`.ops`), each as one locked, checked transaction
(:mod:`.transaction`) of edits placed as text (:mod:`.edit`, :mod:`.emit`),
written atomically (:mod:`.safe`); and new bases (:mod:`.init`).
``docs/authoring.md`` states the rules."""
