"""The version of the name keys and search terms ``names.py`` builds (issue 17).

Kept apart from ``names.py`` so that unlocking a vault can tell whether its case index
must be rebuilt without importing the name rules (150 ms) on the sign-in path. Bump it
whenever ``blocking_keys`` or the search terms change.
"""

KEY_VERSION = 91
