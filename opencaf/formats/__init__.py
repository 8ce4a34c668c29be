"""Per-language date and number formats (FORMAT_MODULE_PATH): dates as Slovenian and Bulgarian
writers write them, which Django's own locale formats do not quite do.

The month words come from the catalogue: "E" (Django's alternative month name, context
"alt. month") is the Slovenian genitive ("junija") and the lower-case Bulgarian name; "N" (context
"abbrev. month") is the Slovenian abbreviation with its full stop ("mar.", but "maj"). Our
catalogue carries those words (opencaf/core/django_strings.py) because Django's sl/bg catalogues
give nominatives and capitals there.
"""
