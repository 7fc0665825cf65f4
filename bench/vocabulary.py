"""The words the seeded register is written in, and the words readers search for.

Real notices use a few hundred words all the time and tens of thousands now and then,
and searches follow the same spread. The vocabulary is the policing words seeding has
always used (the commonest) and then a large word list: Debian's wbritish
(/usr/share/dict/british-english, which `make bench` installs), or made-up words where
it is missing. Words are drawn by Zipf's law: the word of rank r in proportion to 1/r.
"""

import itertools
import random
from pathlib import Path

from bench.seeding_words import WORDS

WORD_LIST = Path("/usr/share/dict/british-english")
SIZE = 50_000
# Text is cut from one long Zipf-drawn stream, so seeding 100,000 notices costs no more
# than it did with a short list; the stream holds each of the rarest words a few times.
STREAM = 2_000_000


def _large_list(rng) -> list[str]:
    if WORD_LIST.exists():
        words = {
            w.lower() for w in WORD_LIST.read_text(encoding="utf-8", errors="ignore").split()
            if w.isalpha() and w.isascii() and 4 <= len(w) <= 12
        }  # fmt: skip
        chosen = sorted(words)
    else:
        syllables = [
            a + b for a in "bcdfghlmnprstvw" for b in ("a", "e", "i", "o", "u", "ar", "en")
        ]
        chosen = sorted({"".join(rng.choices(syllables, k=3)) for _ in range(SIZE * 2)})
    rng.shuffle(chosen)
    return chosen


class Vocabulary:
    def __init__(self, seed=1, stream=STREAM):
        self.rng = random.Random(seed)  # noqa: S311 - made-up data, not security
        common = list(WORDS)
        rest = [w for w in _large_list(self.rng) if w not in set(common)]
        self.words = (common + rest)[:SIZE]
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, SIZE + 1)))
        self.stream = self.draw(stream)

    def draw(self, k: int) -> list[str]:
        """k words, each drawn by Zipf's law."""
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def run(self, rng, k: int) -> list[str]:
        """k words in a row from the stream: as Zipf-spread as drawing them, far cheaper."""
        start = rng.randrange(len(self.stream) - k)
        return self.stream[start : start + k]
