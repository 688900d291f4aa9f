"""The demo data of ``manage.py seed_demo``: a Mission Locale's staff and 2020-to-today activity.

It sits above every domain app (it seeds them all) and nothing in the product imports it.
"""
