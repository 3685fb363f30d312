# datetime's calendar methods, the alternate constructors, strptime/strftime, time and
# timedelta arithmetic. (Nothing here depends on the local time zone.)
import datetime
from datetime import date, datetime as dt, time, timedelta, timezone


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


stamp = dt(2020, 1, 2, 3, 4, 5)
print(stamp.ctime(), dt.ctime(stamp), date(2020, 1, 2).ctime(), dt(2021, 11, 30, 23, 59, 1).ctime())
for d in [date(2020, 1, 2), date(2021, 1, 3), date(2020, 12, 31), date(2015, 12, 31),
          date(2016, 1, 3), date(2008, 12, 29), date(1, 1, 1), date(9999, 12, 31)]:
    print(d, d.weekday(), d.isoweekday(), d.isocalendar(), tuple(d.isocalendar()),
          d.isocalendar().week, d.toordinal(), date.fromordinal(d.toordinal()) == d)
y, w, wd = dt(2024, 2, 29, 12).isocalendar()
print(y, w, wd, date.fromisocalendar(y, w, wd), dt.fromisocalendar(2020, 53, 7))
show(lambda: date.fromisocalendar(2021, 53, 1))
show(lambda: date.fromisocalendar(2021, 5, 8))
show(lambda: date.fromordinal(0))
print(dt.fromordinal(737426), date.fromordinal(737426))

tt = stamp.timetuple()
print(tt)
print(tt.tm_yday, tt[0], tt[-1], len(tt), list(tt)[:3], tt == tuple(tt), date(2020, 3, 1).timetuple())
aware = dt(2020, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
print(aware.utctimetuple(), aware.timetuple().tm_isdst)

print(dt.fromtimestamp(0, timezone.utc), dt.fromtimestamp(1.5, tz=timezone(timedelta(hours=-5))))
print(repr(dt.utcfromtimestamp(1700000000.25)), dt.utcfromtimestamp(0).isoformat())
print(dt.fromtimestamp(1577934245, timezone.utc).timestamp(), aware.timestamp())
show(lambda: dt.fromtimestamp("x"))

print(repr(dt.combine(date(2020, 5, 6), time(7, 8, 9))), dt.combine(stamp, time(1, tzinfo=timezone.utc)))
print(dt.combine(date(2020, 5, 6), time(7), tzinfo=timezone(timedelta(hours=1))))
print(repr(stamp.time()), repr(aware.timetz()), repr(aware.time()))
print(stamp.tzname(), aware.tzname(), stamp.utcoffset(), aware.utcoffset(), aware.dst(), stamp.fold)
print(aware.astimezone(timezone.utc), aware.astimezone(timezone(timedelta(hours=-3, minutes=-30))))
print(repr(aware.astimezone(timezone.utc)))

print(dt.strptime("2020-01-02 03:04:05", "%Y-%m-%d %H:%M:%S"))
print(repr(dt.strptime("02/Jan/2020:03:04:05.25 +0130", "%d/%b/%Y:%H:%M:%S.%f %z")))
print(dt.strptime("Thursday March 5 20", "%A %B %d %y"), dt.strptime("7 pm", "%I %p"))
print(dt.strptime("2021 032", "%Y %j"), dt.strptime("  12  ", " %d "), dt.strptime("70", "%y"))
print(dt.strptime("2020-01-02T03:04:05Z", "%Y-%m-%dT%H:%M:%S%z"))
show(lambda: dt.strptime("2020-13-01", "%Y-%m-%d"))
show(lambda: dt.strptime("2020-01-01 junk", "%Y-%m-%d"))
show(lambda: dt.strptime("2021-02-29", "%Y-%m-%d"))
show(lambda: dt.strptime("1", "%Q"))

print(stamp.strftime("%a %A %b %B %j %I %p %w %u %U %W %G %V %e %x %X %%"))
print(stamp.strftime("%c"), dt(2020, 1, 5, 15).strftime("%I%p %U %W"), f"{stamp:%d.%m.%Y}")
print(time(13, 5, 7).strftime("%H:%M:%S %I %p"), f"{time(1, 2):%H-%M}")
t = time(8, 30, tzinfo=timezone(timedelta(hours=1)))
print(repr(t.replace(hour=9)), repr(t.replace(tzinfo=None)), t.tzname(), t.utcoffset(), t.dst(), time(1).tzname())
show(lambda: time(1).replace(minute=60))

print(dt.resolution, date.resolution, dt.min, dt.max, date.min, date.max)
show(lambda: date(2021, 2, 29))
show(lambda: date(2020, 13, 1))
show(lambda: dt(0, 1, 1))
show(lambda: dt.ctime(date(2020, 1, 1)))
print(date.weekday(dt(2020, 1, 2)), dt.isoformat(stamp), dt.timestamp(aware))

d = timedelta(days=1, hours=2, microseconds=5)
for v in [d, -d, +d, abs(-d), d * 2, 2 * d, d * 0.5, d / 2, d / 3, d // 3, d / d, d // timedelta(hours=1),
          d % timedelta(hours=5), timedelta(0), timedelta(seconds=-1), timedelta(microseconds=3) / 2,
          timedelta(microseconds=5) / 2, timedelta(microseconds=-5) / 2, timedelta(seconds=7) // -2]:
    print(repr(v), str(v))
print(d > timedelta(0), d >= d, d <= d, d != d, d == timedelta(days=1, seconds=7200, microseconds=5),
      bool(timedelta(0)), bool(d), len({d, d * 1}), timedelta(hours=1) < timedelta(hours=2))
show(lambda: d / 0)
show(lambda: d // timedelta(0))
show(lambda: d / timedelta(0))
show(lambda: d % timedelta(0))
show(lambda: d / 0.0)
show(lambda: d // 0)
print(repr(time.min), repr(time.max), time.resolution, repr(timedelta.resolution))
