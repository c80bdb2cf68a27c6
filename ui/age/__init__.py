"""The age-assessment screen: steps as prompts, warnings beside the choices ([A1]-[A17])."""
