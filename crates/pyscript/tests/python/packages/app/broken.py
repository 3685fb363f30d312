print("broken: running")
raise RuntimeError("broken at import")
