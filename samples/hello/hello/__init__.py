"""The hello package: `python -m hello.main` is the entry point Caliban runs."""
