"""Reviewed ingestion: a release read into draft records (`extract`), saved and reviewed
(`review`), and the reading measured against releases entered by hand (`quality`)."""
