"""Recommendations: customers who bought this also bought, frequently bought together, recommended for you,
buy it again and best-sellers. The modules here are pure (plain data in, (item id, score) lists out)."""
