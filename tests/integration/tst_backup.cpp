#include "TestSupport.h"
#include "backup/Catalogue.h"
#include "backup/Native.h"
#include "crypto/Keys.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "records/Seeder.h"
#include "store/Database.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <optional>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <sodium.h>
#include <sys/stat.h>

using namespace art32;

/**
 * The native backend against the harness's PostgreSQL and the real pg_dump/pg_restore: a round trip, damaged
 * files, prune by the server's clock, an erasure that survives a restore, and art32ctl's exit codes. The backup
 * login is the harness's superuser (as the demo's maintenance role is).
 */
namespace {

/**
 * A native backup's messages, opened with its key by this test's own reading of docs/FORMAT.md §10 (not the
 * program's reader): the body's plaintexts in order, the last one being the header's encrypted copy.
 */
QList<QByteArray> openMessages(const QByteArray& file, const SecureBytes& key)
{
    QList<QByteArray> out;
    const auto* p = reinterpret_cast<const unsigned char*>(file.constData());
    unsigned char bound[56];
    std::memcpy(bound, p, sizeof bound);
    std::memset(bound + 12, 0, 4);
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, p + 32, key.data()) != 0)
        return out;
    qsizetype at = 65536;
    while (at + 4 <= file.size()) {
        const quint32 len = (quint32(p[at]) << 24) | (quint32(p[at + 1]) << 16) | (quint32(p[at + 2]) << 8) | p[at + 3];
        QByteArray plain(len, '\0');
        unsigned long long n = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&st, reinterpret_cast<unsigned char*>(plain.data()), &n, &tag,
                                                       p + at + 4, len, bound, sizeof bound)
            != 0)
            return {};
        plain.resize(static_cast<qsizetype>(n));
        out.append(plain);
        at += 4 + len;
    }
    return out;
}

