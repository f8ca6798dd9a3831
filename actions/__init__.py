"""Custom actions of the back-spasm clinic assistant.

One module per concern; rasa-sdk imports every submodule of this package and registers the
actions it finds. Nothing here touches the network or a database at import time.
"""
