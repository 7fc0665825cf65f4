"""Email alerts for the public (issue 15): a resident subscribes to every new decision,
a board's, or a saved search, confirms by email (double opt-in), hears of each signing,
amendment and withdrawal at once or in a daily digest, and leaves with one click
(RFC 8058).

Its own room, beside the public side: these are the only public pages that write, and
what they write is the reader's own subscription. `sending` is the worker's part (it
matches a search with the register's own, `public.finding`); `views` the reader's.
"""