/** The same file with other messages, sealed anew under its key (what only the key's holder can make). */
QByteArray sealMessages(const QByteArray& file, const QList<QByteArray>& messages, const SecureBytes& key)
{
    QByteArray out = file.left(65536);
    auto* prefix = reinterpret_cast<unsigned char*>(out.data());
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_push(&st, prefix + 32, key.data());
    unsigned char bound[56];
    std::memcpy(bound, prefix, sizeof bound);
    std::memset(bound + 12, 0, 4);
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QByteArray& m = messages.at(i);
        QByteArray c(m.size() + crypto_secretstream_xchacha20poly1305_ABYTES + 4, '\0');
        unsigned long long n = 0;
        crypto_secretstream_xchacha20poly1305_push(
            &st, reinterpret_cast<unsigned char*>(c.data()) + 4, &n, reinterpret_cast<const unsigned char*>(m.data()),
            static_cast<unsigned long long>(m.size()), bound, sizeof bound,
            i + 1 == messages.size() ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                     : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        for (int b = 0; b < 4; ++b)
            c[b] = static_cast<char>(n >> (24 - 8 * b));
        out += c.left(static_cast<qsizetype>(n) + 4);
    }
    return out;
}

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_backup");
    Keychain m_keychain { QStringLiteral("Art32 Console backup test %1").arg(QUuid::createUuid().toString()) };
    test::ThreeAdmins m_admins;
    QTemporaryDir m_dir;
    backup::Target m_target;
    SecureBytes m_key;
    std::unique_ptr<Database> m_live;

    long long count(const std::string& sql, const QString& db = QString())
    {
        return test::superuserCount(db.isEmpty() ? m_db : db, sql);
    }

    Result<backup::RunResult> runBackup() { return backup::run(*m_live, m_target, m_key); }

    Result<backup::RestoreResult> check(const QString& file, backup::Mode mode, const QString& to = QString(),
                                        bool force = false, const SecureBytes* key = nullptr)
    {
        backup::RestoreOptions o;
        o.mode = mode;
        o.targetDatabase = to;
        o.force = force;
        return backup::restore(*m_live, m_target, file, key ? *key : m_key, o);
    }

    void dropDatabase(const QString& name)
    {
        test::superuserExec(QStringLiteral("postgres"),
                            "DROP DATABASE IF EXISTS \"" + name.toStdString() + "\" WITH (FORCE)");
    }

    QString copyOf(const QString& file, const QString& name)
    {
        const QString to = QDir(m_dir.path()).filePath(QStringLiteral("damaged/") + name);
        QDir().mkpath(QFileInfo(to).path());
        QFile::remove(to);
        QFile::copy(file, to);
        return to;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QVERIFY(m_dir.isValid());
        m_admins = test::threeAdmins(m_db, QStringLiteral("tst_bk"), m_keychain);
        // Accounts written with throwaway keys at the usable versions: a backup copies ciphertext, never opens it.
        {
            pqxx::connection super(test::superuserProfile(m_db).connectionString());
            const SecureBytes kek = keys::randomKey();
            const SecureBytes index = keys::randomKey();
            auto seeded = Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 40, 5);
            QVERIFY2(seeded, qPrintable(seeded.error().message));
        }
        auto bin = DemoCluster::serverBinaries();
        QVERIFY(bin);
        m_target.pgBinDir = bin.value();
        m_target.backupDir = QDir(m_dir.path()).filePath(QStringLiteral("backups"));
        m_target.connection = test::superuserProfile(m_db);
        m_live = std::make_unique<Database>(m_target.connection);
        QVERIFY(m_live->openWithoutPassword());
        m_key = backup::generateKey();
    }

    void cleanupTestCase()
    {
        test::forgetAdmins(m_keychain, { &m_admins.cto, &m_admins.sysadmin, &m_admins.auditor });
        for (const char* db :
             { "tst_backup_restored", "tst_backup_erased", "tst_backup_cli", "tst_backup_gone", "tst_backup_gone2" })
            dropDatabase(QString::fromLatin1(db));
    }

    void roundTripRestoresEveryRowAndChecksum()
    {
        const long long records = count("SELECT count(*) FROM art32.records");
        const long long accounts = count("SELECT count(*) FROM art32.accounts");
        QVERIFY(records > 40);
        auto run = runBackup();
        QVERIFY2(run, qPrintable(run.error().message));
        QVERIFY(QFileInfo::exists(run->file));
        QVERIFY(run->file.endsWith(QLatin1String(".art32bak")));
        QCOMPARE(QFileInfo(run->file).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
        QVERIFY(
            QDir(m_target.backupDir).entryList({ QStringLiteral(".*partial") }, QDir::Hidden | QDir::Files).isEmpty());
        QCOMPARE(run->header.tables.value(QStringLiteral("art32.records")).rows, records);
        QCOMPARE(run->header.tables.value(QStringLiteral("art32.accounts")).rows, accounts);
        // The plaintext header reads without the key; the catalogue has the run, complete, with its counts.
        auto header = backup::readHeader(run->file);
        QVERIFY(header);
        QCOMPARE(header->tables, run->header.tables);
        QCOMPARE(count("SELECT count(*) FROM art32.backups WHERE state = 'complete' AND id = "
                       + std::to_string(run->catalogueId)
                       + " AND (row_counts->>'art32.records')::bigint = " + std::to_string(records)),
                 1LL);
        // The backup's contents differ in no byte from the live data as it was: change and drop data now.
        const backup::TableSums before = run->header.tables;
        test::superuserExec(m_db, "DELETE FROM art32.records WHERE id IN (SELECT id FROM art32.records LIMIT 10)");
        test::superuserExec(m_db,
                            "UPDATE art32.accounts SET company_name = 'Changed BV' WHERE id IN "
                            "(SELECT id FROM art32.accounts LIMIT 3)");
        dropDatabase(QStringLiteral("tst_backup_restored"));
        auto restored = check(run->file, backup::Mode::Restore, QStringLiteral("tst_backup_restored"));
        QVERIFY2(restored, qPrintable(restored.error().message));
        QCOMPARE(count("SELECT count(*) FROM art32.records", QStringLiteral("tst_backup_restored")), records);
        QCOMPARE(count("SELECT count(*) FROM art32.accounts WHERE company_name = 'Changed BV'",
                       QStringLiteral("tst_backup_restored")),
                 0LL);
        // Counted again, independently: every table's rows and checksum equal the header's.
        Profile p = test::superuserProfile(QStringLiteral("tst_backup_restored"));
        Database copy(p);
        QVERIFY(copy.openWithoutPassword());
        auto sums = backup::tableSums(copy);
        QVERIFY(sums);
        QCOMPARE(sums.value(), before);
        QVERIFY(sums->value(QStringLiteral("art32.records")).checksum
                != backup::tableSums(*m_live)->value(QStringLiteral("art32.records")).checksum);
        copy.close();
        // Refused over a database that is not empty, unless forced; never over the live one.
        auto again = check(run->file, backup::Mode::Restore, QStringLiteral("tst_backup_restored"));
        QVERIFY(!again);
        QCOMPARE(again.error().code, QStringLiteral("backup.target.not_empty"));
        QVERIFY(check(run->file, backup::Mode::Restore, QStringLiteral("tst_backup_restored"), true));
        auto live = check(run->file, backup::Mode::Restore, m_db, true);
        QCOMPARE(live.error().code, QStringLiteral("backup.target.live"));
    }

    // Rows are hashed by their columns' own hash functions; a table with a column type that has none (json, point)
    // by its text, and the header says which. Older headers name no method: their tables are summed by the text.
    void eachTableIsHashedAsItsHeaderSays()
    {
        test::superuserExec(m_db,
                            "CREATE TABLE public.unhashable (j json, p point, n integer);"
                            "INSERT INTO public.unhashable SELECT json_build_object('n', g), point(g, g), g "
                            "FROM generate_series(1, 20) g");
        auto run = runBackup();
        test::superuserExec(m_db, "DROP TABLE public.unhashable");
        QVERIFY2(run, qPrintable(run.error().message));
        QCOMPARE(run->header.tables.value(QStringLiteral("art32.records")).method, QStringLiteral("record"));
        QCOMPARE(run->header.tables.value(QStringLiteral("public.unhashable")).method, QStringLiteral("text"));
        QCOMPARE(run->header.tables.value(QStringLiteral("public.unhashable")).rows, 20LL);
        auto header = backup::readHeader(run->file);
        QVERIFY(header);
        QCOMPARE(header->tables.value(QStringLiteral("public.unhashable")).method, QStringLiteral("text"));
        QCOMPARE(header->tables.value(QStringLiteral("art32.accounts")).method, QStringLiteral("record"));
        dropDatabase(QStringLiteral("tst_backup_methods"));
        auto restored = check(run->file, backup::Mode::Restore, QStringLiteral("tst_backup_methods"));
        QVERIFY2(restored, qPrintable(restored.error().message));
        Database copy(test::superuserProfile(QStringLiteral("tst_backup_methods")));
        QVERIFY(copy.openWithoutPassword());
        auto again = backup::tableSums(copy, &header->tables);
        QVERIFY(again);
        QCOMPARE(again->value(QStringLiteral("public.unhashable")),
                 header->tables.value(QStringLiteral("public.unhashable")));
        QCOMPARE(again->value(QStringLiteral("art32.records")), header->tables.value(QStringLiteral("art32.records")));
        // A header of before the methods: the text of every row.
        backup::TableSums old = header->tables;
        for (auto it = old.begin(); it != old.end(); ++it)
            it->method = QStringLiteral("text");
        auto byText = backup::tableSums(copy, &old);
        QVERIFY(byText);
        QCOMPARE(byText->value(QStringLiteral("art32.records")).method, QStringLiteral("text"));
        pqxx::connection direct(copy.profile().connectionString());
        const std::string textSum
            = pqxx::nontransaction(direct)
                  .exec("SELECT coalesce(sum(hashtextextended(t::text, 0)), 0)::text FROM art32.records t")[0][0]
                  .as<std::string>();
        QCOMPARE(byText->value(QStringLiteral("art32.records")).checksum, QString::fromStdString(textSum));
        QVERIFY(byText->value(QStringLiteral("art32.records")).checksum
                != again->value(QStringLiteral("art32.records")).checksum);
        // A changed json value is seen through its text.
        test::superuserExec(QStringLiteral("tst_backup_methods"),
                            "UPDATE public.unhashable SET j = '{\"n\": 0}' WHERE n = 1");
        auto changed = backup::tableSums(copy, &header->tables);
        QVERIFY(changed);
        QVERIFY(!(changed->value(QStringLiteral("public.unhashable"))
                  == header->tables.value(QStringLiteral("public.unhashable"))));
        copy.close();
        dropDatabase(QStringLiteral("tst_backup_methods"));
    }

    void verifyRecordsItsRestoreAndLeavesNothing()
    {
        auto run = runBackup();
        QVERIFY(run);
        auto v = check(run->file, backup::Mode::Verify);
        QVERIFY2(v, qPrintable(v.error().message));
        QVERIFY(v->checkId > 0);
        QVERIFY(v->restoreSeconds > 0);
        QCOMPARE(count("SELECT count(*) FROM art32.backup_checks WHERE ok AND kind = 'verify' AND id = "
                       + std::to_string(v->checkId) + " AND restore_seconds > 0"),
                 1LL);
        QCOMPARE(
            count("SELECT count(*) FROM pg_database WHERE datname LIKE 'art32_scratch%'", QStringLiteral("postgres")),
            0LL);
    }

    void verifyReportsItsPhases()
    {
        auto run = runBackup();
        QVERIFY(run);
        QList<backup::Phase> phases;
        QList<qint64> bytesAtPhase;
        qint64 bytes = 0;
        backup::RestoreOptions o;
        o.mode = backup::Mode::Verify;
        o.phase = [&](backup::Phase p) {
            phases << p;
            bytesAtPhase << bytes;
        };
        auto v = backup::restore(*m_live, m_target, run->file, m_key, o, [&](qint64 n) { bytes = n; });
        QVERIFY2(v, qPrintable(v.error().message));
        // The restore, then the comparison after the last byte went to pg_restore (none counted after it); the erasures
        // only with a ledger.
        QVERIFY(phases.size() >= 2);
        QVERIFY(phases.at(0) == backup::Phase::Restore);
        QVERIFY(phases.at(1) == backup::Phase::Compare);
        QCOMPARE(bytesAtPhase.at(0), qint64(0));
        QCOMPARE(bytesAtPhase.at(1), bytes);
        if (v->ledgerEntries > 0)
            QVERIFY(
                phases
                == (QList<backup::Phase> { backup::Phase::Restore, backup::Phase::Compare, backup::Phase::Reapply }));
        else
            QCOMPARE(phases.size(), 2);
        QCOMPARE(backup::phaseText(backup::Phase::Compare),
                 QStringLiteral("Comparing the restored tables with the header…"));
    }

    void theKeyIsLookedUpInOneOrder()
    {
        const QDir dir(m_dir.path());
        const SecureBytes explicitKey = backup::generateKey(), profileKey = backup::generateKey(),
                          keychainKey = backup::generateKey();
        const QString explicitFile = dir.filePath(QStringLiteral("explicit.key"));
        const QString profileFile = dir.filePath(QStringLiteral("profile.key"));
        QVERIFY(backup::writeKeyFile(explicitFile, explicitKey, true));
        QVERIFY(backup::writeKeyFile(profileFile, profileKey, true));
        Profile profile = test::superuserProfile(m_db);
        profile.name = QStringLiteral("tst_backup_keys");
        profile.backupKeyFile = profileFile;
        // A keychain that holds a key (or answers as told) and counts the questions.
        QStringList asked;
        Keychain::Status answer = Keychain::Status::Ok;
        const backup::KeychainRead keychain = [&](const QString& entry, const Keychain::Callback& done) {
            asked << entry;
            Keychain::Reply r;
            r.status = answer;
            if (answer == Keychain::Status::Ok)
                r.secret = backup::keyToText(keychainKey);
            else
                r.message = Keychain::messageFor(answer);
            done(r);
        };
        auto lookUp = [&](const Profile& p, const QString& file) {
            std::optional<Result<SecureBytes>> got;
            backup::loadKey(p, file, keychain, [&](Result<SecureBytes> k) {
                QVERIFY(!got);
                got.emplace(std::move(k));
            });
            return std::move(got.value());
        };

        // 1. The explicit file, over the profile's file and the keychain.
        auto first = lookUp(profile, explicitFile);
        QVERIFY2(first, qPrintable(first.error().message));
        QVERIFY(first->equals(explicitKey));
        // 2. The profile's file, over the keychain.
        auto second = lookUp(profile, QString());
        QVERIFY2(second, qPrintable(second.error().message));
        QVERIFY(second->equals(profileKey));
        QVERIFY(asked.isEmpty());
        // 3. The keychain, under this database's entry.
        Profile noFile = profile;
        noFile.backupKeyFile.clear();
        auto third = lookUp(noFile, QString());
        QVERIFY2(third, qPrintable(third.error().message));
        QVERIFY(third->equals(keychainKey));
        QCOMPARE(asked, QStringList { backup::keychainName(noFile) });

        // A profile's key file others can read is refused, naming the file and the profile; the keychain is not
        // asked instead (its key might be another), and the message holds no key.
        asked.clear();
        QVERIFY(::chmod(QFile::encodeName(profileFile).constData(), 0644) == 0);
        auto open = lookUp(profile, QString());
        QVERIFY(!open);
        QCOMPARE(open.error().code, QStringLiteral("backup.keyfile.mode"));
        QVERIFY2(open.error().message.contains(profileFile) && open.error().message.contains(profile.name),
                 qPrintable(open.error().message));
        const QByteArray profileHex = backup::keyToText(profileKey).trimmed();
        QVERIFY(!open.error().message.contains(QString::fromLatin1(profileHex)));
        QVERIFY(asked.isEmpty());
        // The explicit file still wins over the refused one.
        QVERIFY(lookUp(profile, explicitFile));
        // An explicit file others can read: refused too.
        QVERIFY(::chmod(QFile::encodeName(explicitFile).constData(), 0640) == 0);
        QCOMPARE(lookUp(noFile, explicitFile).error().code, QStringLiteral("backup.keyfile.mode"));
        // A profile's file that is gone: missing, naming it.
        Profile gone = profile;
        gone.backupKeyFile = dir.filePath(QStringLiteral("gone.key"));
        auto missing = lookUp(gone, QString());
        QCOMPARE(missing.error().code, QStringLiteral("backup.key.missing"));
        QVERIFY(missing.error().message.contains(gone.backupKeyFile));
        QVERIFY(asked.isEmpty());

        // No key in the keychain: says which entry it looked at, and where else a key can come from.
        answer = Keychain::Status::NotFound;
        auto none = lookUp(noFile, QString());
        QCOMPARE(none.error().code, QStringLiteral("backup.key.missing"));
        QVERIFY2(none.error().message.contains(backup::keychainName(noFile))
                     && none.error().message.contains(QLatin1String("--key-file")),
                 qPrintable(none.error().message));
        // A locked keychain is not a missing key.
        answer = Keychain::Status::Locked;
        auto locked = lookUp(noFile, QString());
        QCOMPARE(locked.error().code, QStringLiteral("keychain.locked"));
        QVERIFY(locked.error().message.contains(backup::keychainName(noFile)));

        // The blocking form, with the real (test) keychain: nothing stored there, the profile's file decides.
        QVERIFY(::chmod(QFile::encodeName(profileFile).constData(), 0600) == 0);
        auto real = backup::loadKey(profile, QString(), m_keychain);
        QVERIFY2(real, qPrintable(real.error().message));
        QVERIFY(real->equals(profileKey));
        QCOMPARE(backup::loadKey(noFile, QString(), m_keychain).error().code, QStringLiteral("backup.key.missing"));
    }

    void verifyTellsDamageFromAWrongKey()
    {
        auto run = runBackup();
        QVERIFY(run);
        QFile in(run->file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        QVERIFY(bytes.size() > 70000);

        // One flipped byte in the middle of the encrypted body.
        const QString flipped = copyOf(run->file, QStringLiteral("flipped.art32bak"));
        {
            QFile f(flipped);
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 middle = 65536 + (bytes.size() - 65536) / 2;
            f.seek(middle);
            char c = bytes.at(middle);
            c = static_cast<char>(c ^ 0x01);
            f.write(&c, 1);
        }
        auto e1 = check(flipped, backup::Mode::Verify);
        QVERIFY(!e1);
        QCOMPARE(e1.error().code, QStringLiteral("backup.tampered"));

        // Truncated: the last chunk (which carries the header) is gone.
        const QString cut = copyOf(run->file, QStringLiteral("cut.art32bak"));
        QVERIFY(QFile::resize(cut, bytes.size() - 100));
        auto e2 = check(cut, backup::Mode::Verify);
        QVERIFY(!e2);
        QCOMPARE(e2.error().code, QStringLiteral("backup.truncated"));

        // A wrong key.
        const SecureBytes other = backup::generateKey();
        auto e3 = check(run->file, backup::Mode::Verify, QString(), false, &other);
        QVERIFY(!e3);
        QCOMPARE(e3.error().code, QStringLiteral("backup.wrongkey"));

        // A changed header (its plaintext copy) is tampering too.
        const QString header = copyOf(run->file, QStringLiteral("header.art32bak"));
        {
            QFile f(header);
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 at = bytes.indexOf("\"rows\":\"");
            QVERIFY(at > 0);
            f.seek(at + 8);
            f.write("9");
        }
        auto e4 = check(header, backup::Mode::Verify);
        QVERIFY(!e4);
        QCOMPARE(e4.error().code, QStringLiteral("backup.tampered"));

        // Each its own message; none leaves a scratch database behind.
        QCOMPARE(QSet<QString>({ e1.error().message, e2.error().message, e3.error().message }).size(), 3);
        QCOMPARE(
            count("SELECT count(*) FROM pg_database WHERE datname LIKE 'art32_scratch%'", QStringLiteral("postgres")),
            0LL);
    }

    // Format 2 (the default): pg_dump writes its archive uncompressed, the run compresses the stream with zstd, and a
    // restore decompresses it. Format 1 (pg_dump's own zlib, older files) still verifies. A compressed stream
    // damaged by the key's holder is its own error, not pg_restore's.
    void theStreamIsZstdAndOlderFilesStillRestore()
    {
        auto run = runBackup();
        QVERIFY2(run, qPrintable(run.error().message));
        QCOMPARE(run->header.formatVersion, 2);
        QCOMPARE(run->header.codec, QStringLiteral("zstd"));
        QCOMPARE(run->header.compressLevel, 0);
        QFile in(run->file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        QCOMPARE(static_cast<int>(bytes.at(9)), 2); // the prefix's version
        const QList<QByteArray> messages = openMessages(bytes, m_key);
        QVERIFY(messages.size() >= 2);
        QCOMPARE(messages.first().left(4), QByteArray("\x28\xb5\x2f\xfd", 4)); // zstd's frame magic
        QCOMPARE(messages.last(), backup::readHeader(run->file)->toJson());
        auto verified = check(run->file, backup::Mode::Verify);
        QVERIFY2(verified, qPrintable(verified.error().message));

        // The older way: pg_dump's archive as it wrote it ("PGDMP"), format 1, no codec; it verifies.
        backup::Target older = m_target;
        older.codec = backup::Target::Codec::PgDump;
        auto old = backup::run(*m_live, older, m_key);
        QVERIFY2(old, qPrintable(old.error().message));
        QCOMPARE(old->header.formatVersion, 1);
        QVERIFY(old->header.codec.isEmpty());
        QFile oldIn(old->file);
        QVERIFY(oldIn.open(QIODevice::ReadOnly));
        const QByteArray oldBytes = oldIn.readAll();
        QCOMPARE(openMessages(oldBytes, m_key).first().left(5), QByteArray("PGDMP"));
        auto oldVerified = check(old->file, backup::Mode::Verify);
        QVERIFY2(oldVerified, qPrintable(oldVerified.error().message));
        // The same data both ways (the catalogue has a row more by now).
        for (const char* table : { "art32.records", "art32.accounts", "art32.account_keys" })
            QCOMPARE(oldVerified->restored.value(QLatin1String(table)), verified->restored.value(QLatin1String(table)));

        // The zstd stream cut short (its last data message halved), sealed anew with the key: authentic, damaged.
        QList<QByteArray> cut = messages;
        cut[cut.size() - 2].chop(cut.at(cut.size() - 2).size() / 2);
        const QString damaged = copyOf(run->file, QStringLiteral("damaged.art32bak"));
        {
            QFile f(damaged);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(sealMessages(bytes, cut, m_key));
        }
        auto e = check(damaged, backup::Mode::Verify);
        QVERIFY(!e);
        QCOMPARE(e.error().code, QStringLiteral("backup.corrupt"));
        // The resealer itself is sound: the messages as they were verify again.
        const QString resealed = copyOf(run->file, QStringLiteral("resealed.art32bak"));
        {
            QFile f(resealed);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(sealMessages(bytes, messages, m_key));
        }
        auto again = check(resealed, backup::Mode::Verify);
        QVERIFY2(again, qPrintable(again.error().message));
        QCOMPARE(
            count("SELECT count(*) FROM pg_database WHERE datname LIKE 'art32_scratch%'", QStringLiteral("postgres")),
            0LL);
    }

    void pruneDeletesExactlyThosePastRetention()
    {
        // Backups made 40, 35 and 10 days ago by the server's clock, and one now.
        QList<backup::RunResult> made;
        for (int daysAgo : { 40, 35, 10 }) {
            test::setServerClockOffset(m_db, -qint64(daysAgo) * 86400);
            auto r = runBackup();
            QVERIFY2(r, qPrintable(r.error().message));
            made << r.value();
        }
        test::setServerClockOffset(m_db, m_admins.offset);
        auto now = runBackup();
        QVERIFY(now);
        // A stray copy of the old one under another name, and of the new one.
        QVERIFY(QFile::copy(made[0].file, QDir(m_target.backupDir).filePath(QStringLiteral("copy-old.art32bak"))));
        QVERIFY(QFile::copy(now->file, QDir(m_target.backupDir).filePath(QStringLiteral("copy-new.art32bak"))));

        auto dry = backup::prune(*m_live, m_target.backupDir, true);
        QVERIFY(dry);
        QCOMPARE(dry->prunedEntries.size(), 2);
        QVERIFY(QFileInfo::exists(made[0].file)); // a dry run deletes nothing

        auto p = backup::prune(*m_live, m_target.backupDir);
        QVERIFY2(p, qPrintable(p.error().message));
        QCOMPARE(QSet<qint64>(p->prunedEntries.begin(), p->prunedEntries.end()),
                 QSet<qint64>({ made[0].catalogueId, made[1].catalogueId }));
        QVERIFY(!QFileInfo::exists(made[0].file));
        QVERIFY(!QFileInfo::exists(made[1].file));
        QVERIFY(!QFileInfo::exists(QDir(m_target.backupDir).filePath(QStringLiteral("copy-old.art32bak"))));
        QVERIFY(QFileInfo::exists(made[2].file));
        QVERIFY(QFileInfo::exists(now->file));
        QVERIFY(QFileInfo::exists(QDir(m_target.backupDir).filePath(QStringLiteral("copy-new.art32bak"))));
        QCOMPARE(p->deletedFiles.size(), 3);
        // Recorded: rows kept, marked pruned, and audited.
        QCOMPARE(count("SELECT count(*) FROM art32.backups WHERE state = 'pruned'"), 2LL);
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'backup.prune'"), 2LL);
        // Nothing left to prune.
        QCOMPARE(backup::prune(*m_live, m_target.backupDir)->prunedEntries.size(), 0);
        QFile::remove(QDir(m_target.backupDir).filePath(QStringLiteral("copy-new.art32bak")));
    }

    void anErasureSurvivesARestore()
    {
        auto run = runBackup();
        QVERIFY(run);
        const long long id = count("SELECT min(a.id) FROM art32.accounts a JOIN art32.account_keys k ON "
                                   "k.account_id = a.id WHERE a.status <> 'erased'");
        QVERIFY(id > 0);
        test::superuserExec(m_db,
                            "SELECT art32.erase_account(" + std::to_string(id) + ", '" + std::to_string(id) + "')");
        const QString to = QStringLiteral("tst_backup_erased");
        dropDatabase(to);
        auto r = check(run->file, backup::Mode::Restore, to);
        QVERIFY2(r, qPrintable(r.error().message));
        QCOMPARE(r->erasuresReapplied, 1);
        const std::string where = " WHERE account_id = " + std::to_string(id);
        QCOMPARE(count("SELECT count(*) FROM art32.account_keys" + where, to), 0LL);
        QCOMPARE(count("SELECT count(*) FROM art32.records" + where, to), 0LL);
        QCOMPARE(count("SELECT count(*) FROM art32.erasure_ledger" + where, to), 1LL);
        QCOMPARE(
            count("SELECT count(*) FROM art32.accounts WHERE status = 'erased' AND id = " + std::to_string(id), to),
            1LL);
        // Other accounts are untouched.
        QVERIFY(count("SELECT count(*) FROM art32.account_keys", to) > 30);
        // A drill re-applies it too, and is recorded with its count.
        auto d = check(run->file, backup::Mode::Drill);
        QVERIFY2(d, qPrintable(d.error().message));
        QCOMPARE(d->erasuresReapplied, 1);
        QCOMPARE(
            count("SELECT count(*) FROM art32.backup_checks WHERE kind = 'drill' AND ok AND erasures_reapplied = 1"),
            1LL);
    }

    // The erasure ledger outside the database (i13-ledger): a restore after the live database is lost.
    void anErasureSurvivesWhenTheLiveDatabaseIsGone()
    {
        // A live database of its own (a restored copy of the fixture's), backed up into a directory of its own.
        const QString live = QStringLiteral("tst_backup_gone");
        dropDatabase(live);
        auto base = runBackup();
        QVERIFY(base);
        QVERIFY(check(base->file, backup::Mode::Restore, live));
        backup::Target target = m_target;
        target.connection = test::superuserProfile(live);
        target.backupDir = QDir(m_dir.path()).filePath(QStringLiteral("gone"));
        auto liveDb = std::make_unique<Database>(target.connection);
        QVERIFY(liveDb->openWithoutPassword());
        auto accountWithKeys = [&](int nth) {
            return count("SELECT a.id FROM art32.accounts a WHERE a.status <> 'erased' AND EXISTS (SELECT 1 FROM "
                         "art32.account_keys k WHERE k.account_id = a.id) ORDER BY a.id OFFSET "
                             + std::to_string(nth) + " LIMIT 1",
                         live);
        };
        auto erase = [&](long long id) {
            test::superuserExec(live,
                                "SELECT art32.erase_account(" + std::to_string(id) + ", '" + std::to_string(id) + "')");
        };
        // One erasure before the backup (its anchor), one after it (only the ledger knows it).
        const long long before = accountWithKeys(0);
        erase(before);
        auto run = backup::run(*liveDb, target, m_key);
        QVERIFY2(run, qPrintable(run.error().message));
        const int anchored = run->header.ledgerEntries;
        QVERIFY(anchored >= 1);
        const long long after = accountWithKeys(0);
        QVERIFY(after > 0 && after != before);
        erase(after);
        auto synced = backup::syncLedger(*liveDb, target.backupDir, m_key);
        QVERIFY2(synced, qPrintable(synced.error().message));
        QCOMPARE(synced->added, 1);
        QCOMPARE(synced->total, anchored + 1);
        const QString ledgerPath = backup::ledger::pathIn(target.backupDir);
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(ledgerPath).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QFile ledgerFile(ledgerPath);
        QVERIFY(ledgerFile.open(QIODevice::ReadOnly));
        const QByteArray good = ledgerFile.readAll();
        ledgerFile.close();
        QVERIFY(good.contains(" " + QByteArray::number(after) + " "));

        // The live database is gone.
        liveDb->close();
        dropDatabase(live);
        Database server(test::superuserProfile(QStringLiteral("postgres")));
        QVERIFY(server.openWithoutPassword());
        auto restoreGone = [&](const QString& to, bool noLedger = false) {
            backup::RestoreOptions o;
            o.mode = backup::Mode::Restore;
            o.targetDatabase = to;
            o.liveReachable = false;
            o.noLedger = noLedger;
            return backup::restore(server, target, run->file, m_key, o);
        };
        auto r = restoreGone(live);
        QVERIFY2(r, qPrintable(r.error().message));
        QCOMPARE(r->erasuresReapplied, 1); // the one made after the backup; the other was in it already
        QVERIFY(!r->ledgerLive);
        QVERIFY(r->ledgerFile);
        QCOMPARE(r->ledgerOnlyInFile, anchored + 1);
        const std::string where = " WHERE account_id = " + std::to_string(after);
        QCOMPARE(count("SELECT count(*) FROM art32.account_keys" + where, live), 0LL);
        QCOMPARE(count("SELECT count(*) FROM art32.records" + where, live), 0LL);
        QCOMPARE(count("SELECT count(*) FROM art32.erasure_ledger" + where, live), 1LL);
        QCOMPARE(count("SELECT count(*) FROM art32.accounts WHERE status = 'erased' AND id = " + std::to_string(after),
                       live),
                 1LL);

        // Neither the live database nor the file: refused, unless told; then the erased account is back.
        const QString other = QStringLiteral("tst_backup_gone2");
        dropDatabase(other);
        QVERIFY(QFile::rename(ledgerPath, ledgerPath + QStringLiteral(".away")));
        auto none = restoreGone(other);
        QVERIFY(!none);
        QCOMPARE(none.error().code, QStringLiteral("backup.ledger.none"));
        QVERIFY2(none.error().message.contains(QLatin1String("--no-ledger")), qPrintable(none.error().message));
        auto told = restoreGone(other, true);
        QVERIFY2(told, qPrintable(told.error().message));
        QCOMPARE(told->erasuresReapplied, 0);
        QVERIFY(count("SELECT count(*) FROM art32.account_keys" + where, other) > 0);
        QVERIFY(QFile::rename(ledgerPath + QStringLiteral(".away"), ledgerPath));

        // A tampered or truncated file is a clear error of its own, before anything is restored.
        auto withLedger = [&](const QByteArray& text) {
            QFile f(ledgerPath);
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            f.write(text);
            f.close();
            dropDatabase(other);
            return restoreGone(other);
        };
        QByteArray forged = good;
        const int at = forged.indexOf(" " + QByteArray::number(after) + " ");
        forged[at + 1] = forged[at + 1] == '9' ? '8' : char(forged[at + 1] + 1); // another account id
        auto t = withLedger(forged);
        QVERIFY(!t);
        QCOMPARE(t.error().code, QStringLiteral("backup.ledger.tampered"));
        QVERIFY2(t.error().message.contains(QLatin1String("altered")), qPrintable(t.error().message));
        auto cut = withLedger(good.left(good.size() - 20));
        QVERIFY(!cut);
        QCOMPARE(cut.error().code, QStringLiteral("backup.ledger.truncated"));
        // Cut at a line: the last seal is gone.
        QByteArray unsealed = good.left(good.size() - 1);
        unsealed = unsealed.left(unsealed.lastIndexOf('\n') + 1);
        auto lost = withLedger(unsealed);
        QVERIFY(!lost);
        QCOMPARE(lost.error().code, QStringLiteral("backup.ledger.truncated"));
        // Cut back to before what the backup saw: the backup's anchor catches it.
        QList<QByteArray> lines = good.split('\n');
        QByteArray firstOnly = lines.first() + '\n';
        auto empty = withLedger(firstOnly);
        QVERIFY(!empty);
        QCOMPARE(empty.error().code, QStringLiteral("backup.ledger.truncated"));
        // Another key cannot check it (nor forge it).
        QCOMPARE(backup::ledger::read(ledgerPath, backup::generateKey()).error().code,
                 QStringLiteral("backup.ledger.wrongkey"));
        withLedger(good);
        QVERIFY(backup::ledger::read(ledgerPath, m_key));
    }

    void keyFilesOnlyTheirOwnerReads()
    {
        const QString path = QDir(m_dir.path()).filePath(QStringLiteral("backup.key"));
        QVERIFY(backup::writeKeyFile(path, m_key, false));
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QCOMPARE(backup::writeKeyFile(path, m_key, false).error().code, QStringLiteral("backup.keyfile.exists"));
        auto read = backup::readKeyFile(path);
        QVERIFY(read);
        QVERIFY(read->equals(m_key));
        ::chmod(QFile::encodeName(path).constData(), 0640);
        QCOMPARE(backup::readKeyFile(path).error().code, QStringLiteral("backup.keyfile.mode"));
        QCOMPARE(backup::readKeyFile(path + QStringLiteral(".none")).error().code,
                 QStringLiteral("backup.key.missing"));
    }

    void cliExitCodes()
    {
        const QString ctl = QStringLiteral(ART32CTL_PATH);
        const Profile su = test::superuserProfile(m_db);
        const QString dir = QDir(m_dir.path()).filePath(QStringLiteral("cli"));
        auto ctlRun = [&](const QStringList& args) {
            return test::runProgram(
                ctl, QStringList { QStringLiteral("--profile"), QStringLiteral("tst_backup_su") } + args);
        };
        auto oneLine = [](const test::ProgramRun& r) {
            return r.err.trimmed().split(QLatin1Char('\n')).size() == 1;
        };
        QCOMPARE(test::runProgram(ctl,
                                  { QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("--name"),
                                    QStringLiteral("tst_backup_su"), QStringLiteral("--host"), su.host,
                                    QStringLiteral("--port"), su.port, QStringLiteral("--database"), m_db,
                                    QStringLiteral("--user"), su.user, QStringLiteral("--backup-dir"), dir })
                     .exitCode,
                 0);
        const QString key = QDir(m_dir.path()).filePath(QStringLiteral("cli.key"));
        QCOMPARE(
            ctlRun({ QStringLiteral("backup"), QStringLiteral("keygen"), QStringLiteral("--key-file"), key }).exitCode,
            0);
        auto again = ctlRun({ QStringLiteral("backup"), QStringLiteral("keygen"), QStringLiteral("--key-file"), key });
        QCOMPARE(again.exitCode, 5);
        QVERIFY(oneLine(again));

        auto run = ctlRun({ QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--key-file"), key });
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QLatin1String("Backup written: ") + dir));
        const QStringList files = QDir(dir).entryList({ QStringLiteral("*.art32bak") }, QDir::Files);
        QCOMPARE(files.size(), 1);
        const QString file = QDir(dir).filePath(files.first());

        QCOMPARE(
            ctlRun({ QStringLiteral("backup"), QStringLiteral("verify"), QStringLiteral("--key-file"), key }).exitCode,
            0);
        QCOMPARE(ctlRun({ QStringLiteral("backup"), QStringLiteral("verify"), file, QStringLiteral("--key-file"), key })
                     .exitCode,
                 0);
        // A profile that names the key file: no --key-file needed, no keychain asked.
        QCOMPARE(test::runProgram(ctl,
                                  { QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("--name"),
                                    QStringLiteral("tst_backup_kf"), QStringLiteral("--host"), su.host,
                                    QStringLiteral("--port"), su.port, QStringLiteral("--database"), m_db,
                                    QStringLiteral("--user"), su.user, QStringLiteral("--backup-dir"), dir,
                                    QStringLiteral("--backup-key-file"), key })
                     .exitCode,
                 0);
        auto byProfile = test::runProgram(ctl,
                                          { QStringLiteral("--profile"), QStringLiteral("tst_backup_kf"),
                                            QStringLiteral("backup"), QStringLiteral("verify"), file });
        QVERIFY2(byProfile.exitCode == 0, qPrintable(byProfile.err));
        // A relative key file path is refused when the profile is saved: 2.
        QCOMPARE(test::runProgram(ctl,
                                  { QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("--name"),
                                    QStringLiteral("tst_backup_kf2"), QStringLiteral("--host"), su.host,
                                    QStringLiteral("--database"), m_db, QStringLiteral("--user"), su.user,
                                    QStringLiteral("--backup-key-file"), QStringLiteral("backup.key") })
                     .exitCode,
                 2);
        // A damaged file: 8, one line.
        const QString cut = copyOf(file, QStringLiteral("cli-cut.art32bak"));
        QFile::resize(cut, QFileInfo(file).size() - 50);
        auto bad
            = ctlRun({ QStringLiteral("backup"), QStringLiteral("verify"), cut, QStringLiteral("--key-file"), key });
        QCOMPARE(bad.exitCode, 8);
        QVERIFY2(oneLine(bad) && bad.err.contains(QLatin1String("truncated")), qPrintable(bad.err));
        // A wrong key: 5.
        const QString other = QDir(m_dir.path()).filePath(QStringLiteral("other.key"));
        QVERIFY(backup::writeKeyFile(other, backup::generateKey(), false));
        auto wrong
            = ctlRun({ QStringLiteral("backup"), QStringLiteral("verify"), file, QStringLiteral("--key-file"), other });
        QCOMPARE(wrong.exitCode, 5);
        QVERIFY(oneLine(wrong));
        // A key file others can read: refused before anything runs.
        ::chmod(QFile::encodeName(other).constData(), 0644);
        auto open = ctlRun({ QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--key-file"), other });
        QCOMPARE(open.exitCode, 5);
        QVERIFY2(oneLine(open) && open.err.contains(QLatin1String("chmod 600")), qPrintable(open.err));
        // No such file: 7. Both --latest and --all: 2.
        QCOMPARE(ctlRun({ QStringLiteral("backup"), QStringLiteral("verify"), file + QStringLiteral(".none"),
                          QStringLiteral("--key-file"), key })
                     .exitCode,
                 7);
        QCOMPARE(ctlRun({ QStringLiteral("backup"), QStringLiteral("verify"), QStringLiteral("--latest"),
                          QStringLiteral("--all"), QStringLiteral("--key-file"), key })
                     .exitCode,
                 2);
        // Restore: into a new database, then refused over it without --force.
        dropDatabase(QStringLiteral("tst_backup_cli"));
        auto restored = ctlRun({ QStringLiteral("backup"), QStringLiteral("restore"), file, QStringLiteral("--to"),
                                 QStringLiteral("tst_backup_cli"), QStringLiteral("--key-file"), key });
        QVERIFY2(restored.exitCode == 0, qPrintable(restored.err));
        QVERIFY(restored.out.contains(QLatin1String("erasure(s)")));
        auto over = ctlRun({ QStringLiteral("backup"), QStringLiteral("restore"), file, QStringLiteral("--to"),
                             QStringLiteral("tst_backup_cli"), QStringLiteral("--key-file"), key });
        QCOMPARE(over.exitCode, 5);
        QVERIFY(oneLine(over));
        // Status: a month without backups every day is not all well (1), and says which days are missing.
        auto status = ctlRun({ QStringLiteral("backup"), QStringLiteral("status") });
        QCOMPARE(status.exitCode, 1);
        QVERIFY(status.out.contains(QLatin1String("MISSING")));
        QVERIFY(status.out.contains(QLatin1String("Last good backup: ")));
        QCOMPARE(ctlRun({ QStringLiteral("backup"), QStringLiteral("prune") }).exitCode, 0);
        // The erasure ledger file: synced, checked, and a damaged one is exit 8 with one line.
        auto sync = ctlRun({ QStringLiteral("backup"), QStringLiteral("ledger"), QStringLiteral("sync"),
                             QStringLiteral("--key-file"), key });
        QVERIFY2(sync.exitCode == 0 && sync.out.contains(QLatin1String("erasure(s)")), qPrintable(sync.err));
        QCOMPARE(ctlRun({ QStringLiteral("backup"), QStringLiteral("ledger"), QStringLiteral("check"),
                          QStringLiteral("--key-file"), key })
                     .exitCode,
                 0);
        // A profile whose live database is gone: restore reconnects to the server and uses the ledger file alone.
        QCOMPARE(test::runProgram(ctl,
                                  { QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("--name"),
                                    QStringLiteral("tst_backup_lost"), QStringLiteral("--host"), su.host,
                                    QStringLiteral("--port"), su.port, QStringLiteral("--database"),
                                    QStringLiteral("tst_backup_lost"), QStringLiteral("--user"), su.user,
                                    QStringLiteral("--backup-dir"), dir })
                     .exitCode,
                 0);
        dropDatabase(QStringLiteral("tst_backup_lost"));
        auto lostRun
            = test::runProgram(ctl,
                               { QStringLiteral("--profile"), QStringLiteral("tst_backup_lost"),
                                 QStringLiteral("backup"), QStringLiteral("restore"), file, QStringLiteral("--to"),
                                 QStringLiteral("tst_backup_lost"), QStringLiteral("--key-file"), key });
        test::runProgram(ctl,
                         { QStringLiteral("profile"), QStringLiteral("remove"), QStringLiteral("tst_backup_lost") });
        QVERIFY2(lostRun.exitCode == 0, qPrintable(lostRun.err));
        QVERIFY2(lostRun.err.contains(QLatin1String("cannot be reached")), qPrintable(lostRun.err));
        QVERIFY2(lostRun.out.contains(QLatin1String("(file only")), qPrintable(lostRun.out));
        dropDatabase(QStringLiteral("tst_backup_lost"));
        QFile::resize(backup::ledger::pathIn(dir), QFileInfo(backup::ledger::pathIn(dir)).size() - 3);
        auto damaged = ctlRun({ QStringLiteral("backup"), QStringLiteral("ledger"), QStringLiteral("check"),
                                QStringLiteral("--key-file"), key });
        QCOMPARE(damaged.exitCode, 8);
        QVERIFY2(oneLine(damaged) && damaged.err.contains(QLatin1String("truncated")), qPrintable(damaged.err));
        test::runProgram(ctl, { QStringLiteral("profile"), QStringLiteral("remove"), QStringLiteral("tst_backup_su") });
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
