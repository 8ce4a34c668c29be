"""Slovenian: "3. junija 2024", "2. mar. 2026", "3. junija 2024 ob 14:30" (Slovenski pravopis)."""

# Django's date format syntax; "E" is the genitive month name, "N" the abbreviation with its stop.
DATE_FORMAT = "j. E Y"
SHORT_DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = r"j. E Y \o\b H:i"
SHORT_DATETIME_FORMAT = "j. N Y, H:i"
MONTH_DAY_FORMAT = "j. E"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Input formats and number separators are not set here: Django's own sl/bg modules provide them.
