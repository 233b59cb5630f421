"""Text assembled from pieces of a source, each character remembering where it came from.

Repairs (joining a paragraph cut by a page break, dropping Markdown markup) change the text
but every sentence must still point back into the source with character offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MappedText:
    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def __len__(self) -> int:
        return len(self.chars)

    def append(self, text: str, source_offset: int) -> None:
        """Append text copied from the source starting at source_offset."""
        self.chars.extend(text)
        self.offsets.extend(range(source_offset, source_offset + len(text)))

    def append_synthetic(self, text: str, source_offset: int) -> None:
        """Append text that is not in the source (a joining space, a bracket)."""
        self.chars.extend(text)
        self.offsets.extend([source_offset] * len(text))

    def extend(self, other: MappedText) -> None:
        self.chars.extend(other.chars)
        self.offsets.extend(other.offsets)

    def endswith_space(self) -> bool:
        return bool(self.chars) and self.chars[-1].isspace()

    def strip(self) -> MappedText:
        start, end = 0, len(self.chars)
        while start < end and self.chars[start].isspace():
            start += 1
        while end > start and self.chars[end - 1].isspace():
            end -= 1
        return self.slice(start, end)

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.chars[start:end], self.offsets[start:end])

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [start, end) covering the characters start..end-1 of this text."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else (self.offsets[-1] + 1 if self.offsets else 0)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1
