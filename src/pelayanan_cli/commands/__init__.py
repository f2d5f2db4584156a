"""One module per command: each reads like a sentence, wiring the core to the renderer."""
