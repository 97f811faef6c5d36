print("till: not written yet")
