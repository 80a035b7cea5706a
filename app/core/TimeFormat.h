#pragma once

#include <QDateTime>
#include <QLocale>
#include <QString>
#include <QTimeZone>

namespace art32::timefmt {

/**
 * The one way the console shows a time: absolute in local time with the zone's abbreviation, in the
 * locale's short form (so 24 h in Dutch), and relative to an injected "now" where that helps. Every view
 * formats times and durations here; the texts are translated (context "art32::timefmt") with Qt's plural forms.
 *
 * The locale and zone are parameters for tests; the defaults are QLocale() and the system's zone.
 */

/** "2-12-2026 14:05 CET": date and time. */
QString absolute(const QDateTime& t, const QLocale& locale = QLocale(),
                 const QTimeZone& zone = QTimeZone::systemTimeZone());

/** "14:05 CET": the time of day alone, for times within the next or last day. */
QString timeOfDay(const QDateTime& t, const QLocale& locale = QLocale(),
                  const QTimeZone& zone = QTimeZone::systemTimeZone());

/** "2-12-2026": the date alone (in a list column). */
QString date(const QDateTime& t, const QLocale& locale = QLocale(),
             const QTimeZone& zone = QTimeZone::systemTimeZone());

/**
 * A length of time, as short as it stays exact enough: "42 s", "12 min", "3 h 12 min", "3 h", "1 day 4 h",
 * "5 days". Negative lengths are shown as their size.
 */
QString duration(qint64 seconds);

/**
 * How far @p t is from @p now: "in 17 h 20 min", "in 40 s", "3 h ago", "2 days ago", "just now" (within a
 * minute in the past). A future time rounds up to the minute (a lock that ends in 14 min 5 s says "in 15 min"),
 * a past one down.
 */
QString relative(const QDateTime& t, const QDateTime& now);

/** "14:05 CET (in 15 min)": the absolute time (time of day when within a day of now) and the relative one. */
QString absoluteAndRelative(const QDateTime& t, const QDateTime& now, const QLocale& locale = QLocale(),
                            const QTimeZone& zone = QTimeZone::systemTimeZone());

} // namespace art32::timefmt
