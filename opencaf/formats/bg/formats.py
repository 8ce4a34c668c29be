"""Bulgarian: "2 декември 2026 г.", "02.12.2026 г.", "2 декември 2026 г., 14:30 ч." (month names lower case)."""

# Django's date format syntax; "E" is the lower-case month name from our catalogue.
DATE_FORMAT = "j E Y г."
SHORT_DATE_FORMAT = "d.m.Y г."
DATETIME_FORMAT = "j E Y г., H:i ч."
SHORT_DATETIME_FORMAT = "d.m.Y г., H:i ч."
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "E Y г."
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Input formats and number separators are not set here: Django's own sl/bg modules provide them.
