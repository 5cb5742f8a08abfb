"""The Dash dashboard (built in its own issue); reads only discourse.stats."""
