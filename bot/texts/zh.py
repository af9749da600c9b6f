"""Chinese (simplified) catalogue. Keys mirror ``en.py`` exactly; ``tests/core/test_texts.py`` checks it."""

TEXTS: dict[str, str] = {
}
