"""The Cases section: case list, intake wizard, duplicate dialog and case view."""
