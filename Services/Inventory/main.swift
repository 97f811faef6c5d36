print("till-inventory: not assembled yet")
