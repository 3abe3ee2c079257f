"""Local stand-ins for Alexa: request envelopes, NLU, the Reminders/Settings APIs and a console."""
