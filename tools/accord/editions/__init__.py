"""Official editions: build a release tag once, publish it beside the others, verify it; redlines."""
