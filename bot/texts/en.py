"""English catalogue. Keys mirror ``zh.py`` exactly; ``tests/core/test_texts.py`` checks it."""

TEXTS: dict[str, str] = {
}
