#include "TestSupport.h"
#include "store/Migrator.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <future>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

using art32::Migrator;
using art32::Profile;

/** The migration runner against fresh databases of the harness's PostgreSQL. */
class TestMigrator : public QObject
{
    Q_OBJECT

    static std::unique_ptr<pqxx::connection> connect(const QString& database)
    {
        return std::make_unique<pqxx::connection>(art32::test::superuserProfile(database).connectionString());
    }

    static long long count(pqxx::connection_base& c, const std::string& sql)
    {
        pqxx::nontransaction tx(c);
        return tx.exec(sql)[0][0].as<long long>();
    }

    static void write(const QTemporaryDir& dir, const QString& name, const QByteArray& sql)
    {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(sql);
    }

    /**
     * The bookkeeping rows are exactly the embedded files: each version once, with its name and checksum, and
     * applied in version order (each file's transaction starts only after the one before committed, whichever
     * migrator applied it, so applied_at rises with the version).
     */
    static void compareWithEmbedded(pqxx::connection_base& c)
    {
        const auto files = Migrator().available();
        QVERIFY(files);
        QStringList expected;
        for (const art32::Migration& m : files.value())
            expected << m.label() + QLatin1Char(' ') + m.checksum;
        QStringList applied;
        pqxx::nontransaction tx(c);
        for (const auto& row : tx.exec("SELECT version, name, checksum FROM art32.schema_migrations "
                                       "ORDER BY applied_at, version")) {
            art32::Migration m;
            m.version = row[0].as<int>();
            m.name = QString::fromStdString(row[1].as<std::string>());
            applied << m.label() + QLatin1Char(' ') + QString::fromStdString(row[2].as<std::string>());
        }
        QCOMPARE(applied, expected);
    }

private slots:
    void initTestCase() { ART32_REQUIRE_SERVICES(); }

    void appliesEmbeddedMigrationsOnce()
    {
        art32::test::freshDatabase(QStringLiteral("tst_migrator"));
        auto connPtr = connect(QStringLiteral("tst_migrator"));
        auto& conn = *connPtr;
        Migrator migrator;
        const auto before = migrator.status(conn);
        QVERIFY(before);
        QCOMPARE(before->current, 0);
        QVERIFY(before->pending.contains(1));

        int reported = 0;
        const auto after = migrator.migrate(conn, [&](int, int, const art32::Migration&) { ++reported; });
        QVERIFY2(after, qPrintable(after.error().message));
        QCOMPARE(after->current, after->latest);
        QVERIFY(after->pending.isEmpty());
        QCOMPARE(reported, before->pending.size()); // numbers may have gaps while branches merge
        compareWithEmbedded(conn);
        QCOMPARE(count(conn,
                       "SELECT count(*) FROM pg_roles WHERE rolname IN "
                       "('art32_owner','art32_cto','art32_sysadmin','art32_auditor','art32_platform','art32_backup')"),
                 6LL);
        QCOMPARE(count(conn,
                       "SELECT count(*) FROM pg_roles WHERE rolname IN ('art32_owner','art32_cto','art32_sysadmin',"
                       "'art32_auditor','art32_platform','art32_backup') AND rolcanlogin"),
                 0LL);

        const long long rows = count(conn, "SELECT count(*) FROM art32.schema_migrations");
        const auto again = migrator.migrate(conn, [&](int, int, const art32::Migration&) { ++reported; });
        QVERIFY(again);
        QCOMPARE(reported, before->pending.size()); // numbers may have gaps while branches merge // nothing applied the second time
        QCOMPARE(count(conn, "SELECT count(*) FROM art32.schema_migrations"), rows);
    }

    void failingMigrationIsRolledBack()
    {
        art32::test::freshDatabase(QStringLiteral("tst_migrator_fail"));
        QTemporaryDir dir;
        write(dir, QStringLiteral("0001_good.sql"), "CREATE TABLE art32.good (a int);");
        write(dir, QStringLiteral("0002_bad.sql"), "CREATE TABLE art32.half (a int);\nSELECT no_such_function();");
        write(dir, QStringLiteral("0003_later.sql"), "CREATE TABLE art32.later (a int);");
        auto connPtr = connect(QStringLiteral("tst_migrator_fail"));
        auto& conn = *connPtr;
        const auto r = Migrator(dir.path()).migrate(conn);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("migrate.failed"));
        QVERIFY(r.error().message.contains(QLatin1String("0002_bad")));
        QCOMPARE(count(conn, "SELECT max(version) FROM art32.schema_migrations"), 1LL);
        QCOMPARE(count(conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'art32' AND tablename = 'good'"), 1LL);
        // Nothing of the failed file and nothing after it.
        QCOMPARE(
            count(conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'art32' AND tablename IN ('half', 'later')"),
            0LL);
    }

    void refusesADatabaseNewerThanTheProgram()
    {
        auto connPtr = connect(QStringLiteral("tst_migrator"));
        auto& conn = *connPtr;
        {
            pqxx::work tx(conn);
            tx.exec_params("INSERT INTO art32.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", 9999,
                           "from_the_future", "0");
            tx.commit();
        }
        Migrator migrator;
        const auto status = migrator.status(conn);
        QVERIFY(status);
        QVERIFY(status->databaseNewer());
        const auto r = migrator.migrate(conn);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("migrate.newer"));
        QVERIFY(r.error().message.contains(QLatin1String("9999")));
        pqxx::work tx(conn);
        tx.exec("DELETE FROM art32.schema_migrations WHERE version = 9999");
        tx.commit();
    }

    void noticesAnAppliedMigrationThatChanged()
    {
        auto connPtr = connect(QStringLiteral("tst_migrator"));
        auto& conn = *connPtr;
        {
            pqxx::work tx(conn);
            tx.exec("UPDATE art32.schema_migrations SET checksum = 'edited' WHERE version = 1");
            tx.commit();
        }
        const auto status = Migrator().status(conn);
        QVERIFY(status);
        QCOMPARE(status->modified, QList<int> { 1 });
    }

    void concurrentMigratorsApplyEachVersionOnce()
    {
        art32::test::freshDatabase(QStringLiteral("tst_migrator_race"));
        auto run = [] {
            auto connPtr = connect(QStringLiteral("tst_migrator_race"));
            return Migrator().migrate(*connPtr).ok();
        };
        auto a = std::async(std::launch::async, run);
        auto b = std::async(std::launch::async, run);
        QVERIFY(a.get());
        QVERIFY(b.get());
        auto connPtr = connect(QStringLiteral("tst_migrator_race"));
        auto& conn = *connPtr;
        compareWithEmbedded(conn);
    }
};

QTEST_GUILESS_MAIN(TestMigrator)
#include "tst_migrator.moc"
