#include "core/Settings.h"
#include "core/WorkingHours.h"

#include <QTemporaryDir>
#include <QTest>

using art32::WorkingCalendar;

namespace {

const QTimeZone kAms(QByteArrayLiteral("Europe/Amsterdam"));

QDateTime ams(int y, int m, int d, int h, int min = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), kAms);
}

constexpr qint64 kHour = 3600;

} // namespace

class TestWorkingHours : public QObject
{
    Q_OBJECT

private slots:
    void easterByTheComputus_data()
    {
        QTest::addColumn<int>("year");
        QTest::addColumn<QDate>("easter");
        QTest::newRow("1818 earliest") << 1818 << QDate(1818, 3, 22);
        QTest::newRow("1943 latest") << 1943 << QDate(1943, 4, 25);
        QTest::newRow("2000") << 2000 << QDate(2000, 4, 23);
        QTest::newRow("2024") << 2024 << QDate(2024, 3, 31);
        QTest::newRow("2025") << 2025 << QDate(2025, 4, 20);
        QTest::newRow("2026") << 2026 << QDate(2026, 4, 5);
        QTest::newRow("2027") << 2027 << QDate(2027, 3, 28);
        QTest::newRow("2038") << 2038 << QDate(2038, 4, 25);
    }
    void easterByTheComputus()
    {
        QFETCH(int, year);
        QFETCH(QDate, easter);
        QCOMPARE(WorkingCalendar::easterSunday(year), easter);
    }

    void dutchHolidays2026()
    {
        const WorkingCalendar cal;
        QStringList got;
        for (const auto& h : cal.holidays(2026))
            got << h.date.toString(Qt::ISODate) + QLatin1Char(' ') + h.name;
        QCOMPARE(
            got,
            QStringList({ QStringLiteral("2026-01-01 Nieuwjaarsdag"), QStringLiteral("2026-04-05 Eerste Paasdag"),
                          QStringLiteral("2026-04-06 Tweede Paasdag"), QStringLiteral("2026-04-27 Koningsdag"),
                          QStringLiteral("2026-05-14 Hemelvaartsdag"), QStringLiteral("2026-05-24 Eerste Pinksterdag"),
                          QStringLiteral("2026-05-25 Tweede Pinksterdag"), QStringLiteral("2026-12-25 Eerste Kerstdag"),
                          QStringLiteral("2026-12-26 Tweede Kerstdag") }));
        QVERIFY(!cal.isWorkingDay(QDate(2026, 5, 14))); // Ascension, a Thursday
        QVERIFY(cal.isWorkingDay(QDate(2026, 5, 15)));
        QVERIFY(cal.isWorkingDay(QDate(2026, 4, 3))); // Good Friday is no public holiday by default
        QVERIFY(cal.isWorkingDay(QDate(2026, 5, 5))); // Liberation Day only in lustrum years by default
    }

    void kingsDayMovesToSaturdayWhenTheTwentySeventhIsASunday()
    {
        const WorkingCalendar cal;
        QCOMPARE(cal.holidayOn(QDate(2025, 4, 26))->name, QStringLiteral("Koningsdag"));
        QVERIFY(!cal.holidayOn(QDate(2025, 4, 27)));
        QCOMPARE(cal.holidayOn(QDate(2031, 4, 26))->name, QStringLiteral("Koningsdag"));
        QCOMPARE(cal.holidayOn(QDate(2037, 4, 27))->name, QStringLiteral("Koningsdag"));
        QVERIFY(!cal.isWorkingDay(QDate(2026, 4, 27)));
    }

    void liberationDayAndGoodFridayAreConfigurable()
    {
        WorkingCalendar::Config c;
        QVERIFY(!WorkingCalendar(c).isWorkingDay(QDate(2025, 5, 5))); // 2025: a lustrum year
        QVERIFY(WorkingCalendar(c).isWorkingDay(QDate(2026, 5, 5)));
        c.liberationDay = WorkingCalendar::LiberationDay::EveryYear;
        QVERIFY(!WorkingCalendar(c).isWorkingDay(QDate(2026, 5, 5)));
        c.liberationDay = WorkingCalendar::LiberationDay::Never;
        QVERIFY(WorkingCalendar(c).isWorkingDay(QDate(2025, 5, 5)));
        c.goodFriday = true;
        QCOMPARE(WorkingCalendar(c).holidayOn(QDate(2026, 4, 3))->name, QStringLiteral("Goede Vrijdag"));
    }

    void extraClosingDaysFromSettings()
    {
        QTemporaryDir dir;
        art32::Settings s(dir.filePath(QStringLiteral("s.ini")));
        s.set(art32::Settings::Key::WorkingExtraClosedDays,
              QStringList({ QStringLiteral("2026-12-28 Bedrijfsuitje"), QStringLiteral("2026-12-29"),
                            QStringLiteral("not a date") }));
        s.set(art32::Settings::Key::WorkingGoodFriday, true);
        s.set(art32::Settings::Key::WorkingLiberationDay, QStringLiteral("always"));
        const WorkingCalendar cal = WorkingCalendar::fromSettings(s);
        QCOMPARE(cal.holidayOn(QDate(2026, 12, 28))->name, QStringLiteral("Bedrijfsuitje"));
        QVERIFY(!cal.isWorkingDay(QDate(2026, 12, 29)));
        QVERIFY(cal.isWorkingDay(QDate(2026, 12, 30)));
        QVERIFY(!cal.isWorkingDay(QDate(2026, 4, 3)));
        QVERIFY(!cal.isWorkingDay(QDate(2026, 5, 5)));
        // Defaults: none of that.
        QTemporaryDir dir2;
        const WorkingCalendar plain
            = WorkingCalendar::fromSettings(art32::Settings(dir2.filePath(QStringLiteral("s.ini"))));
        QVERIFY(plain.isWorkingDay(QDate(2026, 12, 28)));
        QVERIFY(plain.isWorkingDay(QDate(2026, 4, 3)));
    }

