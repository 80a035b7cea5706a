#include "core/TimeFormat.h"
#include "core/Translations.h"

#include <QTest>
#include <QTimeZone>

using namespace art32;

/** The one time formatter: absolute with zone, relative to an injected now, durations; English and Dutch. */
class TestTimeFormat : public QObject
{
    Q_OBJECT

    const QTimeZone amsterdam { QByteArrayLiteral("Europe/Amsterdam") };
    // 2026-12-02 13:05 UTC is 14:05 CET; 2026-07-01 12:00 UTC is 14:00 CEST.
    const QDateTime winter { QDate(2026, 12, 2), QTime(13, 5), Qt::UTC };
    const QDateTime summer { QDate(2026, 7, 1), QTime(12, 0), Qt::UTC };

private slots:
    void initTestCase()
    {
        QVERIFY(amsterdam.isValid());
        applyLanguage(QStringLiteral("en"));
    }
    void cleanupTestCase() { applyLanguage(QStringLiteral("en")); }

    void absoluteHasLocalTimeAndZone()
    {
        const QLocale nl(QLocale::Dutch, QLocale::Netherlands);
        QCOMPARE(timefmt::absolute(winter, nl, amsterdam), QStringLiteral("02-12-2026 14:05 CET"));
        QCOMPARE(timefmt::absolute(summer, nl, amsterdam), QStringLiteral("01-07-2026 14:00 CEST"));
        QCOMPARE(timefmt::timeOfDay(winter, nl, amsterdam), QStringLiteral("14:05 CET"));
        QCOMPARE(timefmt::date(winter, nl, amsterdam), QStringLiteral("02-12-2026"));
        // English (US) keeps its 12-hour clock; the zone is there too.
        const QString us = timefmt::absolute(winter, QLocale(QLocale::English, QLocale::UnitedStates), amsterdam);
        QVERIFY2(us.contains(QStringLiteral("2:05")) && us.contains(QStringLiteral("PM"))
                     && us.endsWith(QLatin1String(" CET")),
                 qPrintable(us));
        QCOMPARE(timefmt::absolute(QDateTime()), QString());
    }

    void durations_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("english");
        QTest::addColumn<QString>("dutch");
        QTest::newRow("seconds") << qint64(42) << "42 s"
                                 << "42 s";
        QTest::newRow("minutes") << qint64(12 * 60 + 30) << "12 min"
                                 << "12 min";
        QTest::newRow("hours and minutes") << qint64(3 * 3600 + 12 * 60) << "3 h 12 min"
                                           << "3 u 12 min";
        QTest::newRow("whole hours") << qint64(3 * 3600 + 30) << "3 h"
                                     << "3 u";
        QTest::newRow("negative") << qint64(-90) << "1 min"
                                  << "1 min";
        QTest::newRow("one day") << qint64(86400 + 4 * 3600) << "1 day 4 h"
                                 << "1 dag 4 u";
        QTest::newRow("days") << qint64(5 * 86400 + 3600) << "5 days"
                              << "5 dagen";
    }
    void durations()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, english);
        QFETCH(QString, dutch);
        QCOMPARE(timefmt::duration(seconds), english);
        applyLanguage(QStringLiteral("nl"));
        const QString nl = timefmt::duration(seconds);
        applyLanguage(QStringLiteral("en"));
        QCOMPARE(nl, dutch);
    }

    void relativeToInjectedNow()
    {
        const QDateTime now = winter;
        QCOMPARE(timefmt::relative(now.addSecs(17 * 3600 + 20 * 60), now), QStringLiteral("in 17 h 20 min"));
        // A future time rounds up: a lock ending in 14 min 5 s says 15 min.
        QCOMPARE(timefmt::relative(now.addSecs(14 * 60 + 5), now), QStringLiteral("in 15 min"));
        QCOMPARE(timefmt::relative(now.addSecs(40), now), QStringLiteral("in 40 s"));
        QCOMPARE(timefmt::relative(now.addSecs(-3 * 3600 - 50), now), QStringLiteral("3 h ago"));
        QCOMPARE(timefmt::relative(now.addSecs(-20), now), QStringLiteral("just now"));
        QCOMPARE(timefmt::absoluteAndRelative(now.addSecs(15 * 60), now, QLocale(QLocale::Dutch), amsterdam),
                 QStringLiteral("14:20 CET (in 15 min)"));
        // More than a day away: the date too.
        QCOMPARE(timefmt::absoluteAndRelative(now.addDays(-4), now, QLocale(QLocale::Dutch), amsterdam),
                 QStringLiteral("28-11-2026 14:05 CET (4 days ago)"));

        applyLanguage(QStringLiteral("nl"));
        const QString daysAgo = timefmt::relative(now.addDays(-2), now);
        const QString oneDayAgo = timefmt::relative(now.addDays(-1), now);
        const QString in = timefmt::relative(now.addSecs(17 * 3600 + 20 * 60), now);
        const QString justNow = timefmt::relative(now, now);
        applyLanguage(QStringLiteral("en"));
        QCOMPARE(daysAgo, QStringLiteral("2 dagen geleden"));
        QCOMPARE(oneDayAgo, QStringLiteral("1 dag geleden"));
        QCOMPARE(in, QStringLiteral("over 17 u 20 min"));
        QCOMPARE(justNow, QStringLiteral("zojuist"));
    }

    /** English plural forms come from art32_en (plurals only), not from a hand-made "(s)". */
    void englishPlurals()
    {
        const auto shown = [](int n) {
            return QCoreApplication::translate("art32::ui::AccountsView", "%n account(s) shown", nullptr, n);
        };
        QCOMPARE(shown(1), QStringLiteral("1 account shown"));
        QCOMPARE(shown(2), QStringLiteral("2 accounts shown"));
        QCOMPARE(shown(0), QStringLiteral("0 accounts shown"));
        QCOMPARE(timefmt::duration(2 * 86400), QStringLiteral("2 days"));
        QCOMPARE(timefmt::duration(86400), QStringLiteral("1 day"));
        // Dutch still has its own forms after a switch, and English its own after switching back.
        applyLanguage(QStringLiteral("nl"));
        const QString dutch = shown(2);
        applyLanguage(QStringLiteral("en"));
        QCOMPARE(dutch, QStringLiteral("2 accounts getoond"));
        QCOMPARE(shown(2), QStringLiteral("2 accounts shown"));
        // The C locale (the tests' LC_ALL=C.UTF-8, a system without a language) speaks English with its plurals.
        applyLanguage(QStringLiteral("C"));
        QCOMPARE(shown(1), QStringLiteral("1 account shown"));
        applyLanguage(QStringLiteral("en"));
    }
};

QTEST_GUILESS_MAIN(TestTimeFormat)
#include "tst_timeformat.moc"
