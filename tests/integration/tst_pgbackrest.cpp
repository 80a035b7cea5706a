#include "StanzaSupport.h"
#include "TestSupport.h"
#include "backup/Catalogue.h"
#include "backup/Ledger.h"
#include "backup/PgBackRest.h"
#include "crypto/Keys.h"
#include "records/Seeder.h"
#include "store/Migrator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTest>
#include <pqxx/connection>
#include <pqxx/transaction>

using namespace art32;
using namespace art32::pgbackrest;

/** A real pgBackRest 2.45 against a small cluster of the test's own with a local repository. */
class TestPgBackRest : public QObject
{
    Q_OBJECT

    test::TestStanza m_stanza;

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::freshDatabase(QStringLiteral("art32_pgbackrest"));
        test::migrate(QStringLiteral("art32_pgbackrest"));
        const QString failed = m_stanza.start();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_stanza.exec("CREATE TABLE drill_check (id int PRIMARY KEY, note text)");
        m_stanza.exec("INSERT INTO drill_check SELECT g, 'row ' || g FROM generate_series(1, 1000) g");
        // An art32 database in the stanza's cluster, with accounts, for the drill's erasure ledger (i13-ledger).
        m_stanza.exec("CREATE DATABASE art32_drill");
        pqxx::connection drill(m_stanza.superuser(QStringLiteral("art32_drill")).connectionString());
        auto migrated = Migrator().migrate(drill);
        QVERIFY2(migrated, qPrintable(migrated.error().message));
        m_stanza.exec("INSERT INTO art32.kek_versions (version) VALUES (1); INSERT INTO art32.key_versions (kind, "
                      "version) VALUES ('kek', 1), ('index', 1)",
                      QStringLiteral("art32_drill"));
        auto seeded = Seeder::seed(drill, Seeder::Keys { keys::randomKey(), 1, keys::randomKey(), 1 }, 10, 3);
        QVERIFY2(seeded, qPrintable(seeded.error().message));
    }

    void noBackupYetIsAFailure()
    {
        Runner runner(m_stanza.target());
        const auto raw = runner.rawInfo();
        QVERIFY2(raw.ok(), qPrintable(raw.error().message));
        QCOMPARE(raw->statusCode, int(StanzaStatus::NoValidBackups));
        const auto checked = runner.info();
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, QStringLiteral("pgbackrest.no_backups"));
    }

    void unknownStanzaIsAFailure()
    {
        Target target = m_stanza.target();
        target.stanza = QStringLiteral("nosuch");
        const auto checked = Runner(target).info();
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, QStringLiteral("pgbackrest.missing_stanza"));
    }

    void cancelStopsABackup()
    {
        std::atomic_bool cancel { true };
        const auto label = Runner(m_stanza.target()).backup(BackupType::Full, {}, &cancel);
        QVERIFY(!label.ok());
        QCOMPARE(label.error().code, QStringLiteral("pgbackrest.cancelled"));
        // Stopped with SIGTERM: the lock is released and no set is listed.
        const auto raw = Runner(m_stanza.target()).rawInfo();
        QVERIFY2(raw.ok(), qPrintable(raw.error().message));
        QVERIFY(!raw->backupLockHeld);
        QVERIFY(raw->backups.isEmpty());
    }

    void backupInfoVerifyRestore()
    {
        Runner runner(m_stanza.target());
        QElapsedTimer timer;
        timer.start();
        QList<double> percents;
        const auto label = runner.backup(
            BackupType::Full, [&](double percent, const QString&) { percents.append(percent); }, nullptr);
        QVERIFY2(label.ok(), qPrintable(label.error().message));
        QVERIFY(label->endsWith(QLatin1Char('F')));
        qInfo("backup took %lld ms", timer.restart());
        QVERIFY(percents.size() > 2);
        QCOMPARE(percents.last(), 100.0);

        const auto stanza = runner.info();
        QVERIFY2(stanza.ok(), qPrintable(stanza.error().message));
        QCOMPARE(stanza->statusCode, 0);
        QCOMPARE(stanza->backups.size(), 1);
        const Backup& b = stanza->backups.first();
        QCOMPARE(b.label, label.value());
        QCOMPARE(b.type, BackupType::Full);
        QVERIFY(b.databaseSize > 1000000);
        QVERIFY(b.repoSize > 0);
        QVERIFY(!b.archiveStart.isEmpty());
        QVERIFY(b.stop >= b.start);
        QVERIFY(qAbs(b.stop.secsTo(QDateTime::currentDateTimeUtc())) < 600);

        // A table made after the backup must not be in the copy: the copy is the backup, not the live cluster.
        m_stanza.exec("CREATE TABLE after_backup (id int)");
        // An account erased after the backup: the drill must erase it again in the copy.
        pqxx::connection drill(m_stanza.superuser(QStringLiteral("art32_drill")).connectionString());
        long long erased = 0;
        {
            pqxx::work tx(drill);
            erased = tx.exec("SELECT min(account_id) FROM art32.account_keys")[0][0].as<long long>();
            tx.exec("SELECT art32.erase_account(" + std::to_string(erased) + ", '" + std::to_string(erased) + "')");
            tx.commit();
        }
        const auto ledger = backup::ledger::live(drill);
        QVERIFY2(ledger.ok(), qPrintable(ledger.error().message));
        QCOMPARE(ledger->size(), 1);
        QCOMPARE(ledger->first().accountId, qint64(erased));
        QVERIFY(ledger->first().auditSeq > 0);

        const auto verified = runner.verify({}, nullptr);
        QVERIFY2(verified.ok(), qPrintable(verified.error().message));
        qInfo("verify took %lld ms", timer.restart());

        // info imported into the status model: today has a backup, never verified yet.
        pqxx::connection catalogue(test::superuserProfile(QStringLiteral("art32_pgbackrest")).connectionString());
        const auto ids = importInto(catalogue, stanza.value());
        QVERIFY2(ids.ok(), qPrintable(ids.error().message));
        QCOMPARE(ids->size(), 1);
        QVERIFY(importInto(catalogue, stanza.value()).ok()); // again: the same row, not a second one
        auto snapshot = backup::catalogue::read(catalogue);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        QCOMPARE(snapshot->entries.size(), 1);
        const backup::BackupEntry& entry = snapshot->entries.first();
        QCOMPARE(entry.backend, backup::Backend::PgBackRest);
        QCOMPARE(entry.label, label.value());
        QCOMPARE(entry.state, backup::BackupState::Complete);
        QCOMPARE(entry.sizeBytes, std::optional<qint64>(qint64(b.repoSize)));
        QCOMPARE(entry.started, b.start);
        const WorkingCalendar calendar;
        auto summary = backup::summarise(snapshot->entries, snapshot->checks, snapshot->serverNow, calendar,
                                         snapshot->retentionDays);
        QCOMPARE(summary.days.last().state, backup::DayState::Present);
        QVERIFY(summary.lastGood.has_value());
        QVERIFY(!summary.ageWarning);
        QVERIFY(!summary.lastDrill.has_value());

        // The drill is recorded against the backup: begun before the restore, finished with its time.
        const auto checkId
            = backup::catalogue::checkBegin(catalogue, ids->value(label.value()), backup::CheckEntry::Kind::Drill);
        QVERIFY2(checkId.ok(), qPrintable(checkId.error().message));
        RestoreOptions options;
        options.scratchParent = m_stanza.scratchParent();
        options.user = m_stanza.superuserName();
        options.pgBinDir = m_stanza.pgBinDir();
        options.port = 55434;
        options.erasures = { ledger->first().accountId };
        options.erasureDatabase = QStringLiteral("art32_drill");
        const auto check = runner.restoreCheck(options, {}, nullptr);
        QVERIFY2(check.ok(), qPrintable(check.error().message));
        qInfo("restore check took %lld ms (restore %lld ms)", timer.restart(), check->restoreMs);
        QCOMPARE(check->label, label.value());
        QVERIFY2(check->serverVersion.startsWith(QLatin1String("15")), qPrintable(check->serverVersion));
        QCOMPARE(check->tables, qint64(1));
        QCOMPARE(check->erasuresReapplied, 1);
        QVERIFY(check->restoreMs > 0 && check->totalMs >= check->restoreMs);
        // The scratch copy is gone, the live cluster still answers.
        QCOMPARE(QDir(m_stanza.scratchParent()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
        m_stanza.exec("SELECT count(*) FROM after_backup");

        QVERIFY(backup::catalogue::checkFinish(catalogue, checkId.value(), true, check->restoreMs / 1000.0,
                                               check->erasuresReapplied, QString())
                    .ok());
        snapshot = backup::catalogue::read(catalogue);
        QVERIFY(snapshot.ok());
        summary = backup::summarise(snapshot->entries, snapshot->checks, snapshot->serverNow, calendar,
                                    snapshot->retentionDays);
        QCOMPARE(summary.days.last().state, backup::DayState::Verified);
        QVERIFY(summary.lastDrill.has_value());
        QCOMPARE(summary.lastDrill->erasuresReapplied, 1);
        QVERIFY(qAbs(summary.lastDrillRestoreSeconds - check->restoreMs / 1000.0) < 0.01);
        QVERIFY(summary.drillWithinPromise);
        QVERIFY(!summary.drillOverdue);
    }

    void tamperedRepositoryFailsVerify()
    {
        // One byte changed in a file of the repository: verify must say so, not pass (pgBackRest 2.45 exits 0).
        const QString repo = QDir(m_stanza.root()).filePath(QStringLiteral("repo/backup/main"));
        const QStringList sets = QDir(repo).entryList({ QStringLiteral("*F") }, QDir::Dirs);
        QVERIFY(!sets.isEmpty());
        const QString file = QDir(repo).filePath(sets.first() + QStringLiteral("/pg_data/PG_VERSION"));
        QFile f(file);
        QVERIFY2(f.open(QIODevice::ReadWrite), qPrintable(file));
        const QByteArray original = f.readAll();
        f.seek(0);
        f.write("9");
        f.close();
        const auto verified = Runner(m_stanza.target()).verify({}, nullptr);
        QVERIFY(!verified.ok());
        QCOMPARE(verified.error().code, QStringLiteral("pgbackrest.verify_failed"));
        QVERIFY2(verified.error().message.contains(QLatin1String("checksum invalid: 1")),
                 qPrintable(verified.error().message));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(original);
    }

    void cleanupTestCase() { m_stanza.stop(); }
};

QTEST_GUILESS_MAIN(TestPgBackRest)
#include "tst_pgbackrest.moc"
