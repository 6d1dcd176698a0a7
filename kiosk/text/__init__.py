"""Text rules that are not tied to a toolkit: Chinese line breaking, pinyin-initial search of names."""
