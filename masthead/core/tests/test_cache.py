import socket

from masthead.core.cache import TolerantRedisCache


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_redis_being_down_reads_as_misses_not_errors():
    cache = TolerantRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    cache.set("k", 1)
    cache.delete("k")
    try:
        cache.incr("k")
    except ValueError:
        pass
    else:
        raise AssertionError("incr must say the key is not there")
