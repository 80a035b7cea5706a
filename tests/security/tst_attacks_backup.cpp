#include "SecuritySupport.h"
#include "backup/Catalogue.h"
#include "backup/Native.h"
#include "demo/DemoCluster.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <algorithm>
#include <pqxx/connection>
#include <sys/stat.h>

using namespace art32;
using test::kInsufficientPrivilege;

namespace {
constexpr const char* kInvalid = "22023"; // invalid_parameter_value: the definer function's own refusal
}

/**
 * Attacks on the backup catalogue (migration 0014) and the backup key, each as the role an attacker holds: a
 * sysadmin or auditor with psql, and the backup role's password (the timers' login). Goal of each: make the
 * status say "backed up" or "verified" when it is not, hide a failure, remove recent backups from the record, or
 * read the backup key.
 */
class TestAttacksBackup : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_backup");
    Keychain m_keychain { QStringLiteral("Art32 Console backup attacks %1").arg(QUuid::createUuid().toString()) };
    test::ThreeAdmins m_admins;
    qint64 m_offset = 0;
    std::string m_pw;
    std::unique_ptr<Database> m_backup; ///< a login of art32_backup
    std::unique_ptr<Database> m_backup2; ///< another one
    std::string m_complete; ///< id of a complete backup
    std::string m_failed; ///< id of a failed run

    std::string one(Database& db, const std::string& sql) { return test::scalar(db, sql).value_or(""); }

    /** A native run begun and finished by this login. */
    std::string madeBy(Database& db, bool ok)
    {
        const std::string label = "x-" + QUuid::createUuid().toString(QUuid::Id128).toStdString() + ".art32bak";
        const std::string id = one(db, "SELECT id FROM art32.backup_begin('" + label + "', '/tmp/" + label + "')");
        test::sqlstate(db,
                       "SELECT art32.backup_finish(" + id + ", " + (ok ? "true" : "false")
                           + ", 100, '15', '{\"art32.accounts\": 1}', 'disk full')");
        return id;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        m_admins = test::threeAdmins(m_db, QStringLiteral("tst_ab"), m_keychain);
        m_offset = m_admins.offset;
        m_pw = "svc-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_ab_backup"), m_pw, QStringLiteral("art32_backup"));
        test::createLoginRole(QStringLiteral("tst_ab_backup2"), m_pw, QStringLiteral("art32_backup"));
        m_backup = test::loginAs(m_db, QStringLiteral("tst_ab_backup"), m_pw);
        m_backup2 = test::loginAs(m_db, QStringLiteral("tst_ab_backup2"), m_pw);
        QVERIFY(m_backup && m_backup2);
        m_complete = madeBy(*m_backup, true);
        m_failed = madeBy(*m_backup, false);
        QCOMPARE(test::superuserCount(
                     m_db, "SELECT count(*) FROM art32.backups WHERE state = 'complete' AND id = " + m_complete),
                 1LL);
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_admins.cto, &m_admins.sysadmin, &m_admins.auditor }); }

    // psql as any role: no row of the catalogue is written, changed or deleted except through the functions.
    void nobodyWritesTheCatalogueDirectly()
    {
        auto sys = test::unlockedAs(m_db, m_admins.sysadmin, m_keychain, m_offset);
        auto aud = test::unlockedAs(m_db, m_admins.auditor, m_keychain, m_offset);
        auto cto = test::unlockedAs(m_db, m_admins.cto, m_keychain, m_offset);
        QVERIFY(sys && aud && cto);
        for (Database* db : { sys.get(), aud.get(), cto.get(), m_backup.get() }) {
            for (const std::string& sql : {
                     std::string("INSERT INTO art32.backups (backend, label, started_at, state) VALUES ('native', "
                                 "'forged', now() - interval '1 day', 'complete')"),
                     "UPDATE art32.backups SET state = 'complete', error = NULL WHERE id = " + m_failed,
                     "UPDATE art32.backups SET started_at = now() - interval '40 days' WHERE id = " + m_complete,
                     "DELETE FROM art32.backups WHERE id = " + m_failed,
                     "INSERT INTO art32.backup_checks (backup_id, kind, started_at, finished_at, ok) VALUES ("
                         + m_complete + ", 'verify', now(), now(), true)",
                     std::string("UPDATE art32.backup_checks SET ok = true"),
                     std::string("DELETE FROM art32.backup_checks"),
                     std::string("TRUNCATE art32.backups CASCADE"),
                     // 0026: the server's time of the first report is no caller's to choose.
                     std::string("UPDATE art32.backups SET reported_at = started_at"),
                 })
                QVERIFY2(test::sqlstate(*db, sql) == kInsufficientPrivilege, sql.c_str());
        }
        // Everybody reads it: the admins when unlocked, the backup role always.
        QVERIFY(test::rowsOf(*aud, "SELECT * FROM art32.backups").value_or(0) >= 2);
        QVERIFY(test::rowsOf(*m_backup, "SELECT * FROM art32.backups").value_or(0) >= 2);
        auto locked = test::loginAs(m_admins.auditor, m_keychain);
        QCOMPARE(test::rowsOf(*locked, "SELECT * FROM art32.backups"), std::optional<long long>(0));
    }

    // The auditor reads backup status and may record nothing; a locked sysadmin neither.
    void auditorsAndLockedAdminsRecordNothing()
    {
        auto aud = test::unlockedAs(m_db, m_admins.auditor, m_keychain, m_offset);
        auto lockedSys = test::loginAs(m_admins.sysadmin, m_keychain);
        QVERIFY(aud && lockedSys);
        for (Database* db : { aud.get(), lockedSys.get() }) {
            for (const std::string& sql : {
                     std::string("SELECT art32.backup_begin('a.art32bak', '/tmp/a.art32bak')"),
                     "SELECT art32.backup_check_begin(" + m_complete + ", 'verify')",
                     "SELECT art32.backup_pruned(" + m_failed + ")",
                     std::string("SELECT art32.backup_import('pgbackrest', 'l', now() - interval '1 h', now(), 1, "
                                 "'15', true, NULL)"),
                     std::string("SELECT * FROM art32.backup_erasures()"),
                 })
                QVERIFY2(test::sqlstate(*db, sql) == kInsufficientPrivilege, sql.c_str());
        }
    }

    // The backup role (or a sysadmin) records a fake "verified": no time can be chosen, a failed run cannot be
    // verified, a check cannot be finished twice, by another login, or with a restore longer than the check.
    void aFakeVerificationIsBoundToRealTimeAndItsOwnRun()
    {
        // No verification of a failed run, nor of one that does not exist.
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_check_begin(" + m_failed + ", 'verify')"),
                 std::string(kInvalid));
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_check_begin(999999, 'verify')"), std::string(kInvalid));
        // The check's start is the server's now, whatever the caller wants.
        const std::string check = one(*m_backup, "SELECT art32.backup_check_begin(" + m_complete + ", 'verify')");
        QVERIFY(!check.empty());
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.backup_checks WHERE id = " + check
                                          + " AND abs(extract(epoch FROM started_at - art32.now())) < 60"),
                 1LL);
        // Another login cannot finish it.
        QCOMPARE(test::sqlstate(*m_backup2, "SELECT art32.backup_check_finish(" + check + ", true, 1, 0, NULL)"),
                 std::string(kInvalid));
        auto sys = test::unlockedAs(m_db, m_admins.sysadmin, m_keychain, m_offset);
        QVERIFY(sys);
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.backup_check_finish(" + check + ", true, 1, 0, NULL)"),
                 std::string(kInvalid));
        // A restore of a day in a check that began a moment ago: refused (the drill would look slow or fast at will).
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_check_finish(" + check + ", true, 86400, 0, NULL)"),
                 std::string(kInvalid));
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_check_finish(" + check + ", true, -1, 0, NULL)"),
                 std::string(kInvalid));
        // A failure, once recorded, stays: finishing again as "ok" is refused.
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_check_finish(" + check + ", false, 0, 0, 'bad')"),
                 std::string());
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_check_finish(" + check + ", true, 0, 0, NULL)"),
                 std::string(kInvalid));
        QCOMPARE(test::superuserCount(
                     m_db, "SELECT count(*) FROM art32.backup_checks WHERE id = " + check + " AND ok = false"),
                 1LL);
        // And every step is in the audit trail, by login.
        QVERIFY(test::superuserCount(m_db,
                                     "SELECT count(*) FROM art32.audit_events WHERE action = 'backup.check' "
                                     "AND actor = 'tst_ab_backup'")
                >= 1);
    }

    // Runs: a failed run cannot be turned complete, another login's run cannot be finished, and a native run cannot
    // be "imported" with a chosen date.
    void aRunCannotBeForgedOrRewritten()
    {
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_finish(" + m_failed + ", true, 100, '15', '{}', NULL)"),
                 std::string(kInvalid));
        const std::string running
            = one(*m_backup, "SELECT id FROM art32.backup_begin('r.art32bak', '/tmp/r.art32bak')");
        QCOMPARE(test::sqlstate(*m_backup2, "SELECT art32.backup_finish(" + running + ", true, 1, '15', '{}', NULL)"),
                 std::string(kInvalid));
        QCOMPARE(test::sqlstate(*m_backup,
                                "SELECT art32.backup_import('native', 'old.art32bak', now() - interval "
                                "'3 days', now() - interval '3 days', 1, '15', true, NULL)"),
                 std::string(kInvalid));
        QCOMPARE(test::sqlstate(*m_backup,
                                "SELECT art32.backup_import('pgbackrest', 'future', now() + interval "
                                "'1 day', now() + interval '1 day', 1, '15', true, NULL)"),
                 std::string(kInvalid));
        // A complete backup without row counts is no backup.
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_finish(" + running + ", true, NULL, '15', NULL, NULL)"),
                 std::string(kInvalid));
    }

    // Prune: recent backups cannot be dropped from the record, neither by the backup role nor by a CTO.
    void recentBackupsCannotBeMarkedPruned()
    {
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_pruned(" + m_complete + ")"), std::string(kInvalid));
        auto cto = test::unlockedAs(m_db, m_admins.cto, m_keychain, m_offset);
        QVERIFY(cto);
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.backup_pruned(" + m_complete + ")"), std::string(kInvalid));
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.backups WHERE state = 'pruned'"), 0LL);
    }

    // The backup role never reaches a key: not the KEK (sealed keys), not the backup key (never in the database).
    void theBackupRoleReadsNoKey()
    {
        QCOMPARE(test::sqlstate(*m_backup, "SELECT * FROM art32.sealed_keys"), std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*m_backup, "SELECT * FROM art32.platform_sealed_keys"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*m_backup, "SELECT * FROM art32.account_keys"), std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.platform_keys()"), std::string(kInsufficientPrivilege));
    }

    // The backup key on disk: a key file readable by others is refused (another local user could copy it); the
    // backup file and its directory are the owner's only, and the key appears nowhere in the file.
    void theBackupKeyStaysWithItsOwner()
    {
        QTemporaryDir dir;
        const QString keyPath = dir.filePath(QStringLiteral("k"));
        const SecureBytes key = backup::generateKey();
        QVERIFY(backup::writeKeyFile(keyPath, key, false));
        for (mode_t mode : { mode_t(0640), mode_t(0604), mode_t(0660), mode_t(0602) }) {
            ::chmod(QFile::encodeName(keyPath).constData(), mode);
            QCOMPARE(backup::readKeyFile(keyPath).error().code, QStringLiteral("backup.keyfile.mode"));
        }
        ::chmod(QFile::encodeName(keyPath).constData(), 0600);
        // A symlink to a key is not followed (it could point at someone else's file).
        const QString link = dir.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(keyPath, link));
        QVERIFY(!backup::readKeyFile(link));

        backup::Target target;
        target.pgBinDir = DemoCluster::serverBinaries().value();
        target.backupDir = dir.filePath(QStringLiteral("b"));
        target.connection = test::superuserProfile(m_db);
        Database super(target.connection);
        QVERIFY(super.openWithoutPassword());
        auto run = backup::run(super, target, key);
        QVERIFY2(run, qPrintable(run.error().message));
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(run->file).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QCOMPARE(::stat(QFile::encodeName(target.backupDir).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0700));
        QFile f(run->file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(!bytes.contains(key.view()));
        QVERIFY(!bytes.contains(backup::keyToText(key).trimmed()));
        // The dump inside is encrypted: the names of our tables do not appear after the header.
        QVERIFY(!bytes.mid(65536).contains("erasure_ledger"));
    }

    // Review 21: someone with write access to the backup directory (not the key) puts an older authentic set in the
    // place of the newest one: a copy under its name, or a symlink named like it. Verify took the catalogue row from
    // the file's name alone, so the timer's next `verify --latest` restored the older set and recorded the newest
    // run as verified. The authenticated header names its own catalogue row; a file whose header names another row
    // than its name's is refused before anything is restored, and recorded as a failed check of that row.
    void aSwappedFileCannotVerifyAnotherRun()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const SecureBytes key = backup::generateKey();
        backup::Target target;
        target.pgBinDir = DemoCluster::serverBinaries().value();
        target.backupDir = dir.filePath(QStringLiteral("b"));
        target.connection = test::superuserProfile(m_db);
        Database timer(target.connection);
        QVERIFY(timer.openWithoutPassword());
        auto older = backup::run(timer, target, key);
        QVERIFY2(older, qPrintable(older.error().message));
        auto newer = backup::run(timer, target, key);
        QVERIFY2(newer, qPrintable(newer.error().message));
        QVERIFY(older->file != newer->file);
        const std::string newerId = std::to_string(newer->catalogueId);
        auto checksOfNewer = [&] {
            return test::superuserCount(m_db, "SELECT count(*) FROM art32.backup_checks WHERE backup_id = " + newerId);
        };
        QCOMPARE(checksOfNewer(), 0LL);
        for (bool asLink : { false, true }) {
            // The attacker: the newest file removed, the older one in its place.
            QVERIFY(QFile::remove(newer->file));
            QVERIFY(asLink ? QFile::link(older->file, newer->file) : QFile::copy(older->file, newer->file));
            backup::RestoreOptions o;
            o.mode = backup::Mode::Verify;
            auto r = backup::restore(timer, target, newer->file, key, o);
            QVERIFY2(!r,
                     asLink ? "a symlink to an older set verified the newest run" : "a copy verified the newest run");
            QCOMPARE(r.error().code, QStringLiteral("backup.mismatch"));
            QVERIFY2(r.error().message.contains(QString::number(older->catalogueId)), qPrintable(r.error().message));
            // Recorded as what it is: the newest run's file failed its check.
            QCOMPARE(test::superuserCount(m_db,
                                          "SELECT count(*) FROM art32.backup_checks WHERE ok IS NOT FALSE AND "
                                          "backup_id = "
                                              + newerId),
                     0LL);
            QCOMPARE(checksOfNewer(), asLink ? 2LL : 1LL);
        }
        // The older set under its own name still verifies and is recorded against its own row.
        backup::RestoreOptions o;
        o.mode = backup::Mode::Verify;
        auto own = backup::restore(timer, target, older->file, key, o);
        QVERIFY2(own, qPrintable(own.error().message));
        QVERIFY(own->checkId > 0);
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.backup_checks WHERE ok AND backup_id = "
                                          + std::to_string(older->catalogueId)),
                 1LL);
    }

    // Review 21: format confusion by someone who may write the backup directory (not the key): the prefix's version
    // and the plaintext header's disagree (either way), a version-1 header that names zstd, a format-2 header edited
    // to a codec this program does not know. Each is refused by the header's own check, with no key (readHeader), and
    // so before a restore creates a scratch database or starts pg_restore. The version is also bound into every
    // chunk (the prefix is their associated data), so editing both agree fails at the first chunk.
    void aFormatConfusionIsRefusedBeforeAnythingRuns()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const SecureBytes key = backup::generateKey();
        backup::Target target;
        target.pgBinDir = DemoCluster::serverBinaries().value();
        target.backupDir = dir.filePath(QStringLiteral("b"));
        target.connection = test::superuserProfile(m_db);
        Database timer(target.connection);
        QVERIFY(timer.openWithoutPassword());
        auto v2 = backup::run(timer, target, key);
        QVERIFY2(v2, qPrintable(v2.error().message));
        backup::Target pgdump = target;
        pgdump.codec = backup::Target::Codec::PgDump;
        auto v1 = backup::run(timer, pgdump, key);
        QVERIFY2(v1, qPrintable(v1.error().message));
        auto bytesOf = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray two = bytesOf(v2->file);
        const QByteArray one = bytesOf(v1->file);
        QCOMPARE(static_cast<int>(two.at(9)), 2);
        QCOMPARE(static_cast<int>(one.at(9)), 1);
        // The header JSON at byte 64, its length in bytes 12-15 (big-endian; not bound into the chunks).
        auto withHeader = [](QByteArray file, const QByteArray& from, const QByteArray& to) {
            const quint32 len = (quint32(quint8(file.at(12))) << 24) | (quint32(quint8(file.at(13))) << 16)
                | (quint32(quint8(file.at(14))) << 8) | quint32(quint8(file.at(15)));
            QByteArray json = file.mid(64, static_cast<int>(len));
            if (!json.contains(from))
                return QByteArray();
            json.replace(from, to);
            QByteArray region
                = json + QByteArray(static_cast<int>(len) - json.size() > 0 ? len - json.size() : 0, '\0');
            file.replace(64, std::max<int>(static_cast<int>(len), json.size()), region);
            const quint32 n = static_cast<quint32>(json.size());
            for (int i = 0; i < 4; ++i)
                file[12 + i] = static_cast<char>(n >> (24 - 8 * i));
            return file;
        };
        auto withPrefixVersion = [](QByteArray file, int v) {
            file[9] = static_cast<char>(v);
            return file;
        };
        struct Forgery
        {
            const char* what;
            QByteArray bytes;
            const char* code;
        };
        const QList<Forgery> forgeries {
            { "prefix 1, header 2 (zstd)", withPrefixVersion(two, 1), "backup.tampered" },
            { "prefix 2, header 1", withPrefixVersion(one, 2), "backup.tampered" },
            { "a version-1 header naming zstd", withHeader(one, "\"format\":1", "\"codec\":\"zstd\",\"format\":1"),
              "backup.tampered" },
            { "prefix and header 1, codec zstd kept",
              withPrefixVersion(withHeader(two, "\"format\":2", "\"format\":1"), 1), "backup.tampered" },
            { "prefix and header 2, no codec", withPrefixVersion(withHeader(one, "\"format\":1", "\"format\":2"), 2),
              "backup.tampered" },
            { "the codec edited", withHeader(two, "\"codec\":\"zstd\"", "\"codec\":\"zstx\""), "backup.tampered" },
            { "the codec edited to none", withHeader(two, "\"codec\":\"zstd\"", "\"codec\":\"\""), "backup.tampered" },
        };
        const auto scratch = [&] {
            return test::superuserCount(QStringLiteral("postgres"),
                                        "SELECT count(*) FROM pg_database WHERE datname LIKE 'art32_scratch%'");
        };
        const qint64 before = scratch();
        for (const Forgery& f : forgeries) {
            QVERIFY2(!f.bytes.isEmpty() && f.bytes.size() >= 65536, f.what);
            const QString path = QDir(target.backupDir).filePath(QStringLiteral("forged.art32bak"));
            QFile::remove(path);
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(f.bytes);
            out.close();
            auto plain = backup::readHeader(path);
            QVERIFY2(!plain, f.what);
            QVERIFY2(plain.error().code == QLatin1String(f.code),
                     qPrintable(plain.error().code + QLatin1Char(' ') + QLatin1String(f.what)));
            backup::RestoreOptions o;
            o.mode = backup::Mode::Verify;
            auto r = backup::restore(timer, target, path, key, o);
            QVERIFY2(!r, f.what);
            QVERIFY2(r.error().code == QLatin1String(f.code),
                     qPrintable(r.error().code + QLatin1Char(' ') + QLatin1String(f.what)));
            QCOMPARE(scratch(), before);
        }
        // The versions edited to agree in the prefix alone would need the header too; both edited, a header that
        // itself is well formed (format 1 without codec, on a zstd stream) fails at the first chunk, whose associated
        // data is the prefix as written.
        QByteArray both = withPrefixVersion(withHeader(two, "\"format\":2", "\"format\":1"), 1);
        both = withHeader(both, "\"codec\":\"zstd\",", "");
        if (both.isEmpty())
            QSKIP("the header's field order differs from what this test edits");
        const QString path = QDir(target.backupDir).filePath(QStringLiteral("forged.art32bak"));
        QFile::remove(path);
        {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(both);
        }
        QVERIFY(backup::readHeader(path)); // well formed
        backup::RestoreOptions o;
        o.mode = backup::Mode::Verify;
        auto r = backup::restore(timer, target, path, key, o);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("backup.tampered"));
        QVERIFY2(r.error().message.contains(QStringLiteral("fails authentication")), qPrintable(r.error().message));
        QCOMPARE(scratch(), before);
    }

    // The backup role (or an unlocked sysadmin or CTO with psql) imports pgBackRest sets that never existed: one for
    // a past day, one that claims to have finished an hour ago after starting two days ago. The server cannot see the
    // repository; it stamps when it first heard of a set (0026), and the status model treats a set reported more than
    // 26 h after its start as unproven: neither day turns Present, and the last good backup and its age stay what
    // they were. Each import is audited as late. (Runs last: it moves the server's clock.)
    void aBackfilledSetProvesNothing()
    {
        // Every real backup of this database is three days old now: the age warning is on.
        test::superuserExec(m_db,
                            "INSERT INTO art32.test_clock (offset_by) VALUES (interval '3 days') "
                            "ON CONFLICT (singleton) DO UPDATE SET offset_by = EXCLUDED.offset_by");
        auto status = [&] {
            pqxx::connection c(test::superuserProfile(m_db).connectionString());
            auto snap = backup::catalogue::read(c);
            return std::make_pair(snap.value(),
                                  backup::summarise(snap->entries, snap->checks, snap->serverNow, WorkingCalendar(),
                                                    snap->retentionDays));
        };
        const backup::Summary was = status().second;
        QVERIFY(was.lastGood.has_value());
        QVERIFY(was.ageWarning);
        QVERIFY(was.lastGoodAgeSeconds > 2 * 86400);

        const std::string past = one(*m_backup,
                                     "SELECT art32.backup_import('pgbackrest', 'F-past', art32.now() - interval "
                                     "'5 days', art32.now() - interval '5 days' + interval '10 minutes', 10, '15', "
                                     "true, NULL)");
        const std::string fresh = one(*m_backup,
                                      "SELECT art32.backup_import('pgbackrest', 'F-fresh', art32.now() - interval "
                                      "'2 days', art32.now() - interval '1 hour', 10, '15', true, NULL)");
        QVERIFY(!past.empty() && !fresh.empty());
        // The same label again (as the next `pgbackrest info` would give): still the first report's time.
        QVERIFY(!one(*m_backup,
                     "SELECT art32.backup_import('pgbackrest', 'F-past', (SELECT started_at FROM art32.backups WHERE "
                     "id = "
                         + past + "), (SELECT finished_at FROM art32.backups WHERE id = " + past
                         + "), 10, '15', true, NULL)")
                     .empty());

        const auto [after, now] = status();
        const QTimeZone zone = WorkingCalendar().config().zone;
        for (const std::string& id : { past, fresh }) {
            const auto it = std::find_if(after.entries.begin(), after.entries.end(),
                                         [&](const backup::BackupEntry& e) { return e.id == std::stoll(id); });
            QVERIFY(it != after.entries.end());
            for (const backup::DayStatus& d : now.days) {
                if (d.date == it->started.toTimeZone(zone).date())
                    QVERIFY2(d.state != backup::DayState::Present && d.state != backup::DayState::Verified,
                             qPrintable(it->label));
            }
            QCOMPARE(test::superuserCount(m_db,
                                          "SELECT count(DISTINCT detail->>'reported') FROM art32.audit_events WHERE "
                                          "action = 'backup.import' AND object = '"
                                              + id + "'"),
                     1LL);
            QCOMPARE(test::superuserCount(m_db,
                                          "SELECT count(*) FROM art32.audit_events WHERE action = 'backup.import' "
                                          "AND object = '"
                                              + id + "' AND detail->>'late' = 'true' AND actor = 'tst_ab_backup'"),
                     id == past ? 2LL : 1LL);
        }
        QCOMPARE(now.goodDays, was.goodDays);
        QVERIFY(now.lastGood.has_value());
        QCOMPARE(now.lastGood->id, was.lastGood->id);
        QVERIFY(now.ageWarning);
        QVERIFY(now.lastGoodAgeSeconds > 2 * 86400);
        QCOMPARE(now.retentionCovered, was.retentionCovered);
        test::superuserExec(m_db, "DELETE FROM art32.test_clock");
    }
    // Review 19: a re-import of a label reported in time moved its finish (and a failed set's outcome) to "a minute
    // ago" days later, keeping the first report's time: the old set became the last good backup and cleared the age
    // warning. A changed finish or outcome is a new report (0028).
    void aReimportCannotMoveAnOldSetsFinish()
    {
        test::superuserExec(m_db, "DELETE FROM art32.test_clock");
        const std::string shifted = one(*m_backup,
                                        "SELECT art32.backup_import('pgbackrest', 'R19-shift', art32.now() - interval "
                                        "'1 hour', art32.now() - interval '50 minutes', 10, '15', true, NULL)");
        const std::string flipped = one(*m_backup,
                                        "SELECT art32.backup_import('pgbackrest', 'R19-flip', art32.now() - interval "
                                        "'1 hour', NULL, NULL, '15', false, 'placeholder')");
        QVERIFY(!shifted.empty() && !flipped.empty());
        test::superuserExec(m_db,
                            "INSERT INTO art32.test_clock (offset_by) VALUES (interval '4 days') "
                            "ON CONFLICT (singleton) DO UPDATE SET offset_by = EXCLUDED.offset_by");
        auto status = [&] {
            pqxx::connection c(test::superuserProfile(m_db).connectionString());
            auto snap = backup::catalogue::read(c);
            return backup::summarise(snap->entries, snap->checks, snap->serverNow, WorkingCalendar(),
                                     snap->retentionDays);
        };
        const backup::Summary was = status();
        QVERIFY(was.ageWarning);
        QVERIFY(was.lastGoodAgeSeconds > 3 * 86400);
        for (const std::string& id : { shifted, flipped }) {
            QVERIFY(!one(*m_backup,
                         "SELECT art32.backup_import('pgbackrest', (SELECT label FROM art32.backups WHERE id = " + id
                             + "), (SELECT started_at FROM art32.backups WHERE id = " + id
                             + "), art32.now() - interval '1 minute', 10, '15', true, NULL)")
                         .empty());
            // The new report is audited as late (its start is four days before it).
            QCOMPARE(test::superuserCount(m_db,
                                          "SELECT count(*) FROM art32.audit_events WHERE action = 'backup.import' "
                                          "AND object = '"
                                              + id + "' AND detail->>'late' = 'true'"),
                     1LL);
        }
        const backup::Summary now = status();
        QVERIFY(now.lastGood.has_value());
        QVERIFY2(now.lastGood->label != QLatin1String("R19-shift") && now.lastGood->label != QLatin1String("R19-flip"),
                 qPrintable(now.lastGood->label));
        QVERIFY(now.ageWarning);
        QVERIFY(now.lastGoodAgeSeconds > 3 * 86400);
        // An unchanged re-import (the next `pgbackrest info`) keeps the report time: an honest set is not made late.
        test::superuserExec(m_db, "DELETE FROM art32.test_clock");
        const std::string honest = one(*m_backup,
                                       "SELECT art32.backup_import('pgbackrest', 'R19-honest', art32.now() - interval "
                                       "'1 hour', date_trunc('second', art32.now() - interval '50 minutes'), 10, "
                                       "'15', true, NULL)");
        test::superuserExec(m_db,
                            "INSERT INTO art32.test_clock (offset_by) VALUES (interval '2 days') "
                            "ON CONFLICT (singleton) DO UPDATE SET offset_by = EXCLUDED.offset_by");
        QVERIFY(!one(*m_backup,
                     "SELECT art32.backup_import('pgbackrest', 'R19-honest', (SELECT started_at FROM art32.backups "
                     "WHERE id = "
                         + honest + "), (SELECT finished_at FROM art32.backups WHERE id = " + honest
                         + "), 10, '15', true, NULL)")
                     .empty());
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.backups WHERE id = " + honest
                                          + " AND reported_at - started_at < interval '2 hours'"),
                 1LL);
        test::superuserExec(m_db, "DELETE FROM art32.test_clock");
    }
    // Review 19 (held): a run's ledger anchor is recorded by the login that began it, once, well-formed, and only
    // through backup_finish; nobody moves it afterwards (a longer anchor would refuse every restore of the directory).
    void aLedgerAnchorIsTheRunsOwnAndSetOnce()
    {
        const std::string head(64, 'a');
        const std::string key(32, 'b');
        const std::string id = one(*m_backup,
                                   "SELECT id FROM art32.backup_begin('r19-anchor.art32bak', "
                                   "'/tmp/r19-anchor.art32bak')");
        QVERIFY(!id.empty());
        auto finish = [&](Database& db, const std::string& entries, const std::string& h) {
            return test::sqlstate(db,
                                  "SELECT art32.backup_finish(" + id + ", true, 100, '15', '{\"art32.accounts\": 1}', "
                                      + "NULL, " + entries + ", '" + h + "', '" + key + "')");
        };
        QCOMPARE(finish(*m_backup2, "5", head), std::string(kInvalid)); // another operator's run
        QCOMPARE(finish(*m_backup, "5", "not-hex"), std::string(kInvalid)); // malformed
        QCOMPARE(finish(*m_backup, "-1", head), std::string(kInvalid));
        QCOMPARE(finish(*m_backup, "5", head), std::string());
        QCOMPARE(finish(*m_backup, "2000000000", std::string(64, 'c')), std::string(kInvalid)); // twice
        QCOMPARE(test::sqlstate(*m_backup, "UPDATE art32.backups SET ledger_entries = 2000000000 WHERE id = " + id),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*m_backup, "UPDATE art32.backups SET reported_at = now() WHERE id = " + id),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.backups WHERE id = " + id
                                          + " AND ledger_entries = 5 AND ledger_head = '" + head + "'"),
                 1LL);
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.audit_events WHERE action = 'backup.finish' AND "
                                      "object = '"
                                          + id + "' AND detail->>'ledger_entries' = '5' AND actor = 'tst_ab_backup'"),
                 1LL);
    }
    // Review 20: backup_begin took any label and file. Prune (the timer's login) deletes <its directory>/<label>, so
    // a label "../x" or "/abs/x" made a later prune delete a file outside the backup directory; verify, drill and the
    // view opened the recorded file wherever it pointed. 0029 refuses such a begin; the client refuses old rows.
    void aRecordedPathCannotLeaveTheBackupDirectory()
    {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        const QString dir = root.filePath(QStringLiteral("backups"));
        QVERIFY(QDir().mkpath(dir));
        const std::string d = dir.toStdString();
        // 1. The server refuses a label that is not a plain file name, or a file that is not <a directory>/<label>.
        for (const std::string& args : {
                 "'../r20-victim.art32bak', '" + d + "/../r20-victim.art32bak'",
                 "'" + root.filePath(QStringLiteral("r20-victim.art32bak")).toStdString() + "', '"
                     + root.filePath(QStringLiteral("r20-victim.art32bak")).toStdString() + "'",
                 "'sub/r20.art32bak', '" + d + "/sub/r20.art32bak'",
                 std::string("'.r20.art32bak', '/tmp/.r20.art32bak'"),
                 std::string("'r20-a.art32bak', '/etc/passwd'"),
                 std::string("'r20-b.art32bak', 'relative/r20-b.art32bak'"),
                 "'r20-c.art32bak', '" + d + "/../elsewhere/r20-c.art32bak'",
                 "'r20-d.txt', '" + d + "/r20-d.txt'",
             })
            for (Database* db : { m_backup.get() })
                QVERIFY2(test::sqlstate(*db, "SELECT art32.backup_begin(" + args + ")") == kInvalid, args.c_str());
        QCOMPARE(test::sqlstate(*m_backup, "SELECT art32.backup_begin('r20-ok.art32bak', '" + d + "/r20-ok.art32bak')"),
                 std::string());
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.backups WHERE label LIKE '%r20-victim%'"), 0LL);

        // 2. Rows recorded before 0029 may hold such a label or file: prune (as the timer's login) deletes nothing
        //    outside its directory, and the path the client opens is <its directory>/<label>, never the row's file.
        const QString victim = root.filePath(QStringLiteral("r20-victim.art32bak"));
        const QString absVictim = root.filePath(QStringLiteral("r20-abs-victim.art32bak"));
        for (const QString& path : { victim, absVictim }) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not a backup, and not in the backup directory\n");
        }
        const auto oldRow = [&](const QString& label, const QString& file) {
            test::superuserExec(m_db,
                                "INSERT INTO art32.backups (backend, label, file, started_at, finished_at, state, "
                                "recorded_by, reported_at) VALUES ('native', '"
                                    + label.toStdString() + "', '" + file.toStdString()
                                    + "', now() - interval '400 days', now() - interval '400 days', 'failed', "
                                      "'tst_ab_backup', now() - interval '400 days')");
        };
        oldRow(QStringLiteral("../r20-victim.art32bak"), dir + QStringLiteral("/../r20-victim.art32bak"));
        oldRow(absVictim, absVictim);
        oldRow(QStringLiteral("r20-old.art32bak"), victim);
        auto r = backup::prune(*m_backup, dir, false);
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        QVERIFY(QFile::exists(victim));
        QVERIFY(QFile::exists(absVictim));
        for (const QString& deleted : r->deletedFiles)
            QVERIFY2(QFileInfo(deleted).absolutePath() == QDir(dir).absolutePath(), qPrintable(deleted));
        QCOMPARE(r->skipped.count(QStringLiteral("../r20-victim.art32bak")), 1);
        QCOMPARE(r->skipped.count(absVictim), 1);
        backup::BackupEntry e;
        e.label = QStringLiteral("r20-old.art32bak");
        e.file = victim;
        QCOMPARE(backup::fileIn(e, dir), std::optional<QString>(QDir(dir).filePath(e.label)));
        e.label = QStringLiteral("../r20-victim.art32bak");
        QCOMPARE(backup::fileIn(e, dir), std::optional<QString>());
        e.label = absVictim;
        QCOMPARE(backup::fileIn(e, dir), std::optional<QString>());
    }
    // Review 21: labels that look plain but are not: a trailing newline (PostgreSQL's `$` is the end of the string;
    // PCRE's, in the client, also matched before a final newline), look-alikes of '.', '/' and letters, a name too
    // long, another run's label. The server refuses each; the client's rule (fileIn) refuses a row recorded before
    // 0029 with a trailing newline instead of naming a file "<label>\n" in the directory.
    void aLabelThatLooksPlainIsRefused()
    {
        const std::string d = "/var/backups/art32";
        const std::string longLabel = std::string(192, 'a') + ".art32bak"; // 201 characters
        for (const std::string& label : {
                 std::string("E'r21-nl.art32bak\\n'"),
                 std::string("E'r21-nl.art32bak\\n.art32bak'"),
                 std::string("U&'r21-lookalike\\2024art32bak'"), // one dot leader for '.'
                 std::string("U&'r21\\2215x.art32bak'"), // a division slash for '/'
                 std::string("U&'\\FF52\\FF12\\FF11.art32bak'"), // full-width letters and digits
                 std::string("U&'r21-\\00E9.art32bak'"), // a letter outside A-Z
                 std::string("'r21-x.ART32BAK'"),
                 "'" + longLabel + "'",
             }) {
            const std::string sql = "SELECT art32.backup_begin(" + label + ", '" + d + "/' || " + label + ")";
            QVERIFY2(test::sqlstate(*m_backup, sql) == kInvalid, sql.c_str());
        }
        QCOMPARE(test::sqlstate(*m_backup,
                                "SELECT art32.backup_begin('" + longLabel.substr(1) + "', '" + d + "/"
                                    + longLabel.substr(1) + "')"),
                 std::string()); // 200 characters: the longest plain label
        QCOMPARE(test::sqlstate(*m_backup,
                                "SELECT art32.backup_begin('r21-twice.art32bak', '" + d + "/r21-twice.art32bak')"),
                 std::string());
        QCOMPARE(test::sqlstate(*m_backup2,
                                "SELECT art32.backup_begin('r21-twice.art32bak', '/elsewhere/r21-twice.art32bak')"),
                 std::string("23505")); // one row per label: another directory's run cannot take it over
        backup::BackupEntry e;
        e.label = QStringLiteral("r21-nl.art32bak\n");
        QCOMPARE(backup::fileIn(e, QStringLiteral("/var/backups/art32")), std::optional<QString>());
        e.label = QStringLiteral("r21-ok.art32bak");
        QCOMPARE(backup::fileIn(e, QStringLiteral("/var/backups/art32")),
                 std::optional<QString>(QStringLiteral("/var/backups/art32/r21-ok.art32bak")));
    }
    // Review 21: someone who may write the backup directory puts symlinks there named like backups past retention,
    // one a catalogue row's label, one a stray name, pointing at files outside. Prune (the timer's login) unlinks the
    // names in its directory, never what they point at.
    void pruneDoesNotFollowASymlinkOutOfTheDirectory()
    {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        const QString dir = root.filePath(QStringLiteral("backups"));
        QVERIFY(QDir().mkpath(dir));
        const QString outside = root.filePath(QStringLiteral("outside.art32bak"));
        const QString outsideOld = root.filePath(QStringLiteral("outside-old.art32bak"));
        {
            QFile f(outside);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("the timer may delete this file, but prune must not\n");
        }
        // A copy of an authentic old header outside, so the stray name's target reads as a backup past retention.
        QTemporaryDir made;
        backup::Target target;
        target.pgBinDir = DemoCluster::serverBinaries().value();
        target.backupDir = made.filePath(QStringLiteral("b"));
        target.connection = test::superuserProfile(m_db);
        Database timer(target.connection);
        QVERIFY(timer.openWithoutPassword());
        test::setServerClockOffset(m_db, m_offset - 400LL * 86400);
        auto old = backup::run(timer, target, backup::generateKey());
        test::setServerClockOffset(m_db, m_offset);
        QVERIFY2(old, qPrintable(old.error().message));
        QVERIFY(QFile::copy(old->file, outsideOld));
        test::superuserExec(m_db,
                            "INSERT INTO art32.backups (backend, label, file, started_at, finished_at, state, "
                            "recorded_by, reported_at) VALUES ('native', 'r21-link.art32bak', '"
                                + dir.toStdString()
                                + "/r21-link.art32bak', now() - interval '400 days', now() - interval '400 days', "
                                  "'failed', 'tst_ab_backup', now() - interval '400 days')");
        QVERIFY(QFile::link(outside, QDir(dir).filePath(QStringLiteral("r21-link.art32bak"))));
        QVERIFY(QFile::link(outsideOld, QDir(dir).filePath(QStringLiteral("r21-stray.art32bak"))));
        auto r = backup::prune(*m_backup, dir, false);
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        QVERIFY(r->deletedFiles.contains(QDir(dir).filePath(QStringLiteral("r21-link.art32bak"))));
        QVERIFY(r->deletedFiles.contains(QDir(dir).filePath(QStringLiteral("r21-stray.art32bak"))));
        QVERIFY(QFile::exists(outside));
        QVERIFY(QFile::exists(outsideOld));
        QVERIFY(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).isEmpty());
    }
    // Review 19: a native run begun days ago and left running, finished now, turned its past day Present (0028).
    void aStaleRunFinishedLateProvesNothing()
    {
        test::superuserExec(m_db, "DELETE FROM art32.test_clock");
        const std::string id = one(*m_backup,
                                   "SELECT id FROM art32.backup_begin('r19-stale.art32bak', "
                                   "'/tmp/r19-stale.art32bak')");
        QVERIFY(!id.empty());
        test::superuserExec(m_db,
                            "INSERT INTO art32.test_clock (offset_by) VALUES (interval '5 days') "
                            "ON CONFLICT (singleton) DO UPDATE SET offset_by = EXCLUDED.offset_by");
        QCOMPARE(
            test::sqlstate(*m_backup,
                           "SELECT art32.backup_finish(" + id + ", true, 100, '15', '{\"art32.accounts\": 1}', NULL)"),
            std::string());
        pqxx::connection c(test::superuserProfile(m_db).connectionString());
        auto snap = backup::catalogue::read(c);
        QVERIFY(snap);
        const auto it = std::find_if(snap->entries.begin(), snap->entries.end(),
                                     [&](const backup::BackupEntry& e) { return e.id == std::stoll(id); });
        QVERIFY(it != snap->entries.end());
        QVERIFY(backup::reportedLate(*it));
        const backup::Summary now
            = backup::summarise(snap->entries, snap->checks, snap->serverNow, WorkingCalendar(), snap->retentionDays);
        QVERIFY(!now.lastGood || now.lastGood->id != it->id);
        const QTimeZone zone = WorkingCalendar().config().zone;
        for (const backup::DayStatus& d : now.days) {
            if (d.date == it->started.toTimeZone(zone).date())
                QVERIFY(d.reportedLate >= 1); // counted as unproven, not among the day's backups
        }
        test::superuserExec(m_db, "DELETE FROM art32.test_clock");
    }
};

QTEST_GUILESS_MAIN(TestAttacksBackup)
#include "tst_attacks_backup.moc"
