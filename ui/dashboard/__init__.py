"""The managers' dashboard page (issue 15, item 8)."""
