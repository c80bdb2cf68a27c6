"""Use cases. The UI and the CLI call only these; each checks the caller's permission."""
