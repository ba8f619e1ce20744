"""Renderers: views built from Card + Classification, one module per target."""
