"""Django's own strings that our catalogue must carry, so that makemessages keeps them.

Our catalogue (LOCALE_PATHS) comes before Django's, so an entry here wins over Django's
Slovenian and Bulgarian translations:

- Django 6.1's blank choice of every select, not yet translated in Django's sl/bg catalogues;
- the month words the date formats of opencaf/formats use: "alt. month" (format character "E") is
  the Slovenian genitive ("3. junija 2024") and the lower-case Bulgarian name ("2 декември 2026 г."),
  where Django gives capitalised nominatives; "abbrev. month" (format character "N") is the
  Slovenian abbreviation ("2. mar. 2026").

Nothing imports this module; the marks (lazy, never evaluated) are for makemessages only.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

STRINGS = (
    gettext_noop("- Select an option -"),
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
