"""Demo content: the demo network, its people, self-assessments, improvement plan and report acceptance.

Development only. Nothing in a production package imports it; `manage.py seed_demo` seeds every
layer in order, and each module seeds the data of the app it is named after.
"""
