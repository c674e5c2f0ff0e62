"""Reading a claim base: finding it (:mod:`.find`), reading files strictly
(:mod:`.strict`) or fast (:mod:`.fast`), in several processes for a large
base (:mod:`.parallel`), and building the model (:mod:`.build`, :mod:`.read`).
Nothing here raises on bad input: every problem is a diagnostic."""
