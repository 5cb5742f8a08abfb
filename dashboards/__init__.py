"""The discourse dashboard (Dash Pages + dash-mantine-components, all assets served locally).
It reads numbers only through `discourse.stats` (see dashboards.data)."""
