"""Read settings from the environment, refusing bad values loudly.

A typo in a deployment's environment should stop the app at start-up with a
message that names the variable, not surface later as odd behaviour.
"""

import datetime
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value: use one of 1, 0, true, false, yes, no, on, off."
    )


def env_date(name: str, default: datetime.date | None) -> datetime.date | None:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a date: write it as YYYY-MM-DD."
        ) from None


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is above the maximum of {maximum}.")
    return value


def env_choice(name: str, default: str, choices: list[str]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "redis": "pccdecisions.redis_cache.RedisCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def env_cache(name: str, default: str) -> dict:
    """A cache from a URL: locmem://, redis://host:port/db or dummy://."""
    raw = os.environ.get(name, default).strip()
    scheme = raw.partition("://")[0].lower()
    if scheme not in CACHE_BACKENDS or "://" not in raw:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a cache URL: use locmem://, redis://host:6379/0 or dummy://."
        )
    cache = {"BACKEND": CACHE_BACKENDS[scheme]}
    if scheme == "redis":
        cache["LOCATION"] = raw
    elif scheme == "locmem":
        # Enough for every cached page of a busy register in one worker.
        cache["OPTIONS"] = {"MAX_ENTRIES": 20_000}
    return cache


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]
