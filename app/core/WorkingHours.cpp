#include "core/WorkingHours.h"

#include "core/Settings.h"

#include <algorithm>

namespace art32 {

namespace {

// A span longer than this many days is a caller's bug, not a calendar question (and would loop for long).
constexpr int kMaxDays = 20 * 366;

} // namespace

WorkingCalendar::WorkingCalendar()
    : m_config()
{ }

WorkingCalendar::WorkingCalendar(Config config)
    : m_config(std::move(config))
{ }

WorkingCalendar WorkingCalendar::fromSettings(const Settings& settings)
{
    Config c;
    const QString liberation = settings.get(Settings::Key::WorkingLiberationDay).toString();
    if (liberation == QLatin1String("never"))
        c.liberationDay = LiberationDay::Never;
    else if (liberation == QLatin1String("always"))
        c.liberationDay = LiberationDay::EveryYear;
    else
        c.liberationDay = LiberationDay::LustrumYears;
    c.goodFriday = settings.get(Settings::Key::WorkingGoodFriday).toBool();
    // Each entry "YYYY-MM-DD" or "YYYY-MM-DD reason"; entries that are no date are ignored (Settings validates).
    for (const QString& entry : settings.get(Settings::Key::WorkingExtraClosedDays).toStringList()) {
        const QString trimmed = entry.trimmed();
        const QDate date = QDate::fromString(trimmed.left(10), Qt::ISODate);
        if (!date.isValid())
            continue;
        const QString reason = trimmed.mid(10).trimmed();
        c.extraClosed.append({ date, reason.isEmpty() ? QStringLiteral("Extra sluitingsdag") : reason });
    }
    return WorkingCalendar(std::move(c));
}

QDate WorkingCalendar::easterSunday(int year)
{
    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = ((h + l - 7 * m + 114) % 31) + 1;
    return QDate(year, month, day);
}

QList<Holiday> WorkingCalendar::holidays(int year) const
{
    QList<Holiday> out;
    const QDate easter = easterSunday(year);
    out.append({ QDate(year, 1, 1), QStringLiteral("Nieuwjaarsdag") });
    if (m_config.goodFriday)
        out.append({ easter.addDays(-2), QStringLiteral("Goede Vrijdag") });
    out.append({ easter, QStringLiteral("Eerste Paasdag") });
    out.append({ easter.addDays(1), QStringLiteral("Tweede Paasdag") });
    // King's Day since 2014: 27 April, on a Sunday moved to Saturday the 26th.
    QDate kingsDay(year, 4, 27);
    if (kingsDay.dayOfWeek() == Qt::Sunday)
        kingsDay = kingsDay.addDays(-1);
    out.append({ kingsDay, QStringLiteral("Koningsdag") });
    const bool liberation = m_config.liberationDay == LiberationDay::EveryYear
        || (m_config.liberationDay == LiberationDay::LustrumYears && year % 5 == 0);
    if (liberation)
        out.append({ QDate(year, 5, 5), QStringLiteral("Bevrijdingsdag") });
    out.append({ easter.addDays(39), QStringLiteral("Hemelvaartsdag") });
    out.append({ easter.addDays(49), QStringLiteral("Eerste Pinksterdag") });
    out.append({ easter.addDays(50), QStringLiteral("Tweede Pinksterdag") });
    out.append({ QDate(year, 12, 25), QStringLiteral("Eerste Kerstdag") });
    out.append({ QDate(year, 12, 26), QStringLiteral("Tweede Kerstdag") });
    for (const Holiday& h : m_config.extraClosed) {
        if (h.date.year() == year)
            out.append(h);
    }
    std::stable_sort(out.begin(), out.end(), [](const Holiday& x, const Holiday& y) { return x.date < y.date; });
    return out;
}

std::optional<Holiday> WorkingCalendar::holidayOn(const QDate& date) const
{
    for (const Holiday& h : holidays(date.year())) {
        if (h.date == date)
            return h;
    }
    return std::nullopt;
}

bool WorkingCalendar::isWorkingDay(const QDate& date) const
{
    if (!date.isValid() || date.dayOfWeek() > Qt::Friday)
        return false;
    return !holidayOn(date).has_value();
}

std::optional<std::pair<QDateTime, QDateTime>> WorkingCalendar::window(const QDate& date) const
{
    if (!isWorkingDay(date))
        return std::nullopt;
    const QDateTime start = QDateTime(date, m_config.dayStart, m_config.zone).toUTC();
    const QDateTime end = QDateTime(date, m_config.dayEnd, m_config.zone).toUTC();
    if (!(start < end))
        return std::nullopt;
    return std::make_pair(start, end);
}

qint64 WorkingCalendar::workingSecondsBetween(const QDateTime& from, const QDateTime& to) const
{
    if (!from.isValid() || !to.isValid() || !(from < to))
        return 0;
    const QDateTime a = from.toUTC();
    const QDateTime b = to.toUTC();
    const QDate first = a.toTimeZone(m_config.zone).date();
    const QDate last = b.toTimeZone(m_config.zone).date();
    qint64 total = 0;
    int guard = 0;
    for (QDate d = first; d <= last && guard < kMaxDays; d = d.addDays(1), ++guard) {
        const auto w = window(d);
        if (!w)
            continue;
        const QDateTime s = std::max(w->first, a);
        const QDateTime e = std::min(w->second, b);
        if (s < e)
            total += s.secsTo(e);
    }
    return total;
}

QDateTime WorkingCalendar::addWorkingSeconds(const QDateTime& from, qint64 seconds) const
{
    if (!from.isValid())
        return {};
    const QDateTime a = from.toUTC();
    if (seconds <= 0)
        return a;
    qint64 left = seconds;
    QDate d = a.toTimeZone(m_config.zone).date();
    for (int guard = 0; guard < kMaxDays; ++guard, d = d.addDays(1)) {
        const auto w = window(d);
        if (!w)
            continue;
        const QDateTime s = std::max(w->first, a);
        if (!(s < w->second))
            continue;
        const qint64 available = s.secsTo(w->second);
        if (left <= available)
            return s.addSecs(left);
        left -= available;
    }
    return {};
}

} // namespace art32
