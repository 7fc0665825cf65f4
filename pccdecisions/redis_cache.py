"""Django's Redis cache, with one Redis client for each connection pool.

Django's RedisCacheClient makes a new `redis.Redis` for every cache call, and building
one fills a table of some 170 reply callbacks: about 0.15 ms a call. An uncached register
page makes six calls (its ids, its rows, the filter's choices, the page cache's two keys
and its lookup), so that was a tenth of the page. A `redis.Redis` is safe to share
between threads (each command takes a connection from the pool), so one is kept per
pool and nothing else changes: same pools, same serializer, same keys.
"""

from django.core.cache.backends import redis


class SharedClientRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
