"""Child-friendly information: the staff launcher page and the full-screen presenter."""
