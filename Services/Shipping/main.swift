print("till-shipping: not assembled yet")
