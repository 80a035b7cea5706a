#include "SecuritySupport.h"
#include "backup/Ledger.h"
#include "backup/Native.h"
#include "crypto/Keys.h"
#include "demo/DemoCluster.h"
#include "records/Seeder.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <pqxx/connection>
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

    void cleanupTestCase()
    {
        test::forgetAdmins(m_keychain, { &m_admins.cto, &m_admins.sysadmin, &m_admins.auditor });
        test::superuserExec(QStringLiteral("postgres"), "DROP DATABASE IF EXISTS tst_attacks_ledger_r WITH (FORCE)");
    }

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

    // Write access to the backup directory without the backup key: two backups, erasures after each, and the
    // ledger file cut back to the older backup's seal (past the newer one's anchor). Restoring the older backup, its
    // own anchor alone would accept the shorter, valid file, and with the live database gone the erasures made
    // between the two backups would come back. The restore checks the newest anchor it can know: the catalogue's
    // while the live database is reachable, the directory's authenticated headers when it is not (0026).
    void aLedgerCutBackPastANewerAnchorIsRefused()
    {
        {
            pqxx::connection super(test::superuserProfile(m_db).connectionString());
            const SecureBytes kek = keys::randomKey();
            const SecureBytes index = keys::randomKey();
            auto seeded = Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 6, 5);
            QVERIFY2(seeded, qPrintable(seeded.error().message));
        }
        auto withKeys = [&] {
            return test::superuserCount(m_db,
                                        "SELECT min(a.id) FROM art32.accounts a WHERE a.status <> 'erased' AND EXISTS "
                                        "(SELECT 1 FROM art32.account_keys k WHERE k.account_id = a.id)");
        };
        auto erase = [&](long long id) {
            test::superuserExec(m_db,
                                "SELECT art32.erase_account(" + std::to_string(id) + ", '" + std::to_string(id) + "')");
        };
        backup::Target target;
        target.pgBinDir = DemoCluster::serverBinaries().value();
        target.backupDir = QDir(m_dir.path()).filePath(QStringLiteral("cut"));
        target.connection = test::superuserProfile(m_db);
        Database live(target.connection);
        QVERIFY(live.openWithoutPassword());

        auto older = backup::run(live, target, m_key);
        QVERIFY2(older, qPrintable(older.error().message));
        const int olderAnchor = older->header.ledgerEntries;
        QVERIFY(olderAnchor >= 2);
        const long long between = withKeys();
        erase(between);
        auto newer = backup::run(live, target, m_key);
        QVERIFY2(newer, qPrintable(newer.error().message));
        QCOMPARE(newer->header.ledgerEntries, olderAnchor + 1);
        const long long since = withKeys();
        QVERIFY(since > between);
        erase(since);
        QVERIFY(backup::syncLedger(live, target.backupDir, m_key));

        const QString path = backup::ledger::pathIn(target.backupDir);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray intact = f.readAll();
        f.close();
        // The cut: everything after the older backup's seal, a well-formed file of olderAnchor entries.
        QList<QByteArray> lines = intact.split('\n');
        QByteArray cut;
        for (const QByteArray& line : lines) {
            cut += line + '\n';
            if (line.startsWith("S " + QByteArray::number(olderAnchor) + ' '))
                break;
        }
        auto write = [&](const QByteArray& text) {
            QFile w(path);
            QVERIFY(w.open(QIODevice::WriteOnly | QIODevice::Truncate));
            w.write(text);
        };
        write(cut);
        auto read = backup::ledger::read(path, m_key);
        QVERIFY2(read, qPrintable(read.error().message));
        QCOMPARE(read->entries.size(), olderAnchor);

        const QString to = QStringLiteral("tst_attacks_ledger_r");
        auto restoreOlder = [&](Database& db, bool liveReachable) {
            test::superuserExec(QStringLiteral("postgres"),
                                "DROP DATABASE IF EXISTS tst_attacks_ledger_r WITH (FORCE)");
            backup::RestoreOptions o;
            o.mode = backup::Mode::Restore;
            o.targetDatabase = to;
            o.liveReachable = liveReachable;
            return backup::restore(db, target, older->file, m_key, o);
        };
        // The live database reachable: its catalogue holds the newer backup's anchor. Refused before the sync could
        // extend the cut file (which would leave the newer backup's anchor unmatched for good).
        auto refusedLive = restoreOlder(live, true);
        QVERIFY(!refusedLive);
        QCOMPARE(refusedLive.error().code, QStringLiteral("backup.ledger.truncated"));
        QCOMPARE(backup::ledger::read(path, m_key)->entries.size(), olderAnchor); // not extended
        // Review 20: `backup ledger check` makes the same check and names both lengths (it only authenticated the
        // lines before, and passed the cut file).
        auto checked = backup::checkLedger(live, target.backupDir, m_key);
        QVERIFY(!checked);
        QCOMPARE(checked.error().code, QStringLiteral("backup.ledger.truncated"));
        QVERIFY2(checked.error().message.contains(QStringLiteral("holds %1 erasures").arg(olderAnchor))
                     && checked.error().message.contains(QStringLiteral("held %1").arg(olderAnchor + 1)),
                 qPrintable(checked.error().message));
        // The live database gone: the newer backup's authenticated header.
        live.close();
        Database server(test::superuserProfile(QStringLiteral("postgres")));
        QVERIFY(server.openWithoutPassword());
        auto refused = restoreOlder(server, false);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("backup.ledger.truncated"));
        QVERIFY2(refused.error().message.contains(QString::number(olderAnchor))
                     && refused.error().message.contains(QString::number(olderAnchor + 1)),
                 qPrintable(refused.error().message));
        QCOMPARE(test::superuserCount(QStringLiteral("postgres"),
                                      "SELECT count(*) FROM pg_database WHERE datname = 'tst_attacks_ledger_r'"),
                 0LL);

        // A header is authenticated, not just parsed: a copy of the newer backup whose plaintext header claims a
        // longer ledger (which would block every restore) fails authentication and is not taken as an anchor.
        {
            QFile n(newer->file);
            QVERIFY(n.open(QIODevice::ReadOnly));
            QByteArray bytes = n.readAll();
            n.close();
            const QByteArray claim = "\"entries\":\"" + QByteArray::number(olderAnchor + 1) + "\"";
            const int at = bytes.indexOf(claim);
            QVERIFY(at > 0 && at < 65536 && olderAnchor + 1 < 9);
            bytes[at + claim.size() - 2] = '9';
            QFile forged(QDir(target.backupDir).filePath(QStringLiteral("29991231T000000.000Z.art32bak")));
            QVERIFY(forged.open(QIODevice::WriteOnly));
            forged.write(bytes);
            forged.close();
            QCOMPARE(backup::readHeader(forged.fileName())->ledgerEntries, 9);
        }
        // With the intact file: accepted, and both erasures are made again in the restored copy.
        write(intact);
        auto restored = restoreOlder(server, false);
        QVERIFY2(restored, qPrintable(restored.error().message));
        QCOMPARE(restored->erasuresReapplied, 2);
        for (long long id : { between, since })
            QCOMPARE(test::superuserCount(
                         to, "SELECT count(*) FROM art32.account_keys WHERE account_id = " + std::to_string(id)),
                     0LL);
    }

    // Review 20: a backup operator (here the backup role) begins a run and finishes it with an invented anchor, far
    // longer than the ledger, under the directory's ledger key id (readable in the catalogue). While the live
    // database is reachable every restore of the directory, and `backup ledger check`, then refuse: the refusal says
    // the truth (the catalogue row, the login that recorded the anchor, and that the anchor may be false), and the
    // backup.finish event holds the server's own ledger length beside it.
    void anInventedAnchorIsNamedInTheRefusal()
    {
        const QString dir = QDir::cleanPath(m_dir.path());
        auto before = backup::checkLedger(*m_backup, dir, m_key);
        QVERIFY2(before, qPrintable(before.error().message));
        const int entries = before->entries.size();
        QVERIFY(entries >= 2);
        const std::string file = QDir(dir).filePath(QStringLiteral("r20-invented.art32bak")).toStdString();
        const std::string id
            = test::scalar(*m_backup, "SELECT id FROM art32.backup_begin('r20-invented.art32bak', '" + file + "')")
                  .value_or("");
        QVERIFY(!id.empty());
        QCOMPARE(test::sqlstate(*m_backup,
                                "SELECT art32.backup_finish(" + id
                                    + ", true, 1, '15', '{}', NULL, 1000000, repeat('ab', 32), '"
                                    + backup::ledger::keyIdHex(m_key).toStdString() + "')"),
                 std::string());
        auto refused = backup::checkLedger(*m_backup, dir, m_key);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("backup.ledger.truncated"));
        const QString m = refused.error().message;
        QVERIFY2(m.contains(QStringLiteral("catalogue #%1").arg(QString::fromStdString(id)))
                     && m.contains(QStringLiteral("tst_al_backup")) && m.contains(QStringLiteral("anchor is false"))
                     && m.contains(QStringLiteral("1000000")) && m.contains(QStringLiteral("holds %1").arg(entries)),
                 qPrintable(m));
        // The audit log shows the anchor beside the server's own ledger length (0029).
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.audit_events WHERE action = 'backup.finish' AND "
                                      "object = '"
                                          + id
                                          + "' AND actor = 'tst_al_backup' AND (detail->>'ledger_entries')::int "
                                            "= 1000000 AND (detail->>'live_entries')::int = (SELECT count(*) "
                                            "FROM art32.erasure_ledger)"),
                 1LL);
    }
};

QTEST_GUILESS_MAIN(TestAttacksLedger)
#include "tst_attacks_ledger.moc"
