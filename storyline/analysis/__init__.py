"""Pure functions over the store's DataFrames: filters, timelines, co-occurrence, quotes, outlets, search."""
