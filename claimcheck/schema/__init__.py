"""The record format: field tables (:mod:`.fields`) and the JSON Schema made from them (:mod:`.jsonschema`)."""
