#include "TestSupport.h"
#include "core/Versions.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "store/Database.h"
#include "store/Profile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSettings>
#include <QTest>
#include <QUuid>
#include <pqxx/transaction>

using art32::Keychain;
using art32::Profile;

/** `art32ctl demo …` end to end: a real private cluster, the real keychain, the real profile store. */
class TestDemo : public QObject
{
    Q_OBJECT

    QString m_dir;

    using Run = art32::test::ProgramRun;

    /** Runs art32ctl; input goes to its stdin (`--code -` reads the code there); extraEnv adds variables. */
    Run ctl(const QStringList& args, const QByteArray& input = QByteArray(),
            const QList<QPair<QString, QString>>& extraEnv = {})
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("ART32_DEMO_DIR"), m_dir);
        for (const auto& [name, value] : extraEnv)
            env.insert(name, value);
        return art32::test::runProgram(QStringLiteral(ART32CTL_PATH), args, input, env);
    }

    /** Puts the demo server's clock back to real time when it goes out of scope. */
    struct ClockReset
    {
        art32::Database& maint;
        ~ClockReset()
        {
            const auto r = maint.run([](pqxx::connection_base& c) {
                pqxx::work tx(c);
                tx.exec("DELETE FROM art32.test_clock");
                tx.commit();
            });
            if (!r)
                qWarning("could not reset the demo clock: %s", qPrintable(r.error().message));
        }
    };

    static QByteArray demoPassword() { return Keychain().readNow(art32::DemoCluster().profile().passwordKey()).secret; }

    QString demoCode(const QString& admin, int step)
    {
        const Run r = ctl({ QStringLiteral("demo"), QStringLiteral("code"), QStringLiteral("--admin"), admin,
                            QStringLiteral("--step"), QString::number(step) });
        return r.exitCode == 0 ? r.out.trimmed() : QString();
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        art32::setApplicationIdentity(); // the same settings file as art32ctl
        m_dir = qEnvironmentVariable("ART32_TEST_WORKDIR") + QStringLiteral("/demo-")
            + QUuid::createUuid().toString(QUuid::Id128).left(8);
        qputenv("ART32_DEMO_DIR", m_dir.toLocal8Bit());
    }

    void statusBeforeUp()
    {
        const Run r = ctl({ QStringLiteral("demo"), QStringLiteral("status") });
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.out.contains(QLatin1String("initialised: no")));
    }

    void upCreatesClusterProfileAndKeychainEntry()
    {
        const Run r = ctl({ QStringLiteral("demo"), QStringLiteral("up") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("Demo database is up")));
        QVERIFY(r.err.contains(QLatin1String("Applied migration 0001_foundation")));
        QVERIFY(r.err.contains(QLatin1String("Applied migration 0002_unlock")));
        for (const char* admin : { "demo_cto", "demo_sysadmin", "demo_auditor" }) {
            QVERIFY(
                r.out.contains(QStringLiteral("otpauth://totp/Art32%20Console:%1?secret=").arg(QLatin1String(admin))));
            QVERIFY(art32::ProfileStore().find(QLatin1String(admin)));
            QCOMPARE(Keychain().readNow(art32::DemoCluster().profile(QLatin1String(admin)).privateKeyKey()).status,
                     Keychain::Status::Ok);
        }

        const QByteArray password = demoPassword();
        QCOMPARE(password.size(), 43); // 32 random bytes, base64 without padding
        QVERIFY(!r.out.toUtf8().contains(password) && !r.err.toUtf8().contains(password));

        const auto profile = art32::ProfileStore().find(QStringLiteral("demo_cto"));
        QVERIFY(profile);
        QVERIFY(profile->demo);
        QCOMPARE(profile->host, m_dir + QStringLiteral("/run"));
        QFile settingsFile(QSettings().fileName());
        QVERIFY(settingsFile.open(QIODevice::ReadOnly));
        QVERIFY(!settingsFile.readAll().contains(password));

        QCOMPARE(QFileInfo(m_dir + QStringLiteral("/pgdata")).permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFileDevice::Permissions());

        // Issue 11 item 9: demo up spent only codes of past steps, so the code each authenticator shows now (and
        // the next one) unlocks at once.
        art32::Database maint(art32::DemoCluster(m_dir).maintenanceProfile(QStringLiteral("art32")));
        QVERIFY(maint.openWithoutPassword());
        const auto spent = maint.run([](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            const pqxx::row r = tx.exec("SELECT count(*), count(*) FILTER (WHERE t.last_counter >= "
                                        "floor(extract(epoch FROM art32.now()) / 30)) FROM art32.admin_totp t")[0];
            return std::pair<int, int>(r[0].as<int>(), r[1].as<int>());
        });
        QVERIFY2(spent, qPrintable(spent.error().message));
        QCOMPARE(spent.value().first, 3); // the three demo admins are enrolled...
        QCOMPARE(spent.value().second, 0); // ...and none has the code of this step (or a later one) spent
    }

    void demoProfileConnectsWithItsKeychainPassword()
    {
        const Profile profile = art32::ProfileStore().find(QStringLiteral("demo_cto")).value();
        art32::Database db(profile);
        QVERIFY(db.open(art32::SecureBytes::fromByteArray(demoPassword())));
        const auto row = db.run([](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            return tx.exec(
                "SELECT session_user::text, pg_has_role('art32_cto', 'member'), "
                "current_setting('listen_addresses'), (SELECT max(version) FROM art32.schema_migrations)")[0];
        });
        QVERIFY2(row, qPrintable(row.error().message));
        QCOMPARE(row.value()[0].as<std::string>(), std::string("demo_cto"));
        QVERIFY(row.value()[1].as<bool>());
        QCOMPARE(row.value()[2].as<std::string>(), std::string()); // no TCP listener at all
        QVERIFY(row.value()[3].as<int>() >= 2);

        art32::Database wrong(profile);
        const auto refused = wrong.open(art32::SecureBytes::fromByteArray(QByteArrayLiteral("guess")));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("db.auth"));
    }

    void upIsIdempotent()
    {
        const QByteArray before = demoPassword();
        const Run r = ctl({ QStringLiteral("demo"), QStringLiteral("up") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!r.err.contains(QLatin1String("Creating")));
        QCOMPARE(demoPassword(), before);
    }

    void envAndDbStatus()
    {
        const Run env = ctl({ QStringLiteral("demo"), QStringLiteral("env") });
        QCOMPARE(env.exitCode, 0);
        QVERIFY2(env.out.contains(QStringLiteral("export PGHOST='%1/run'\n").arg(m_dir)), qPrintable(env.out));
        QVERIFY(env.out.contains(QLatin1String("export PGDATABASE='art32'\n")));
        // What the issue asked for: eval it and psql works, as the maintenance role, without a password.
        const QString script = QStringLiteral("eval \"$(ART32_DEMO_DIR='%1' '%2' demo env)\" && psql -XAtc 'SELECT "
                                              "current_database()'")
                                   .arg(m_dir, QStringLiteral(ART32CTL_PATH));
        const Run psql = art32::test::runProgram(QStringLiteral("bash"), { QStringLiteral("-c"), script });
        QVERIFY2(psql.exitCode == 0, qPrintable(psql.err));
        QCOMPARE(psql.out.trimmed(), QStringLiteral("art32"));

        const Run status = ctl({ QStringLiteral("--profile"), QStringLiteral("demo_cto"), QStringLiteral("db"),
                                 QStringLiteral("status") });
        QVERIFY2(status.exitCode == 0, qPrintable(status.err));
        QVERIFY(status.out.contains(QLatin1String("up to date")));
    }

    void cliUnlocksWithTheCodeOnce()
    {
        const QString code = demoCode(QStringLiteral("demo_auditor"), 1);
        QCOMPARE(code.size(), 6);
        const QStringList args { QStringLiteral("--profile"), QStringLiteral("demo_auditor"), QStringLiteral("--code"),
                                 QStringLiteral("-"),         QStringLiteral("admin"),        QStringLiteral("list") };
        // While it waits for the code on stdin, other local users see no code in its command line.
        QProcess waiting;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ART32_DEMO_DIR"), m_dir);
        waiting.setProcessEnvironment(env);
        waiting.start(QStringLiteral(ART32CTL_PATH), args);
        QVERIFY(waiting.waitForStarted());
        QTest::qWait(300);
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(waiting.processId()));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        const QByteArray seen = cmdline.readAll();
        QVERIFY(seen.contains("--code"));
        QVERIFY(!seen.contains(code.toLatin1()));
        waiting.write(code.toLatin1() + '\n');
        waiting.closeWriteChannel();
        QVERIFY(waiting.waitForFinished(60000));
        const Run list { waiting.exitCode(), QString::fromUtf8(waiting.readAllStandardOutput()),
                         QString::fromUtf8(waiting.readAllStandardError()) };
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        QVERIFY(list.out.contains(QLatin1String("demo_cto\tcto\tenrolled\tactive")));
        QVERIFY(list.out.contains(QLatin1String("demo_sysadmin\tsysadmin\tenrolled")));
        // The same code again, on a new connection: refused as a replay.
        const Run again = ctl(args, code.toLatin1() + '\n');
        QCOMPARE(again.exitCode, 5); // refused
        QVERIFY(again.err.contains(QLatin1String("used already")));
    }

    void accessGrantThroughTheCommandLine()
    {
        const Run seeded = ctl(
            { QStringLiteral("demo"), QStringLiteral("seed"), QStringLiteral("--accounts"), QStringLiteral("5") });
        QVERIFY2(seeded.exitCode == 0, qPrintable(seeded.err));
        // This period's codes were used by demo up: move the demo server 90 s ahead (superuser-only hook, through
        // the maintenance role) and take the code of that period.
        art32::Database maint(art32::DemoCluster(m_dir).maintenanceProfile(QStringLiteral("art32")));
        QVERIFY(maint.openWithoutPassword());
        QVERIFY(maint.run([](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec("INSERT INTO art32.test_clock (offset_by) VALUES (interval '90 seconds') "
                    "ON CONFLICT (singleton) DO UPDATE SET offset_by = EXCLUDED.offset_by");
            tx.commit();
        }));
        // The clock goes back however this test ends (a failed check returns early).
        const ClockReset reset { maint };
        const Run granted
            = ctl({ QStringLiteral("--profile"), QStringLiteral("demo_cto"), QStringLiteral("--code"),
                    QStringLiteral("-"), QStringLiteral("access"), QStringLiteral("grant"), QStringLiteral("--admin"),
                    QStringLiteral("demo_sysadmin"), QStringLiteral("--account"), QStringLiteral("1"),
                    QStringLiteral("--reason"), QStringLiteral("ticket 12: correction"), QStringLiteral("--minutes"),
                    QStringLiteral("30") },
                  demoCode(QStringLiteral("demo_cto"), 3).toLatin1());
        QVERIFY2(granted.exitCode == 0, qPrintable(granted.err));
        QVERIFY(granted.out.contains(QLatin1String("may read account 1 for 30 minutes")));
        const QString grantId = granted.out.section(QLatin1String("(grant "), 1).section(QLatin1Char(')'), 0, 0);
        // The auditor reads the grants; the CTO revokes it.
        const Run listed
            = ctl({ QStringLiteral("--profile"), QStringLiteral("demo_auditor"), QStringLiteral("--code"),
                    QStringLiteral("-"), QStringLiteral("access"), QStringLiteral("list"), QStringLiteral("--active") },
                  demoCode(QStringLiteral("demo_auditor"), 3).toLatin1());
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        QVERIFY2(listed.out.contains(grantId + QLatin1String("\tdemo_sysadmin\taccount 1\tactive")),
                 qPrintable(listed.out));
        // A code in the arguments still works, with a warning that others can see it.
        const Run revoked = ctl({ QStringLiteral("--profile"), QStringLiteral("demo_cto"), QStringLiteral("--code"),
                                  demoCode(QStringLiteral("demo_cto"), 4), QStringLiteral("access"),
                                  QStringLiteral("revoke"), QStringLiteral("--grant"), grantId });
        QVERIFY(revoked.err.contains(QLatin1String("visible to other local users")));
        QVERIFY2(revoked.exitCode == 0, qPrintable(revoked.err));
        QVERIFY(revoked.out.contains(QLatin1String("revoked")));
        const auto revokedGrants = maint.run([](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            return tx
                .exec("SELECT count(*) FROM art32.access_grants g JOIN art32.admins a ON a.id = g.admin_id "
                      "WHERE a.login = 'demo_sysadmin' AND g.account_id = 1 AND g.revoked_at IS NOT NULL")[0][0]
                .as<int>();
        });
        QVERIFY2(revokedGrants, qPrintable(revokedGrants.error().message));
        QCOMPARE(revokedGrants.value(), 1);
    }

    void demoCodeOnlyForDemoProfiles()
    {
        const Run add
            = ctl({ QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("prod"),
                    QStringLiteral("--host"), QStringLiteral("db.example.nl"), QStringLiteral("--database"),
                    QStringLiteral("art32"), QStringLiteral("--user"), QStringLiteral("alice") });
        QVERIFY2(add.exitCode == 0, qPrintable(add.err));
        const Run code = ctl(
            { QStringLiteral("demo"), QStringLiteral("code"), QStringLiteral("--admin"), QStringLiteral("prod") });
        QCOMPARE(code.exitCode, 5); // refused
        QVERIFY(code.err.contains(QLatin1String("not a demo profile")));
        QCOMPARE(ctl({ QStringLiteral("profile"), QStringLiteral("remove"), QStringLiteral("prod") }).exitCode, 0);
    }

    void aSetUpCutShortIsDoneAgain()
    {
        // As if the last set-up stopped after initdb (a crash): the marker is missing. The next up must not
        // keep a cluster whose access rules may never have been written; it starts over and ends usable.
        QVERIFY(QFile::remove(m_dir + QStringLiteral("/art32-ready")));
        const Run status = ctl({ QStringLiteral("demo"), QStringLiteral("status") });
        QVERIFY(status.out.contains(QLatin1String("initialised: no")));
        const Run up = ctl({ QStringLiteral("demo"), QStringLiteral("up") });
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        QVERIFY(up.err.contains(QLatin1String("Creating the demo cluster")));
        QCOMPARE(ctl({ QStringLiteral("demo"), QStringLiteral("status") }).exitCode, 0);
        const Profile profile = art32::ProfileStore().find(QStringLiteral("demo_cto")).value();
        art32::Database db(profile);
        QVERIFY(db.open(art32::SecureBytes::fromByteArray(demoPassword())));
    }

    void downThenUpAgain()
    {
        QCOMPARE(ctl({ QStringLiteral("demo"), QStringLiteral("down") }).exitCode, 0);
        const Run stopped = ctl({ QStringLiteral("demo"), QStringLiteral("status") });
        QCOMPARE(stopped.exitCode, 3);
        QVERIFY(stopped.out.contains(QLatin1String("running: no")));
        QCOMPARE(ctl({ QStringLiteral("demo"), QStringLiteral("down") }).exitCode, 0); // already down: fine
        // Also when the user's language translates pg_ctl's messages: the console reads its exit codes.
        const Run german = ctl({ QStringLiteral("demo"), QStringLiteral("down") }, QByteArray(),
                               { { QStringLiteral("LANGUAGE"), QStringLiteral("de") } });
        QVERIFY2(german.exitCode == 0, qPrintable(german.err));
        const Run up = ctl({ QStringLiteral("demo"), QStringLiteral("up") });
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        QCOMPARE(ctl({ QStringLiteral("demo"), QStringLiteral("status") }).exitCode, 0);
    }

    void destroyRemovesEverything()
    {
        const Run r = ctl({ QStringLiteral("demo"), QStringLiteral("destroy") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(m_dir));
        for (const char* admin : { "demo_cto", "demo_sysadmin", "demo_auditor" }) {
            const Profile p = art32::DemoCluster().profile(QLatin1String(admin));
            QVERIFY(!art32::ProfileStore().find(p.name));
            for (const QString& key : { p.passwordKey(), p.privateKeyKey(), p.demoTotpKey() })
                QCOMPARE(Keychain().readNow(key).status, Keychain::Status::NotFound);
        }
    }

    void unknownCommandIsAUsageError()
    {
        const Run r = ctl({ QStringLiteral("demo"), QStringLiteral("explode") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QLatin1String("usage")));
    }

    void cleanupTestCase()
    {
        if (QFileInfo::exists(m_dir))
            ctl({ QStringLiteral("demo"), QStringLiteral("destroy") });
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
