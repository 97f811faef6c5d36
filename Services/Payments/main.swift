print("till-payments: not assembled yet")
