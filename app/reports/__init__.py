"""PDF reports (reportlab): age-assessment record, later referral forms and summaries."""
