#include "SecuritySupport.h"
#include "backup/Ledger.h"
#include "backup/Native.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <sodium.h>

using namespace art32;
using test::kInsufficientPrivilege;

/**
 * Attacks on the erasure ledger (migration 0022 and the ledger file outside the database, i13-ledger), each as the
 * role an attacker holds: a sysadmin or auditor with psql, the backup role's password, the owner role, and write
 * access to the backup directory without the backup key. Goal of each: make an erased account come back after a
 * restore, by removing or changing its ledger row or its line in the file, or by forging the file.
 */
class TestAttacksLedger : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_ledger");
    Keychain m_keychain { QStringLiteral("Art32 Console ledger attacks %1").arg(QUuid::createUuid().toString()) };
    test::ThreeAdmins m_admins;
    std::string m_pw;
    std::unique_ptr<Database> m_backup; ///< a login of art32_backup
    QTemporaryDir m_dir;
    SecureBytes m_key;
    std::string m_erased; ///< an erased account's id

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        m_admins = test::threeAdmins(m_db, QStringLiteral("tst_al"), m_keychain);
        m_pw = "svc-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_al_backup"), m_pw, QStringLiteral("art32_backup"));
        m_backup = test::loginAs(m_db, QStringLiteral("tst_al_backup"), m_pw);
        QVERIFY(m_backup);
        // Two accounts, both erased: the ledger has two rows.
        test::superuserExec(m_db,
                            "INSERT INTO art32.accounts (id, company_name, plan) VALUES (901, 'A', 'free'), "
                            "(902, 'B', 'free')");
        test::superuserExec(m_db, "SELECT art32.erase_account(901, '901'), art32.erase_account(902, '902')");
        m_erased = "901";
        m_key = backup::generateKey();
        QVERIFY(m_dir.isValid());
        auto synced = backup::syncLedger(*m_backup, m_dir.path(), m_key);
        QVERIFY2(synced, qPrintable(synced.error().message));
        QCOMPARE(synced->total, 2);
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_admins.cto, &m_admins.sysadmin, &m_admins.auditor }); }

    // psql as any login, unlocked or not: no ledger row is removed, changed or emptied.
    void nobodyRemovesLedgerRows()
    {
        auto sys = test::unlockedAs(m_db, m_admins.sysadmin, m_keychain, m_admins.offset);
        auto cto = test::unlockedAs(m_db, m_admins.cto, m_keychain, m_admins.offset);
        QVERIFY(sys && cto);
        for (Database* db : { sys.get(), cto.get(), m_backup.get() }) {
            QCOMPARE(test::sqlstate(*db, "DELETE FROM art32.erasure_ledger WHERE account_id = " + m_erased),
                     std::string(kInsufficientPrivilege));
            QCOMPARE(
                test::sqlstate(*db, "UPDATE art32.erasure_ledger SET account_id = 1 WHERE account_id = " + m_erased),
                std::string(kInsufficientPrivilege));
            QCOMPARE(test::sqlstate(*db, "TRUNCATE art32.erasure_ledger"), std::string(kInsufficientPrivilege));
        }
        // Not even the owner role (a migration, a definer function gone wrong): the table is append-only.
        for (const char* sql : { "DELETE FROM art32.erasure_ledger", "UPDATE art32.erasure_ledger SET erased_by = 'x'",
                                 "TRUNCATE art32.erasure_ledger" }) {
            bool refused = false;
            try {
                test::superuserExec(m_db, std::string("SET ROLE art32_owner; ") + sql);
            } catch (const std::exception& e) {
                refused = std::string(e.what()).find("append-only") != std::string::npos;
            }
            QVERIFY2(refused, sql);
        }
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.erasure_ledger"), 2LL);
    }

    // The file's contents come only from backup operators: a locked sysadmin, an auditor, the platform are refused.
    void onlyBackupOperatorsReadTheLedgerForTheFile()
    {
        auto lockedSys = test::loginAs(m_admins.sysadmin, m_keychain);
        auto aud = test::unlockedAs(m_db, m_admins.auditor, m_keychain, m_admins.offset);
        QVERIFY(lockedSys && aud);
        QCOMPARE(test::sqlstate(*lockedSys, "SELECT * FROM art32.backup_ledger()"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*aud, "SELECT * FROM art32.backup_ledger()"), std::string(kInsufficientPrivilege));
        QCOMPARE(test::rowsOf(*m_backup, "SELECT * FROM art32.backup_ledger()"), std::optional<long long>(2));
    }

    // Write access to the backup directory without the backup key: every forgery of the file is caught.
    void aForgedLedgerFileIsRefused()
    {
        const QString path = backup::ledger::pathIn(m_dir.path());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray good = f.readAll();
        f.close();
        auto put = [&](const QByteArray& text) {
            QFile w(path);
            w.open(QIODevice::WriteOnly | QIODevice::Truncate);
            w.write(text);
            w.close();
            return backup::ledger::read(path, m_key);
        };
        QList<QByteArray> lines = good.split('\n');
        QVERIFY(lines.size() >= 5); // first line, two entries, a seal, and the end
        // 1. Drop the first erasure's line: the chain breaks.
        QList<QByteArray> dropped = lines;
        dropped.removeAt(1);
        auto r = put(dropped.join('\n'));
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("backup.ledger.tampered"));
        // 2. Rewrite an entry's account id (and keep its MAC): refused.
        QList<QByteArray> changed = lines;
        changed[1].replace(" 901 ", " 777 ");
        changed[2].replace(" 901 ", " 777 ");
        r = put(changed.join('\n'));
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("backup.ledger.tampered"));
        // 3. The attacker's own key behind the real key id: MACs an outsider computes do not match.
        const SecureBytes own = backup::generateKey();
        QList<QByteArray> forged { lines.first() };
        {
            unsigned char mac[32];
            const QByteArray body = "S 0 0";
            crypto_generichash(mac, sizeof mac, reinterpret_cast<const unsigned char*>(body.constData()),
                               static_cast<unsigned long long>(body.size()), own.data(), own.size());
            forged << body + ' ' + QByteArray(reinterpret_cast<const char*>(mac), 32).toHex() << QByteArray();
        }
        r = put(forged.join('\n'));
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("backup.ledger.tampered"));
        // 4. A whole file written under another key: not ours.
        QFile::remove(path);
        QVERIFY(backup::ledger::sync(path, own,
                                     { { 5, QDateTime::currentDateTimeUtc(), QDateTime::currentDateTimeUtc(), 1 } }));
        r = backup::ledger::read(path, m_key);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("backup.ledger.wrongkey"));
        // A sync does not extend a damaged or foreign file either; the true one reads again.
        QVERIFY(!backup::syncLedger(*m_backup, m_dir.path(), m_key));
        QVERIFY(put(good));
        QCOMPARE(backup::ledger::read(path, m_key)->entries.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestAttacksLedger)
#include "tst_attacks_ledger.moc"
