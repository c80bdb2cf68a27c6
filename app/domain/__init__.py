"""Pure domain models and rules: no Qt, no SQL, no network."""
