"""Seller Central pages, one module per area. Views parse, call one service or selector, and render."""