    void fridayFourPmPlusFortyEightWorkingHours()
    {
        const WorkingCalendar cal;
        // Fri 4 Dec 2026 16:00: 1 h that Friday, 40 h the next week, 7 h on Monday 14 December.
        QCOMPARE(cal.deadline(ams(2026, 12, 4, 16), 48), ams(2026, 12, 14, 16).toUTC());
        QCOMPARE(cal.workingSecondsBetween(ams(2026, 12, 4, 16), ams(2026, 12, 14, 16)), 48 * kHour);
    }

    void christmasIsSkipped()
    {
        const WorkingCalendar cal;
        // Thu 24 Dec 16:00: 1 h, Christmas Friday, the weekend, Monday 8 h, Tuesday 7 h.
        QCOMPARE(cal.deadline(ams(2026, 12, 24, 16), 16), ams(2026, 12, 29, 16).toUTC());
        // Easter weekend 2026: Friday (working) 16:00 + 9 h skips Easter Monday.
        QCOMPARE(cal.deadline(ams(2026, 4, 3, 16), 9), ams(2026, 4, 7, 17).toUTC());
        // Koningsdag on Monday 27 April 2026: Friday 17:00 to Tuesday 17:00 is one working day.
        QCOMPARE(cal.workingSecondsBetween(ams(2026, 4, 24, 17), ams(2026, 4, 28, 17)), 8 * kHour);
    }

    void acrossTheSpringDstChange()
    {
        const WorkingCalendar cal;
        // 29 March 2026, 02:00 CET -> 03:00 CEST: the weekend lost an hour, the working days did not.
        const QDateTime fri = ams(2026, 3, 27, 12);
        const QDateTime mon = ams(2026, 3, 30, 12);
        QCOMPARE(fri.secsTo(mon), 71 * kHour);
        QCOMPARE(cal.workingSecondsBetween(fri, mon), 8 * kHour);
        const QDateTime due = cal.deadline(ams(2026, 3, 27, 16), 2);
        QCOMPARE(due, QDateTime(QDate(2026, 3, 30), QTime(8, 0), Qt::UTC)); // Mon 10:00 CEST
    }

    void acrossTheAutumnDstChange()
    {
        const WorkingCalendar cal;
        // 25 October 2026, 03:00 CEST -> 02:00 CET.
        const QDateTime fri = ams(2026, 10, 23, 12);
        const QDateTime mon = ams(2026, 10, 26, 12);
        QCOMPARE(fri.secsTo(mon), 73 * kHour);
        QCOMPARE(cal.workingSecondsBetween(fri, mon), 8 * kHour);
        QCOMPARE(cal.deadline(ams(2026, 10, 23, 16), 2), QDateTime(QDate(2026, 10, 26), QTime(9, 0), Qt::UTC));
    }

    void outsideWorkingHours()
    {
        const WorkingCalendar cal;
        // Saturday noon + 1 h: Monday 10:00; Monday 07:00 + 1 h: 10:00; an evening adds nothing.
        QCOMPARE(cal.deadline(ams(2026, 12, 5, 12), 1), ams(2026, 12, 7, 10).toUTC());
        QCOMPARE(cal.deadline(ams(2026, 12, 7, 7), 1), ams(2026, 12, 7, 10).toUTC());
        QCOMPARE(cal.workingSecondsBetween(ams(2026, 12, 7, 18), ams(2026, 12, 8, 8)), 0);
        QCOMPARE(cal.workingSecondsBetween(ams(2026, 12, 8, 8), ams(2026, 12, 7, 18)), 0); // reversed
        QCOMPARE(cal.workingSecondsBetween(ams(2026, 12, 7, 8, 30), ams(2026, 12, 7, 9, 45)), 45 * 60);
        // Exactly at the end of a day, the deadline is that end, not the next morning.
        QCOMPARE(cal.deadline(ams(2026, 12, 7, 9), 8), ams(2026, 12, 7, 17).toUTC());
        QCOMPARE(cal.addWorkingSeconds(ams(2026, 12, 7, 12), 0), ams(2026, 12, 7, 12).toUTC());
    }

    void inAnyZoneTheSameInstant()
    {
        const WorkingCalendar cal;
        const QDateTime utc(QDate(2026, 12, 4), QTime(15, 0), Qt::UTC); // 16:00 in Amsterdam
        QCOMPARE(cal.deadline(utc, 48), ams(2026, 12, 14, 16).toUTC());
    }
};

QTEST_GUILESS_MAIN(TestWorkingHours)
#include "tst_workinghours.moc"
