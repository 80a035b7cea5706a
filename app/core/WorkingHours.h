#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QTime>
#include <QTimeZone>
#include <optional>

namespace art32 {

class Settings;

/** A day the office is closed although it is a weekday. */
struct Holiday
{
    QDate date;
    QString name; ///< Dutch name ("Koningsdag"), or the configured reason for an extra closing day
};

/**
 * The working calendar that turns durations into working hours: "restore took 3 h" and "a failure on Friday 16:00
 * must be recovered by <time>" (DESIGN.md §5, the seed's promise of 48 working hours). Pure: every answer comes
 * from its arguments, so tests inject any instant.
 *
 * Default: Monday to Friday, 09:00–17:00 Europe/Amsterdam (both DST changes happen at night, so a working day is
 * always 8 hours), closed on the Dutch public holidays of the Algemene termijnenwet: Nieuwjaarsdag, Eerste and
 * Tweede Paasdag, Koningsdag (27 April, or 26 April when the 27th is a Sunday), Hemelvaartsdag, Eerste and Tweede
 * Pinksterdag, Eerste and Tweede Kerstdag. Easter by the Gregorian computus. Goede Vrijdag is not a public holiday
 * (many employers close: configurable), and Bevrijdingsdag (5 May) is a day off by law only in the sense of the
 * termijnenwet; employers commonly close every fifth year (2025, 2030): configurable, lustrum years by default.
 */
class WorkingCalendar
{
public:
    enum class LiberationDay { Never, LustrumYears, EveryYear };

    struct Config
    {
        QTimeZone zone { QByteArrayLiteral("Europe/Amsterdam") };
        QTime dayStart { 9, 0 };
        QTime dayEnd { 17, 0 };
        LiberationDay liberationDay = LiberationDay::LustrumYears;
        bool goodFriday = false;
        QList<Holiday> extraClosed; ///< extra closing days (Settings: WorkingExtraClosedDays)
    };

    WorkingCalendar();
    explicit WorkingCalendar(Config config);
    /** The calendar the user configured (Settings: liberation day, Good Friday, extra closing days). */
    static WorkingCalendar fromSettings(const Settings& settings);

    const Config& config() const { return m_config; }

    /** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm). */
    static QDate easterSunday(int year);
    /** The closing days of a year that fall on any day (Sundays included), sorted by date. */
    QList<Holiday> holidays(int year) const;
    /** Why the office is closed on this (local) date, if it is a holiday or an extra closing day. */
    std::optional<Holiday> holidayOn(const QDate& date) const;
    bool isWorkingDay(const QDate& date) const;

    /** Working seconds in [from, to) (0 when to <= from). Instants in any zone. */
    qint64 workingSecondsBetween(const QDateTime& from, const QDateTime& to) const;
    /** The instant at which `seconds` working seconds after `from` have passed (from itself for 0), in UTC. */
    QDateTime addWorkingSeconds(const QDateTime& from, qint64 seconds) const;
    /** The deadline `hours` working hours after `from`: "a failure now must be recovered by ...". */
    QDateTime deadline(const QDateTime& from, int hours) const { return addWorkingSeconds(from, qint64(hours) * 3600); }

private:
    /** The working window of a local date as UTC instants (empty when closed). */
    std::optional<std::pair<QDateTime, QDateTime>> window(const QDate& date) const;

    Config m_config;
};

} // namespace art32
