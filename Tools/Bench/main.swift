print("till-bench: not written yet")
