# async def, await, async with, async for, and the asyncio subset.
import asyncio


async def fetch(n):
    print("fetch", n)
    await asyncio.sleep(0.1)
    return n * 10


async def fails():
    raise ValueError("inside coroutine")


class Connection:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print("open", self.name)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        print("close", self.name, exc_type.__name__ if exc_type else None)
        return False

    async def run_sync(self, fn, *args):
        return fn(self, *args)


class Ticker:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


async def main():
    coro = fetch(1)
    print(type(coro).__name__, asyncio.iscoroutine(coro), asyncio.iscoroutinefunction(fetch))
    print("result", await coro)
    try:
        await coro
    except RuntimeError as e:
        print("RuntimeError:", e)
    results = await asyncio.gather(fetch(2), fetch(3))
    print("gathered", results)
    async with Connection("db") as conn:
        value = await conn.run_sync(lambda c, x: f"{c.name}:{x}", 5)
        print("ran", value)
    try:
        async with Connection("broken"):
            await fails()
    except ValueError as e:
        print("ValueError:", e)
    seen = []
    async for i in Ticker(3):
        seen.append(i)
    print("ticks", seen)
    task = asyncio.create_task(fetch(4))
    print("task created")
    await asyncio.sleep(0)
    print("after sleep")
    print("task result", await task, await task)
    out = await asyncio.gather(fails(), fetch(5), return_exceptions=True)
    print([type(x).__name__ for x in out])
    return "main done"


print(asyncio.run(main()))
loop = asyncio.new_event_loop()
print(loop.run_until_complete(fetch(6)))
loop.close()
try:
    asyncio.run(fetch)
except (ValueError, TypeError) as e:
    print(type(e).__name__)


async def run_async_migrations():
    async with Connection("engine") as connection:
        await connection.run_sync(lambda c: print("do_run_migrations on", c.name))


def run_migrations_online():
    asyncio.run(run_async_migrations())


run_migrations_online()
