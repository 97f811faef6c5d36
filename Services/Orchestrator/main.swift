print("till-orchestrator: not assembled yet")
