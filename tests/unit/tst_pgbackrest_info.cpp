#include "backup/PgBackRest.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace art32;
using namespace art32::pgbackrest;

namespace {

QByteArray fixture(const char* name)
{
    QFile file(QStringLiteral(ART32_SOURCE_DIR "/tests/fixtures/pgbackrest/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return file.readAll();
}

} // namespace

class TestPgBackRestInfo : public QObject
{
    Q_OBJECT

private slots:
    void everyFixtureIsTested()
    {
        // A fixture added to the folder without a test here would prove nothing.
        const QStringList files = QDir(QStringLiteral(ART32_SOURCE_DIR "/tests/fixtures/pgbackrest"))
                                      .entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
        QCOMPARE(files,
                 QStringLiteral("info-error-flag.json info-full-diff-incr.json info-huge-numbers.json "
                                "info-missing-stanza.json info-no-valid-backups.json info-truncated.json")
                     .split(QLatin1Char(' ')));
    }

    void fullDiffIncr()
    {
        const auto parsed = parseInfo(fixture("info-full-diff-incr.json"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
        QCOMPARE(parsed->size(), 1);
        const Stanza& s = parsed->first();
        QCOMPARE(s.name, QStringLiteral("main"));
        QCOMPARE(s.statusCode, 0);
        QCOMPARE(s.statusMessage, QStringLiteral("ok"));
        QCOMPARE(s.backupLockHeld, false);
        QVERIFY(!s.restoreLockHeld.has_value());
        QCOMPARE(s.cipher, QStringLiteral("none"));
        QCOMPARE(s.pgVersion, QStringLiteral("15"));
        QCOMPARE(s.systemId, quint64(7712875888050934749ULL));
        QCOMPARE(s.archiveMin, QStringLiteral("000000010000000000000001"));
        QCOMPARE(s.archiveMax, QStringLiteral("000000010000000000000007"));
        QCOMPARE(s.repos.size(), 1);
        QCOMPARE(s.repos.first().code, 0);
        QCOMPARE(s.backups.size(), 3);

        const Backup& full = s.backups.at(0);
        QCOMPARE(full.label, QStringLiteral("20261127-155305F"));
        QCOMPARE(full.type, BackupType::Full);
        QCOMPARE(full.start, QDateTime::fromSecsSinceEpoch(1795794785, Qt::UTC));
        QCOMPARE(full.stop, QDateTime::fromSecsSinceEpoch(1795794789, Qt::UTC));
        QCOMPARE(full.databaseSize, quint64(36877952));
        QCOMPARE(full.databaseDelta, quint64(36877952));
        QCOMPARE(full.repoSize, quint64(8531188));
        QCOMPARE(full.repoDelta, quint64(8531188));
        QCOMPARE(full.archiveStart, QStringLiteral("000000010000000000000003"));
        QCOMPARE(full.archiveStop, QStringLiteral("000000010000000000000003"));
        QCOMPARE(full.lsnStart, QStringLiteral("0/3000028"));
        QVERIFY(full.prior.isEmpty());
        QVERIFY(full.references.isEmpty());
        QCOMPARE(full.error, false);
        QCOMPARE(full.pgBackRestVersion, QStringLiteral("2.45"));

        const Backup& diff = s.backups.at(1);
        QCOMPARE(diff.type, BackupType::Diff);
        QCOMPARE(diff.prior, full.label);
        QCOMPARE(diff.references, QStringList { full.label });
        QCOMPARE(diff.repoSize, quint64(9899203));
        QCOMPARE(diff.repoDelta, quint64(6889975));

        const Backup& incr = s.backups.at(2);
        QCOMPARE(incr.type, BackupType::Incr);
        QCOMPARE(incr.label, QStringLiteral("20261127-155305F_20261127-155312I"));
        QCOMPARE(incr.references.size(), 2);
        QCOMPARE(typeKey(incr.type), QStringLiteral("incr"));

        const auto healthy = healthyStanza(parsed.value(), QStringLiteral("main"));
        QVERIFY2(healthy.ok(), qPrintable(healthy.error().message));
        QCOMPARE(healthy->lastGood()->label, incr.label);
    }

    void missingStanzaIsAFailure()
    {
        const auto parsed = parseInfo(fixture("info-missing-stanza.json"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message)); // it parses: its status says what is wrong
        QCOMPARE(parsed->first().statusCode, int(StanzaStatus::MissingStanzaPath));
        QVERIFY(parsed->first().backups.isEmpty());
        const auto healthy = healthyStanza(parsed.value(), QStringLiteral("nosuch"));
        QVERIFY(!healthy.ok());
        QCOMPARE(healthy.error().code, QStringLiteral("pgbackrest.missing_stanza"));
        QVERIFY2(healthy.error().message.contains(QLatin1String("nosuch")), qPrintable(healthy.error().message));
        QVERIFY(healthy.error().message.contains(QLatin1String("does not exist")));
        // A stanza the output does not list at all fails the same way.
        const auto other = healthyStanza(parsed.value(), QStringLiteral("main"));
        QCOMPARE(other.error().code, QStringLiteral("pgbackrest.missing_stanza"));
    }

    void noValidBackupsIsAFailure()
    {
        const auto parsed = parseInfo(fixture("info-no-valid-backups.json"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
        const Stanza& s = parsed->first();
        QCOMPARE(s.statusCode, int(StanzaStatus::NoValidBackups));
        QVERIFY(s.archiveMin.isEmpty()); // null archive range
        QVERIFY(s.lastGood() == nullptr);
        const auto healthy = healthyStanza(parsed.value(), QStringLiteral("main"));
        QVERIFY(!healthy.ok());
        QCOMPARE(healthy.error().code, QStringLiteral("pgbackrest.no_backups"));
    }

    void hugeNumbersAreExact()
    {
        const auto parsed = parseInfo(fixture("info-huge-numbers.json"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
        const Stanza& s = parsed->first();
        const Backup& b = s.backups.first();
        QCOMPARE(b.databaseSize, std::numeric_limits<quint64>::max()); // 2^64 - 1
        QCOMPARE(b.databaseDelta, quint64(9007199254740993ULL)); // 2^53 + 1: a double would say ...992
        QCOMPARE(b.repoSize, quint64(std::numeric_limits<qint64>::max()));
        QCOMPARE(b.repoDelta, quint64(9223372036854775808ULL)); // 2^63
        QCOMPARE(s.systemId, quint64(18446744073709551614ULL));
        QCOMPARE(s.backupLockHeld, true);
        QCOMPARE(s.restoreLockHeld, std::optional<bool>(true));
    }

    void numbersPast64BitsAreRefused()
    {
        QByteArray json = fixture("info-huge-numbers.json");
        json.replace("18446744073709551615", "18446744073709551616");
        const auto parsed = parseInfo(json);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, QStringLiteral("pgbackrest.json"));
        QVERIFY2(parsed.error().message.contains(QLatin1String("18446744073709551616")),
                 qPrintable(parsed.error().message));
        QVERIFY(parsed.error().message.contains(QLatin1String("info.size")));
    }

    void errorFlagIsNotAGoodBackup()
    {
        const auto parsed = parseInfo(fixture("info-error-flag.json"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
        const Stanza& s = parsed->first();
        QCOMPARE(s.backups.at(2).error, true);
        QCOMPARE(s.lastGood()->label, s.backups.at(1).label);

        // All backups flagged: status OK, but nothing good to restore.
        QByteArray allBad = fixture("info-error-flag.json");
        allBad.replace("\"error\":false", "\"error\":true");
        const auto bad = parseInfo(allBad);
        QVERIFY(bad.ok());
        QCOMPARE(healthyStanza(bad.value(), QStringLiteral("main")).error().code,
                 QStringLiteral("pgbackrest.no_backups"));
    }

    void malformedAndTruncatedAreErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("truncated fixture") << fixture("info-truncated.json");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("whitespace") << QByteArray(" \n");
        QTest::newRow("empty list") << QByteArray("[]");
        QTest::newRow("object, not list") << QByteArray("{\"name\":\"main\"}");
        QTest::newRow("not json") << QByteArray("ERROR: [055]: unable to load info file");
        QTest::newRow("cut in a string") << fixture("info-full-diff-incr.json").left(120);
        QTest::newRow("cut in a big number")
            << fixture("info-huge-numbers.json")
                   .left(fixture("info-huge-numbers.json").indexOf("1844674407370955") + 8);
        QTest::newRow("status code a string")
            << fixture("info-full-diff-incr.json").replace("\"status\":{\"code\":0", "\"status\":{\"code\":\"0\"");
        QTest::newRow("size negative")
            << fixture("info-full-diff-incr.json").replace("\"size\":36877952", "\"size\":-36877952");
        QTest::newRow("size fraction")
            << fixture("info-full-diff-incr.json").replace("\"size\":36877952", "\"size\":3.5");
        QTest::newRow("unknown type")
            << fixture("info-full-diff-incr.json").replace("\"type\":\"diff\"", "\"type\":\"snapshot\"");
        QTest::newRow("error not bool")
            << fixture("info-full-diff-incr.json").replace("\"error\":false", "\"error\":0");
        QTest::newRow("backup list missing") << fixture("info-no-valid-backups.json").replace("\"backup\":[],", "");
        QTest::newRow("stanza not an object") << QByteArray("[1]");
    }

    void malformedAndTruncatedAreErrors()
    {
        QFETCH(QByteArray, json);
        const auto parsed = parseInfo(json);
        QVERIFY(!parsed.ok());
        QVERIFY(parsed.error().code == QLatin1String("pgbackrest.json")
                || parsed.error().code == QLatin1String("pgbackrest.no_stanza"));
        QVERIFY(!parsed.error().message.isEmpty());
    }

    void everyStatusCodeHasWords()
    {
        QSet<QString> seen;
        for (int code : { 0, 1, 2, 3, 4, 5, 6, 99 }) {
            const QString words = describeStatus(code);
            QVERIFY(!words.isEmpty());
            QVERIFY2(!seen.contains(words), qPrintable(words));
            seen.insert(words);
        }
        QVERIFY(describeStatus(42).contains(QLatin1String("42")));
        // Codes 3 to 6 and 99 are failures, with pgBackRest's own message kept as detail.
        for (int code : { 3, 4, 5, 6, 99 }) {
            QByteArray json = fixture("info-full-diff-incr.json");
            json.replace("\"status\":{\"code\":0", "\"status\":{\"code\":" + QByteArray::number(code));
            const auto parsed = parseInfo(json);
            QVERIFY(parsed.ok());
            const auto healthy = healthyStanza(parsed.value(), QStringLiteral("main"));
            QVERIFY2(!healthy.ok(), qPrintable(QString::number(code)));
            QVERIFY(healthy.error().message.contains(describeStatus(code)));
        }
    }
};

QTEST_GUILESS_MAIN(TestPgBackRestInfo)
#include "tst_pgbackrest_info.moc"
