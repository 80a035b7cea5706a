#include "SecuritySupport.h"

#include <QTest>
#include <QUuid>

using namespace art32;
using test::kInsufficientPrivilege;

namespace {
constexpr const char* kInvalid = "22023"; // invalid_parameter_value: the definer function's own refusal
}

/**
 * Attacks on what migration 0021 added (i13-gui): cancelled runs and checks, pgBackRest's expired sets, the
 * console's request before a native job. Each as the role an attacker holds (an auditor or sysadmin with psql, the
 * backup role's password). Goals: turn a failure into a harmless "cancelled", hide a failed pgBackRest set by
 * expiring it, expire native backups, or run a job from the console as an auditor.
 */
class TestAttacksBackupJobs : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_backupjobs");
    Keychain m_keychain { QStringLiteral("Art32 Console backup job attacks %1").arg(QUuid::createUuid().toString()) };
    test::ThreeAdmins m_admins;
    qint64 m_offset = 0;
    std::string m_pw;
    std::unique_ptr<Database> m_backup; ///< a login of art32_backup
    std::unique_ptr<Database> m_backup2; ///< another one

    std::string one(Database& db, const std::string& sql) { return test::scalar(db, sql).value_or(""); }

    std::string begun(Database& db)
    {
        const std::string label = "x-" + QUuid::createUuid().toString(QUuid::Id128).toStdString() + ".art32bak";
        return one(db, "SELECT id FROM art32.backup_begin('" + label + "', '/tmp/" + label + "')");
    }
    std::string complete(Database& db)
    {
        const std::string id = begun(db);
        test::sqlstate(db, "SELECT art32.backup_finish(" + id + ", true, 100, '15', '{\"art32.accounts\": 1}', NULL)");
        return id;
    }
    std::string state(const std::string& backup)
    {
        return test::scalar(*m_backup, "SELECT state FROM art32.backups WHERE id = " + backup).value_or("?");
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        m_admins = test::threeAdmins(m_db, QStringLiteral("tst_abj"), m_keychain);
        m_offset = m_admins.offset;
        m_pw = "svc-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_abj_backup"), m_pw, QStringLiteral("art32_backup"));
        test::createLoginRole(QStringLiteral("tst_abj_backup2"), m_pw, QStringLiteral("art32_backup"));
        m_backup = test::loginAs(m_db, QStringLiteral("tst_abj_backup"), m_pw);
        m_backup2 = test::loginAs(m_db, QStringLiteral("tst_abj_backup2"), m_pw);
        QVERIFY(m_backup && m_backup2);
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_admins.cto, &m_admins.sysadmin, &m_admins.auditor }); }

    // The console asks the server before a native job: an auditor (unlocked or not), a locked sysadmin and the
    // backup role are refused; an unlocked sysadmin is recorded under its own name.
    void onlyAnUnlockedOperatorRequestsAJob()
    {
        auto aud = test::unlockedAs(m_db, m_admins.auditor, m_keychain, m_offset);
        auto lockedSys = test::loginAs(m_admins.sysadmin, m_keychain);
        QVERIFY(aud && lockedSys);
        for (Database* db : { aud.get(), lockedSys.get(), m_backup.get() })
            QCOMPARE(test::sqlstate(*db, "SELECT art32.backup_requested('run', NULL)"),
                     std::string(kInsufficientPrivilege));
        auto sys = test::unlockedAs(m_db, m_admins.sysadmin, m_keychain, m_offset);
        QVERIFY(sys);
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.backup_requested('prune', NULL)"), std::string(kInvalid));
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.backup_requested('run', NULL)"), std::string());
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.audit_events WHERE action = 'backup.requested' AND "
                                      "actor = '"
                                          + m_admins.sysadmin.profile.user.toStdString() + "'"),
                 1LL);
    }

    // A failure cannot be rewritten as "cancelled": only a running run or check, only by the login that began it.
    void cancelHidesNoFailure()
    {
        auto aud = test::unlockedAs(m_db, m_admins.auditor, m_keychain, m_offset);
        QVERIFY(aud);
        // A failed run, a complete one, and one still running (of the first login).
        const std::string failed = begun(*m_backup);
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_finish(" + failed + ", false, NULL, NULL, NULL, 'x')"),
                 std::string());
        const std::string done = complete(*m_backup);
        const std::string running = begun(*m_backup);
        for (const std::string& id : { failed, done })
            QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_cancelled(" + id + ", 'oops')"),
                     std::string(kInvalid));
        QCOMPARE(test::sqlstate(*m_backup2, "SELECT art32.backup_cancelled(" + running + ", 'not mine')"),
                 std::string(kInvalid));
        QCOMPARE(test::sqlstate(*aud, "SELECT art32.backup_cancelled(" + running + ", 'x')"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(state(failed), std::string("failed"));
        QCOMPARE(state(done), std::string("complete"));
        QCOMPARE(state(running), std::string("running"));
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_cancelled(" + running + ", 'stopped')"), std::string());
        QCOMPARE(state(running), std::string("cancelled"));
        // Once: a cancelled run is not finished as complete afterwards.
        QCOMPARE(
            test::sqlstate(*m_backup, "SELECT art32.backup_finish(" + running + ", true, 1, '15', '{\"a\": 1}', NULL)"),
            std::string(kInvalid));

        // Checks: a failed verify stays failed, another login's running check stays running.
        const std::string failedCheck = one(*m_backup, "SELECT art32.backup_check_begin(" + done + ", 'verify')");
        QCOMPARE(test::sqlstate(*m_backup,
                                "SELECT art32.backup_check_finish(" + failedCheck + ", false, NULL, 0, 'mismatch')"),
                 std::string());
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_check_cancelled(" + failedCheck + ", 'x')"),
                 std::string(kInvalid));
        const std::string runningCheck = one(*m_backup, "SELECT art32.backup_check_begin(" + done + ", 'drill')");
        QCOMPARE(test::sqlstate(*m_backup2, "SELECT art32.backup_check_cancelled(" + runningCheck + ", 'x')"),
                 std::string(kInvalid));
        QCOMPARE(test::sqlstate(*aud, "SELECT art32.backup_check_cancelled(" + runningCheck + ", 'x')"),
                 std::string(kInsufficientPrivilege));
        for (Database* db : { aud.get(), m_backup.get() })
            QCOMPARE(test::sqlstate(*db,
                                    "UPDATE art32.backup_checks SET cancelled = true, ok = NULL, finished_at = "
                                    "now() WHERE id = "
                                        + failedCheck),
                     std::string(kInsufficientPrivilege));
        QCOMPARE(
            one(*m_backup, "SELECT ok::text || cancelled::text FROM art32.backup_checks WHERE id = " + failedCheck),
            std::string("falsefalse"));
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_check_cancelled(" + runningCheck + ", 'stopped')"),
                 std::string());
        QCOMPARE(one(*m_backup,
                     "SELECT coalesce(ok::text, 'none') || cancelled::text FROM art32.backup_checks WHERE id = "
                         + runningCheck),
                 std::string("nonetrue"));
        // And a cancelled check cannot be given a verdict afterwards.
        QCOMPARE(
            test::sqlstate(*m_backup, "SELECT art32.backup_check_finish(" + runningCheck + ", true, 1.0, 0, NULL)"),
            std::string(kInvalid));
    }

    // Expiry marks only complete pgBackRest sets: no native backup, no recorded failure, and never by an auditor.
    void expiryHidesNoFailureAndTouchesNoNativeBackup()
    {
        auto aud = test::unlockedAs(m_db, m_admins.auditor, m_keychain, m_offset);
        QVERIFY(aud);
        const std::string native = complete(*m_backup);
        const std::string good = one(*m_backup,
                                     "SELECT art32.backup_import('pgbackrest', 'P-good', now() - interval '2 days', "
                                     "now() - interval '2 days', 10, '15', true, NULL)");
        const std::string bad = one(*m_backup,
                                    "SELECT art32.backup_import('pgbackrest', 'P-bad', now() - interval '1 day', "
                                    "now() - interval '1 day', 10, '15', false, 'checksum errors')");
        QVERIFY(!good.empty() && !bad.empty());
        QCOMPARE(test::sqlstate(*aud, "SELECT art32.backup_expire_missing('pgbackrest', '{}')"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_expire_missing('native', '{}')"),
                 std::string(kInvalid));
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_expire_missing('pgbackrest', NULL)"),
                 std::string(kInvalid));
        QCOMPARE(one(*m_backup, "SELECT art32.backup_expire_missing('pgbackrest', '{}')"), std::string("1"));
        QCOMPARE(state(native), std::string("complete"));
        QCOMPARE(state(good), std::string("expired"));
        QCOMPARE(state(bad), std::string("failed")); // the failure stays on the record
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.audit_events WHERE action = 'backup.expired'"),
                 1LL);
    }
};

QTEST_GUILESS_MAIN(TestAttacksBackupJobs)
#include "tst_attacks_backupjobs.moc"
