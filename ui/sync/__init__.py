"""The window's sync parts (issue 16, item 6): the status line at the foot of the staff
window (status.py) and the managers' Sync section in Settings (section.py: enrolment,
devices, conflicts). They call app/services/sync.py and app/services/conflicts.py only."""
