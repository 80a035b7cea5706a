#include "core/TimeFormat.h"

#include <QCoreApplication>
#include <QtGlobal>

namespace art32::timefmt {
namespace {

QDateTime inZone(const QDateTime& t, const QTimeZone& zone)
{
    return zone.isValid() ? t.toTimeZone(zone) : t.toLocalTime();
}

QString withZone(const QString& text, const QDateTime& local)
{
    const QString abbreviation = local.timeZoneAbbreviation();
    return abbreviation.isEmpty() ? text : text + QLatin1Char(' ') + abbreviation;
}

constexpr qint64 kMinute = 60;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

} // namespace

QString absolute(const QDateTime& t, const QLocale& locale, const QTimeZone& zone)
{
    if (!t.isValid())
        return QString();
    const QDateTime local = inZone(t, zone);
    return withZone(locale.toString(local, QLocale::ShortFormat), local);
}

QString timeOfDay(const QDateTime& t, const QLocale& locale, const QTimeZone& zone)
{
    if (!t.isValid())
        return QString();
    const QDateTime local = inZone(t, zone);
    return withZone(locale.toString(local.time(), QLocale::ShortFormat), local);
}

QString date(const QDateTime& t, const QLocale& locale, const QTimeZone& zone)
{
    if (!t.isValid())
        return QString();
    return locale.toString(inZone(t, zone).date(), QLocale::ShortFormat);
}

QString duration(qint64 seconds)
{
    seconds = qAbs(seconds);
    // (Plain ints as the count: lupdate skips a translate() whose count is a cast.)
    if (seconds < kMinute) {
        const int s = int(seconds);
        return QCoreApplication::translate("art32::timefmt", "%n s", nullptr, s);
    }
    if (seconds < kHour) {
        const int minutes = int(seconds / kMinute);
        return QCoreApplication::translate("art32::timefmt", "%n min", nullptr, minutes);
    }
    if (seconds < kDay) {
        const int hours = static_cast<int>(seconds / kHour);
        const int minutes = static_cast<int>((seconds % kHour) / kMinute);
        return minutes ? QCoreApplication::translate("art32::timefmt", "%1 h %2 min").arg(hours).arg(minutes)
                       : QCoreApplication::translate("art32::timefmt", "%n h", nullptr, hours);
    }
    const int days = static_cast<int>(seconds / kDay);
    const int hours = static_cast<int>((seconds % kDay) / kHour);
    // Hours matter next to one or two days, not next to a week.
    if (days < 3 && hours)
        return QCoreApplication::translate("art32::timefmt", "%n day(s)", nullptr, days) + QLatin1Char(' ')
            + QCoreApplication::translate("art32::timefmt", "%n h", nullptr, hours);
    return QCoreApplication::translate("art32::timefmt", "%n day(s)", nullptr, days);
}

QString relative(const QDateTime& t, const QDateTime& now)
{
    const qint64 diff = now.secsTo(t);
    if (diff > 0) {
        // Round a future time up: "in 15 min" for a lock that ends in 14 min 5 s, never "in 14 min" for one that
        // ends later than that.
        const qint64 rounded = diff < kMinute ? diff : (diff + kMinute - 1) / kMinute * kMinute;
        return QCoreApplication::translate("art32::timefmt", "in %1").arg(duration(rounded));
    }
    if (-diff < kMinute)
        return QCoreApplication::translate("art32::timefmt", "just now");
    return QCoreApplication::translate("art32::timefmt", "%1 ago").arg(duration(-diff));
}

QString absoluteAndRelative(const QDateTime& t, const QDateTime& now, const QLocale& locale, const QTimeZone& zone)
{
    if (!t.isValid())
        return QString();
    const bool near = qAbs(now.secsTo(t)) < kDay;
    const QString when = near ? timeOfDay(t, locale, zone) : absolute(t, locale, zone);
    return QCoreApplication::translate("art32::timefmt", "%1 (%2)").arg(when, relative(t, now));
}

} // namespace art32::timefmt
