"""The trainer package: `python -m trainer.train` is the entry point Caliban runs."""
