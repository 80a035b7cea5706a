// The audit chain (issue 12) against the real server: the encoder equals the server's, 20 concurrent writers do
// not fork it, every tracked table's trigger, retention, the detection of forged, deleted and re-hashed rows, the
// script of docs/FORMAT.md §8.3, and art32ctl audit's exit codes.
#include "../security/SecuritySupport.h"
#include "TestSupport.h"
#include "audit/Chain.h"
#include "core/Versions.h"
#include "keychain/Keychain.h"
#include "store/Database.h"
#include "store/Profile.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <pqxx/pqxx>
#include <thread>

using namespace art32;
using namespace art32::audit;

// A superuser's way around the append-only triggers, and back: they fire ALWAYS again afterwards.
#define TRIGGERS_ON                                                                                                    \
    "ALTER TABLE art32.audit_events ENABLE TRIGGER ALL, ENABLE ALWAYS TRIGGER audit_events_chain, ENABLE ALWAYS "      \
    "TRIGGER audit_events_no_update, ENABLE ALWAYS TRIGGER audit_events_no_truncate"

class TestAuditChain : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_auditchain");
    Keychain m_keychain;
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    int m_scratch = 0;

    std::string super1(const QString& db, const std::string& sql)
    {
        pqxx::connection c(test::superuserProfile(db).connectionString());
        pqxx::nontransaction tx(c);
        const pqxx::result r = tx.exec(sql);
        return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].c_str();
    }

    std::unique_ptr<Database> superDb(const QString& db)
    {
        auto d = std::make_unique<Database>(test::superuserProfile(db));
        if (!d->openWithoutPassword())
            return nullptr;
        return d;
    }

    /** A migrated database of its own, with a few events of every kind. */
    QString scratch()
    {
        const QString name = QStringLiteral("tst_auditchain_%1").arg(++m_scratch);
        test::freshDatabase(name);
        test::migrate(name);
        test::superuserExec(name,
                            "INSERT INTO art32.accounts (company_name, plan) SELECT 'Co ' || g, 'free' FROM "
                            "generate_series(1, 5) g;"
                            "UPDATE art32.accounts SET plan = 'starter' WHERE id = 2;"
                            "DELETE FROM art32.accounts WHERE id = 5;"
                            "SELECT art32.audit('records.reveal', '1', '{\"why\": \"reveal\", \"records\": 2}');"
                            "SELECT art32.audit('test.null_object', NULL, '{}');"
                            "SELECT art32.audit('test.unicode', 'Zo\u00eb', '{\"naam\": \"Zo\u00eb \u2603\"}');");
        return name;
    }

    VerifyReport verified(const QString& db, qint64 from = 1, const std::optional<Checkpoint>& cp = std::nullopt)
    {
        auto d = superDb(db);
        if (!d)
            return {};
        auto r = verify(*d, from, cp, {}, nullptr);
        if (!r) {
            qWarning() << r.error().code << r.error().message;
            return {};
        }
        return r.value();
    }

    static test::ProgramRun ctl(const QStringList& args, const QByteArray& input = QByteArray())
    {
        return test::runProgram(QStringLiteral(ART32CTL_PATH), args, input);
    }

    test::ProgramRun as(const test::TestAdmin& admin, const QStringList& command)
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        return ctl(QStringList { QStringLiteral("--profile"), admin.profile.name, QStringLiteral("--code"),
                                 QStringLiteral("-") }
                       + command,
                   test::codeFor(admin, m_offset).toLatin1() + '\n');
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        setApplicationIdentity(); // the same settings file as art32ctl
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_ac"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        ProfileStore profiles;
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(profiles.save(a->profile));
    }

    void cleanupTestCase()
    {
        test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud });
        m_keychain.removeNow(signingKeyEntry(m_cto.profile));
        ProfileStore profiles;
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            profiles.remove(a->profile.name);
    }

    // The console's encoder (from binary COPY) gives the bytes the server's art32.audit_encode gives, for every
    // kind of event, and each stored hash is SHA-256(prev_hash ‖ those bytes).
    void encoderMatchesTheServer()
    {
        const QString db = scratch();
        pqxx::connection c(test::superuserProfile(db).connectionString());
        auto events = readEncoded(c, 1, std::numeric_limits<qint64>::max());
        QVERIFY2(events, qPrintable(events.error().message));
        QVERIFY(events->size() >= 10);
        pqxx::nontransaction tx(c);
        const pqxx::result server = tx.exec(
            "SELECT seq, art32.audit_encode(seq, at, actor, action, object, detail, account_id, tbl, row_key, "
            "columns) FROM art32.audit_events ORDER BY seq");
        QCOMPARE(server.size(), events->size());
        QByteArray prev = genesis();
        bool sawNullColumns = false, sawColumns = false, sawUnicode = false;
        for (std::size_t i = 0; i < events->size(); ++i) {
            const EncodedEvent& e = events.value()[i];
            QCOMPARE(e.seq, static_cast<qint64>(i + 1));
            const pqxx::binarystring bytes(server[static_cast<int>(i)][1]);
            QCOMPARE(e.encoding, QByteArray(bytes.get(), static_cast<qsizetype>(bytes.size())));
            QCOMPARE(e.prevHash, prev);
            QCOMPARE(chainHash(e.prevHash, e.encoding), e.hash);
            prev = e.hash;
            sawNullColumns |= e.encoding.endsWith(QByteArray("\xff\xff\xff\xff", 4));
            sawColumns |= e.encoding.contains("company_name");
            sawUnicode |= e.encoding.contains("\xe2\x98\x83");
        }
        QVERIFY(sawNullColumns && sawColumns && sawUnicode);
        QCOMPARE(verified(db).kind, BreakKind::None);
    }

    void twentyWritersDoNotForkTheChain()
    {
        const QString db = scratch();
        const std::string password = "w-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_ac_writer"), password, QStringLiteral("art32_platform"));
        const long long before = std::stoll(super1(db, "SELECT count(*) FROM art32.audit_events"));
        constexpr int kWriters = 20, kRounds = 15;
        std::atomic_int failures { 0 };
        std::vector<std::thread> writers;
        for (int w = 0; w < kWriters; ++w) {
            writers.emplace_back([&, w] {
                try {
                    // Half the platform changing rows (change triggers), half audited actions through art32.audit.
                    auto conn = w % 2 == 0
                        ? std::make_unique<pqxx::connection>(test::superuserProfile(db).connectionString())
                        : nullptr;
                    std::unique_ptr<Database> platform;
                    if (!conn)
                        platform = test::loginAs(db, QStringLiteral("tst_ac_writer"), password);
                    for (int i = 0; i < kRounds; ++i) {
                        const std::string n = std::to_string(w * 1000 + i);
                        if (conn) {
                            pqxx::work tx(*conn);
                            tx.exec("SELECT art32.audit('test.concurrent', '" + n + "', '{}')");
                            tx.exec("SELECT art32.audit('test.concurrent', '" + n + "b', '{}')");
                            tx.commit();
                        } else if (!platform
                                   || !test::sqlstate(*platform,
                                                      "INSERT INTO art32.accounts (company_name, plan) VALUES ('W" + n
                                                          + "', 'free')")
                                           .empty()) {
                            ++failures;
                        }
                    }
                } catch (const std::exception& e) {
                    qWarning() << e.what();
                    ++failures;
                }
            });
        }
        for (auto& t : writers)
            t.join();
        QCOMPARE(failures.load(), 0);
        const long long after = std::stoll(super1(db, "SELECT count(*) FROM art32.audit_events"));
        QCOMPARE(after - before, static_cast<long long>(kWriters / 2 * kRounds * 2 + kWriters / 2 * kRounds));
        // One chain: gapless seq, each event linked to the one before, time never going back.
        QCOMPARE(super1(db,
                        "SELECT count(*) FROM (SELECT seq, lag(seq) OVER w AS ps, prev_hash, lag(hash) OVER w AS ph, "
                        "at, lag(at) OVER w AS pa FROM art32.audit_events WINDOW w AS (ORDER BY seq)) x "
                        "WHERE ps IS NOT NULL AND (seq <> ps + 1 OR prev_hash <> ph OR at < pa)"),
                 std::string("0"));
        const VerifyReport r = verified(db);
        QCOMPARE(r.kind, BreakKind::None);
        QCOMPARE(r.checked, after);
    }

    // A superuser in replica mode still writes through the chain (the triggers fire ALWAYS) and cannot change it.
    void replicaModeChangesNothing()
    {
        const QString db = scratch();
        test::superuserExec(db,
                            "SET session_replication_role = replica; INSERT INTO art32.audit_events (action, "
                            "object, prev_hash, hash) VALUES ('forged', 'x', '\\x00', '\\x00')");
        QCOMPARE(super1(db, "SELECT count(*) FROM art32.audit_events WHERE action = 'forged' AND length(hash) = 32"),
                 std::string("1"));
        QVERIFY_THROWS_EXCEPTION(std::exception,
                                 test::superuserExec(db,
                                                     "SET session_replication_role = replica; "
                                                     "UPDATE art32.audit_events SET action = 'x'"));
        QCOMPARE(verified(db).kind, BreakKind::None);
    }

    void aRowForgedWithTriggersOffIsNamed()
    {
        const QString db = scratch();
        test::superuserExec(
            db,
            "ALTER TABLE art32.audit_events DISABLE TRIGGER ALL;"
            "UPDATE art32.audit_events SET detail = '{\"why\": \"nothing to see\"}' WHERE seq = 4;" TRIGGERS_ON);
        const VerifyReport r = verified(db);
        QCOMPARE(r.kind, BreakKind::EditedRow);
        QCOMPARE(r.brokenSeq, 4LL);
        QCOMPARE(r.intactUpTo, 3LL);
        QVERIFY(r.detail.contains(QLatin1String("4")));
        // The outcome is an event of its own.
        QCOMPARE(super1(db,
                        "SELECT object || ' ' || (detail->>'broken') FROM art32.audit_events WHERE action = "
                        "'audit.verify' ORDER BY seq DESC LIMIT 1"),
                 std::string("edited_row 4"));
    }

    void aRowAppendedWithTriggersOffIsNamed()
    {
        const QString db = scratch();
        const std::string last = super1(db, "SELECT max(seq) FROM art32.audit_events");
        test::superuserExec(db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER ALL;"
                            "INSERT INTO art32.audit_events (seq, at, actor, action, prev_hash, hash) SELECT seq + 1, "
                            "at, 'nobody', 'forged', hash, sha256(hash) FROM art32.audit_events ORDER BY seq DESC "
                            "LIMIT 1;" TRIGGERS_ON);
        const VerifyReport r = verified(db);
        QCOMPARE(r.kind, BreakKind::EditedRow);
        QCOMPARE(r.brokenSeq, std::stoll(last) + 1);
    }

    void aDeletedRowIsNamed()
    {
        const QString db = scratch();
        test::superuserExec(db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER ALL;"
                            "DELETE FROM art32.audit_events WHERE seq = 3;" TRIGGERS_ON);
        VerifyReport r = verified(db);
        QCOMPARE(r.kind, BreakKind::MissingRow);
        QCOMPARE(r.brokenSeq, 3LL);
        QCOMPARE(r.intactUpTo, 2LL);
        // The first events gone without a retention anchor.
        test::superuserExec(db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER ALL;"
                            "DELETE FROM art32.audit_events WHERE seq < 3;" TRIGGERS_ON);
        r = verified(db);
        QCOMPARE(r.kind, BreakKind::MissingRow);
        QCOMPARE(r.brokenSeq, 1LL);
    }

    // A superuser rewrites an event and re-hashes everything after it: the chain alone is consistent again, the
    // signed checkpoint is not fooled; nor by a tail cut off.
    void aRehashedTailIsCaughtByTheCheckpoint()
    {
        const QString db = scratch();
        auto d = superDb(db);
        QVERIFY(d);
        const SecureBytes key = newSigningKey();
        QVERIFY(d->call([&](pqxx::connection_base& c) { return publishKey(c, publicKeyOf(key)); }));
        auto intact = verify(*d, 1, std::nullopt, {}, nullptr);
        QVERIFY(intact && intact->kind == BreakKind::None);
        const QString signer = QString::fromStdString(super1(db, "SELECT session_user"));
        auto cp = d->call([&](pqxx::connection_base& c) { return signCheckpoint(c, intact.value(), signer, key); });
        QVERIFY2(cp, qPrintable(cp.error().message));
        QVERIFY(parseNote(noteText(cp.value())));
        QCOMPARE(verified(db, 1, cp.value()).kind, BreakKind::None);
        QCOMPARE(verified(db, cp->seq, cp.value()).kind, BreakKind::None);
        test::superuserExec(db, R"(ALTER TABLE art32.audit_events DISABLE TRIGGER ALL;
            UPDATE art32.audit_events SET detail = '{"why": "rewritten"}' WHERE seq = 3;
            DO $$
            DECLARE e record; prev bytea;
            BEGIN
                SELECT hash INTO prev FROM art32.audit_events WHERE seq = 2;
                FOR e IN SELECT * FROM art32.audit_events WHERE seq >= 3 ORDER BY seq LOOP
                    UPDATE art32.audit_events SET prev_hash = prev,
                        hash = sha256(prev || art32.audit_encode(e.seq, e.at, e.actor, e.action, e.object, e.detail,
                                                                 e.account_id, e.tbl, e.row_key, e.columns))
                     WHERE seq = e.seq RETURNING hash INTO prev;
                END LOOP;
            END $$;
            )" TRIGGERS_ON);
        QCOMPARE(verified(db).kind, BreakKind::None); // what the chain alone cannot see
        VerifyReport r = verified(db, 1, cp.value());
        QCOMPARE(r.kind, BreakKind::CheckpointMismatch);
        QCOMPARE(r.brokenSeq, cp->seq);
        // From the checkpoint on, too (verify starts at the checkpoint when it is earlier).
        r = verified(db, cp->seq + 2, cp.value());
        QCOMPARE(r.kind, BreakKind::CheckpointMismatch);
        // A cut tail: the log ends before the checkpoint.
        test::superuserExec(db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER ALL;"
                            "DELETE FROM art32.audit_events WHERE seq >= "
                                + std::to_string(cp->seq) + ";" TRIGGERS_ON);
        const std::optional<Checkpoint> original = cp.value();
        auto again = superDb(db);
        auto cut = verify(*again, 1, original, {}, nullptr);
        QVERIFY2(cut, cut ? "" : qPrintable(cut.error().code + QStringLiteral(": ") + cut.error().message));
        QCOMPARE(cut->kind, BreakKind::CheckpointMismatch);
        QCOMPARE(cut->brokenSeq, cp->seq);
        // A checkpoint signed by a key nobody published is refused.
        Checkpoint foreign = cp.value();
        const SecureBytes other = newSigningKey();
        foreign.publicKey = publicKeyOf(other);
        auto refused = verify(*again, 1, foreign, {}, nullptr);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("audit.checkpoint_invalid"));
    }

    // Retention cuts a prefix, records the anchor, and verify starts there; the cut is itself an event.
    void retentionCutsAPrefixFromAnAnchor()
    {
        const QString db = scratch();
        const long long last = std::stoll(super1(db, "SELECT max(seq) FROM art32.audit_events"));
        QCOMPARE(super1(db, "SELECT art32.audit_retain(5)"), std::string("4"));
        QCOMPARE(super1(db, "SELECT min(seq) FROM art32.audit_events"), std::string("5"));
        QCOMPARE(super1(db,
                        "SELECT count(*) FROM art32.audit_anchors a JOIN art32.audit_events e ON e.seq = "
                        "a.first_seq AND e.prev_hash = a.prev_hash"),
                 std::string("1"));
        QVERIFY(std::stoll(super1(db, "SELECT max(seq) FROM art32.audit_events WHERE action = 'audit.retention'"))
                > last);
        const VerifyReport r = verified(db);
        QCOMPARE(r.kind, BreakKind::None);
        QCOMPARE(r.firstSeq, 5LL);
        // Nothing but the prefix before an anchor of this transaction may go, even for the owner.
        QVERIFY_THROWS_EXCEPTION(std::exception,
                                 test::superuserExec(db,
                                                     "SET ROLE art32_owner; DELETE FROM art32.audit_events "
                                                     "WHERE seq = 6"));
        QVERIFY_THROWS_EXCEPTION(std::exception, test::superuserExec(db, "SELECT art32.audit_retain(1000000)"));
    }

    void theScriptOfFormatMdChecksARealLog()
    {
        const QString db = scratch();
        QFile doc(QStringLiteral(ART32_SOURCE_DIR "/docs/FORMAT.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(doc.readAll());
        const qsizetype at = text.indexOf(QLatin1String("```python\n"));
        QVERIFY(at > 0);
        const qsizetype end = text.indexOf(QLatin1String("```"), at + 10);
        const QString script = text.mid(at + 10, end - at - 10);
        QTemporaryDir dir;
        QFile py(dir.filePath(QStringLiteral("check.py")));
        QVERIFY(py.open(QIODevice::WriteOnly));
        py.write(script.toUtf8());
        py.close();
        const auto exportAndCheck = [&]() {
            QFile lines(dir.filePath(QStringLiteral("events.jsonl")));
            if (!lines.open(QIODevice::WriteOnly))
                return test::ProgramRun {};
            pqxx::connection c(test::superuserProfile(db).connectionString());
            pqxx::nontransaction tx(c);
            for (const auto& row : tx.exec(
                     "SELECT json_build_object('seq', seq, 'at', (extract(epoch FROM at) * 1000000)::bigint, 'actor', "
                     "actor, 'action', action, 'object', object, 'detail', detail::text, 'account_id', account_id, "
                     "'tbl', tbl, 'row_key', row_key, 'columns', columns, 'prev', encode(prev_hash, 'hex'), 'hash', "
                     "encode(hash, 'hex')) FROM art32.audit_events ORDER BY seq"))
                lines.write(QByteArray(row[0].c_str()) + '\n');
            lines.close();
            return test::runProgram(QStringLiteral("python3"), { py.fileName(), lines.fileName() });
        };
        test::ProgramRun run = exportAndCheck();
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.startsWith(QLatin1String("intact up to ")));
        test::superuserExec(db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER ALL;"
                            "UPDATE art32.audit_events SET actor = 'someone_else' WHERE seq = 2;" TRIGGERS_ON);
        run = exportAndCheck();
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("edited row: 2")), qPrintable(run.err));
    }

    // Every trigger: an insert, an update and a delete on each tracked table give events with the table, the key
    // and the column names, and none of the values.
    void everyTrackedTableLogsItsChanges_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("prepare");
        QTest::addColumn<QString>("insert");
        QTest::addColumn<QString>("update");
        QTest::addColumn<QString>("del");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("inserted"); // one column the insert names
        QTest::addColumn<QString>("updated"); // the column the update names
        const QString bytes = QStringLiteral("'\\xdeadbeef' || '\\x%1'::bytea");
        const auto pad = [&](int n) {
            return bytes.arg(QString(2 * (n - 4), QLatin1Char('0')));
        };
        const auto row = [](const char* t, const QString& prep, const QString& ins, const QString& upd,
                            const QString& del, const char* key, const char* i, const char* u) {
            QTest::newRow(t) << QString::fromLatin1(t) << prep << ins << upd << del << QString::fromLatin1(key)
                             << QString::fromLatin1(i) << QString::fromLatin1(u);
        };
        const QString base
            = QStringLiteral(
                  "INSERT INTO art32.accounts (id, company_name, plan) VALUES (9002, 'Base XYZZY', 'free') ON CONFLICT "
                  "DO "
                  "NOTHING; INSERT INTO art32.key_versions (kind, version) VALUES ('kek', 901), ('index', 901) ON "
                  "CONFLICT "
                  "DO NOTHING; INSERT INTO art32.records (id, account_id, kind, ciphertext) VALUES (9102, 9002, 1, %1) "
                  "ON "
                  "CONFLICT DO NOTHING; INSERT INTO art32.admins (id, login, display_name, role) OVERRIDING SYSTEM "
                  "VALUE "
                  "VALUES (9202, 'tst_ac_base', 'Base XYZZY', 'sysadmin') ON CONFLICT DO NOTHING; INSERT INTO "
                  "art32.platform_keys (login, public_key, registered_at) VALUES ('tst_ac_plat2', %2, now()) ON "
                  "CONFLICT DO "
                  "NOTHING")
                  .arg(pad(45), pad(32));
        row("accounts", base,
            QStringLiteral("INSERT INTO art32.accounts (id, company_name, plan) VALUES (9001, 'Marker XYZZY', 'free')"),
            QStringLiteral("UPDATE art32.accounts SET plan = 'starter' WHERE id = 9001"),
            QStringLiteral("DELETE FROM art32.accounts WHERE id = 9001"), "9001", "company_name", "plan");
        row("records", base,
            QStringLiteral("INSERT INTO art32.records (id, account_id, kind, ciphertext) VALUES (9101, 9002, 1, %1)")
                .arg(pad(45)),
            QStringLiteral("UPDATE art32.records SET ciphertext = %1 WHERE id = 9101").arg(pad(46)),
            QStringLiteral("DELETE FROM art32.records WHERE id = 9101"), "9101", "ciphertext", "ciphertext");
        row("blind_index", base,
            QStringLiteral("INSERT INTO art32.blind_index (record_id, account_id, kind, index_version, digest) VALUES "
                           "(9102, 9002, 1, 901, %1)")
                .arg(pad(16)),
            QStringLiteral("UPDATE art32.blind_index SET digest = %1 || '\\x01'::bytea WHERE record_id = 9102")
                .arg(pad(15)),
            QStringLiteral("DELETE FROM art32.blind_index WHERE record_id = 9102"), "9102", "digest", "digest");
        row("account_keys", base,
            QStringLiteral("INSERT INTO art32.account_keys (account_id, kek_version, wrapped_dek) VALUES (9002, 901, "
                           "%1)")
                .arg(pad(77)),
            QStringLiteral("UPDATE art32.account_keys SET dek_version = 2 WHERE account_id = 9002"),
            QStringLiteral("DELETE FROM art32.account_keys WHERE account_id = 9002"), "9002", "wrapped_dek",
            "dek_version");
        row("admins", base,
            QStringLiteral("INSERT INTO art32.admins (id, login, display_name, role) OVERRIDING SYSTEM VALUE VALUES "
                           "(9201, 'tst_ac_tbl', 'Marker XYZZY', 'auditor')"),
            QStringLiteral("UPDATE art32.admins SET display_name = 'Other XYZZY' WHERE id = 9201"),
            QStringLiteral("DELETE FROM art32.admins WHERE id = 9201"), "9201", "display_name", "display_name");
        row("admin_totp", base,
            QStringLiteral("INSERT INTO art32.admin_totp (admin_id, secret) VALUES (9202, %1)").arg(pad(20)),
            QStringLiteral("UPDATE art32.admin_totp SET consecutive_failures = 1 WHERE admin_id = 9202"),
            QStringLiteral("DELETE FROM art32.admin_totp WHERE admin_id = 9202"), "9202", "secret",
            "consecutive_failures");
        row("sealed_keys", base,
            QStringLiteral("INSERT INTO art32.sealed_keys (admin_id, kind, version, sealed) VALUES (9202, 'kek', 901, "
                           "%1)")
                .arg(pad(80)),
            QStringLiteral("UPDATE art32.sealed_keys SET sealed = %1 || '\\x01'::bytea WHERE admin_id = 9202")
                .arg(pad(79)),
            QStringLiteral("DELETE FROM art32.sealed_keys WHERE admin_id = 9202"), "9202,kek,901", "sealed", "sealed");
        row("access_grants", base,
            QStringLiteral("INSERT INTO art32.access_grants (id, admin_id, account_id, reason, granted_at, expires_at) "
                           "OVERRIDING SYSTEM VALUE VALUES (9301, 9202, 9002, 'XYZZY ticket', now(), now() + '1 h')"),
            QStringLiteral("UPDATE art32.access_grants SET revoked_at = now() WHERE id = 9301"),
            QStringLiteral("DELETE FROM art32.access_grants WHERE id = 9301"), "9301", "reason", "revoked_at");
        row("erasure_ledger", QString(),
            QStringLiteral("INSERT INTO art32.erasure_ledger VALUES (9004, now(), 'XYZZY', 0, now())"),
            QStringLiteral("ALTER TABLE art32.erasure_ledger DISABLE TRIGGER erasure_ledger_append_only; UPDATE "
                           "art32.erasure_ledger SET records_deleted = 1 WHERE account_id = 9004; ALTER TABLE "
                           "art32.erasure_ledger ENABLE ALWAYS TRIGGER erasure_ledger_append_only"),
            QStringLiteral("ALTER TABLE art32.erasure_ledger DISABLE TRIGGER erasure_ledger_append_only; DELETE FROM "
                           "art32.erasure_ledger WHERE account_id = 9004; ALTER TABLE art32.erasure_ledger ENABLE "
                           "ALWAYS TRIGGER erasure_ledger_append_only"),
            "9004", "erased_by", "records_deleted");
        row("kek_versions", QString(), QStringLiteral("INSERT INTO art32.kek_versions (version) VALUES (9001)"),
            QStringLiteral("UPDATE art32.kek_versions SET retired_at = now() WHERE version = 9001"),
            QStringLiteral("DELETE FROM art32.kek_versions WHERE version = 9001"), "9001", "version", "retired_at");
        row("key_versions", QString(),
            QStringLiteral("INSERT INTO art32.key_versions (kind, version) VALUES ('kek', 9002)"),
            QStringLiteral("UPDATE art32.key_versions SET retired_at = now() WHERE version = 9002"),
            QStringLiteral("DELETE FROM art32.key_versions WHERE version = 9002"), "kek,9002", "kind", "retired_at");
        row("key_rotations", QString(),
            QStringLiteral("INSERT INTO art32.key_rotations (kind, from_version, to_version, started_at, finished_at) "
                           "VALUES ('kek', 1, 9003, now(), now())"),
            QStringLiteral("UPDATE art32.key_rotations SET finished_by = 'XYZZY' WHERE to_version = 9003"),
            QStringLiteral("DELETE FROM art32.key_rotations WHERE to_version = 9003"), "kek,9003", "from_version",
            "finished_by");
        row("platform_keys", QString(),
            QStringLiteral("INSERT INTO art32.platform_keys (login, public_key, registered_at) VALUES ('tst_ac_plat', "
                           "%1, now())")
                .arg(pad(32)),
            QStringLiteral("UPDATE art32.platform_keys SET registered_by = 'xyzzy' WHERE login = 'tst_ac_plat'"),
            QStringLiteral("DELETE FROM art32.platform_keys WHERE login = 'tst_ac_plat'"), "tst_ac_plat", "public_key",
            "registered_by");
        row("platform_sealed_keys", base,
            QStringLiteral("INSERT INTO art32.platform_sealed_keys (login, kind, version, sealed, created_at) VALUES "
                           "('tst_ac_plat2', 'kek', 901, %1, now())")
                .arg(pad(80)),
            QStringLiteral("UPDATE art32.platform_sealed_keys SET created_by = 'xyzzy' WHERE login = 'tst_ac_plat2'"),
            QStringLiteral("DELETE FROM art32.platform_sealed_keys WHERE login = 'tst_ac_plat2'"),
            "tst_ac_plat2,kek,901", "sealed", "created_by");
        row("policy", QString(), QStringLiteral("INSERT INTO art32.policy VALUES ('tst_policy', 31337)"),
            QStringLiteral("UPDATE art32.policy SET value = 31338 WHERE key = 'tst_policy'"),
            QStringLiteral("DELETE FROM art32.policy WHERE key = 'tst_policy'"), "tst_policy", "value", "value");
        row("schema_migrations", QString(),
            QStringLiteral("INSERT INTO art32.schema_migrations (version, name, checksum) VALUES (9999, 'XYZZY', "
                           "'XYZZY')"),
            QStringLiteral("UPDATE art32.schema_migrations SET checksum = 'XYZZY2' WHERE version = 9999"),
            QStringLiteral("DELETE FROM art32.schema_migrations WHERE version = 9999"), "9999", "checksum", "checksum");
        row("test_clock", QStringLiteral("DELETE FROM art32.test_clock"),
            QStringLiteral("INSERT INTO art32.test_clock (offset_by) VALUES ('31337 seconds')"),
            QStringLiteral("UPDATE art32.test_clock SET offset_by = '31338 seconds'"),
            QStringLiteral("DELETE FROM art32.test_clock"), "true", "offset_by", "offset_by");
        row("audit_signing_keys", QString(),
            QStringLiteral("INSERT INTO art32.audit_signing_keys (public_key, login, published_at) VALUES (%1, "
                           "'xyzzy', now())")
                .arg(pad(32)),
            QStringLiteral("UPDATE art32.audit_signing_keys SET published_at = now() + '1 s' WHERE login = 'xyzzy'"),
            QStringLiteral("DELETE FROM art32.audit_signing_keys WHERE login = 'xyzzy'"), "\\xdeadbeef", "public_key",
            "published_at");
        row("audit_anchors", QString(),
            QStringLiteral("INSERT INTO art32.audit_anchors (first_seq, prev_hash, cut_at) VALUES (99999999, %1, "
                           "now())")
                .arg(pad(32)),
            QStringLiteral("UPDATE art32.audit_anchors SET cut_by = 'xyzzy' WHERE first_seq = 99999999"),
            QStringLiteral("DELETE FROM art32.audit_anchors WHERE first_seq = 99999999"), "99999999", "prev_hash",
            "cut_by");
    }

    void everyTrackedTableLogsItsChanges()
    {
        QFETCH(QString, table);
        QFETCH(QString, prepare);
        QFETCH(QString, insert);
        QFETCH(QString, update);
        QFETCH(QString, del);
        QFETCH(QString, key);
        QFETCH(QString, inserted);
        QFETCH(QString, updated);
        if (!prepare.isEmpty())
            test::superuserExec(m_db, prepare.toStdString());
        const std::string first = super1(m_db, "SELECT max(seq) FROM art32.audit_events");
        test::superuserExec(m_db, insert.toStdString());
        test::superuserExec(m_db, update.toStdString());
        test::superuserExec(m_db, del.toStdString());
        const std::string t = test::literal(table.toStdString());
        const std::string events = "FROM art32.audit_events e WHERE e.seq > " + first + " AND e.tbl = " + t;
        // The key of a bytea primary key is its text form; the test gives its beginning.
        const std::string keyMatch = key.startsWith(QLatin1String("\\x"))
            ? "starts_with(e.row_key, " + test::literal(key.toStdString()) + ")"
            : "e.row_key = " + test::literal(key.toStdString());
        for (const auto& [action, column] : { std::pair<std::string, QString> { "row.insert", inserted },
                                              std::pair<std::string, QString> { "row.update", updated },
                                              std::pair<std::string, QString> { "row.delete", inserted } }) {
            const std::string what = table.toStdString() + " " + action + ": "
                + super1(m_db,
                         "SELECT string_agg(e.action || ' ' || coalesce(e.row_key, '-') || ' ' || "
                         "coalesce(array_to_string(e.columns, '/'), '-') || ' ' || e.actor, '; ') "
                             + events);
            QVERIFY2(super1(m_db,
                            "SELECT count(*) " + events + " AND " + keyMatch + " AND e.action = '" + action
                                + "' AND e.actor = session_user AND " + test::literal(column.toStdString())
                                + " = ANY (e.columns)")
                         == "1",
                     what.c_str());
        }
        // An update names only what changed.
        QCOMPARE(super1(m_db, "SELECT array_to_string(e.columns, ',') " + events + " AND e.action = 'row.update'"),
                 updated.toStdString());
        // No value: neither the text markers nor the bytes; the object is the key, nothing else.
        QCOMPARE(super1(m_db,
                        "SELECT count(*) " + events
                            + " AND ((e.detail::text || array_to_string(e.columns, ',')) ILIKE ANY (ARRAY['%xyzzy%', "
                              "'%deadbeef%', '%31337%', '%31338%']) OR e.object IS DISTINCT FROM e.row_key)"),
                 std::string("0"));
        if (table == QLatin1String("test_clock"))
            test::setServerClockOffset(m_db, m_offset);
        QCOMPARE(super1(m_db,
                        "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_changes' AND tgenabled = 'A' "
                        "AND tgrelid = ('art32.' || "
                            + t + ")::regclass"),
                 std::string("1"));
    }

    // Every art32 table but the log, its lock and the per-request bookkeeping is tracked (tables added later too).
    void everyTableIsTrackedButTheDocumentedOnes()
    {
        QCOMPARE(super1(m_db,
                        "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace "
                        "n ON n.oid = c.relnamespace WHERE n.nspname = 'art32' AND c.relkind IN ('r', 'p') AND "
                        "NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = "
                        "'audit_changes' AND t.tgenabled = 'A')"),
                 std::string("audit_events,audit_head,open_reads,searches,totp_failures,unlock_outcomes,"
                             "unlocked_sessions"));
    }

    // art32ctl audit: verify (0 intact, 1 broken, 5 a bad checkpoint, 7 no such file, 2 bad input), checkpoint
    // (a CTO only), keygen.
    void ctlExitCodes()
    {
        test::ProgramRun r = as(m_aud, { QStringLiteral("audit"), QStringLiteral("verify") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith(QLatin1String("Intact: ")));
        r = as(m_sys, { QStringLiteral("audit"), QStringLiteral("checkpoint") });
        QCOMPARE(r.exitCode, 5);
        r = as(m_cto, { QStringLiteral("audit"), QStringLiteral("keygen") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("published")));
        QTemporaryDir dir;
        const QString note = dir.filePath(QStringLiteral("cp.txt"));
        r = as(m_cto, { QStringLiteral("audit"), QStringLiteral("checkpoint"), QStringLiteral("--out"), note });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(note);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto parsed = parseNote(f.readAll());
        QVERIFY2(parsed, qPrintable(parsed.error().message));
        QCOMPARE(parsed->signer, m_cto.profile.user);
        r = as(m_cto, { QStringLiteral("audit"), QStringLiteral("checkpoint") }); // to stdout
        QCOMPARE(r.exitCode, 0);
        QVERIFY(parseNote(r.out.toUtf8()));
        r = as(m_sys, { QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--checkpoint"), note });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("match the checkpoint")));
        // A note changed by one byte; a file that is not there; a seq out of range (nothing sent).
        QFile bad(dir.filePath(QStringLiteral("bad.txt")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(parsed->seq > 9 ? noteText(parsed.value()).replace("seq ", "seq 1")
                                  : noteText(parsed.value()).replace("seq ", "seq 9"));
        bad.close();
        QCOMPARE(ctl({ QStringLiteral("--profile"), m_aud.profile.name, QStringLiteral("audit"),
                       QStringLiteral("verify"), QStringLiteral("--checkpoint"), bad.fileName() })
                     .exitCode,
                 5);
        QCOMPARE(ctl({ QStringLiteral("--profile"), m_aud.profile.name, QStringLiteral("audit"),
                       QStringLiteral("verify"), QStringLiteral("--checkpoint"), dir.filePath(QStringLiteral("none")) })
                     .exitCode,
                 7);
        QCOMPARE(ctl({ QStringLiteral("--profile"), m_aud.profile.name, QStringLiteral("audit"),
                       QStringLiteral("verify"), QStringLiteral("--from"), QStringLiteral("0") })
                     .exitCode,
                 2);
        // A forged row: exit code 1, and the event named; put back, intact again.
        const std::string original = super1(m_db, "SELECT action FROM art32.audit_events WHERE seq = 2");
        test::superuserExec(m_db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER ALL; UPDATE art32.audit_events SET "
                            "action = 'forged' WHERE seq = 2;" TRIGGERS_ON);
        r = as(m_aud, { QStringLiteral("audit"), QStringLiteral("verify") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("BROKEN at event 2 (edited_row)")), qPrintable(r.err));
        test::superuserExec(m_db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER ALL; UPDATE art32.audit_events SET "
                            "action = "
                                + test::literal(original) + " WHERE seq = 2;" TRIGGERS_ON);
        r = as(m_aud, { QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--checkpoint"), note });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // Each verify was recorded, by who ran it.
        QVERIFY(std::stoll(super1(m_db,
                                  "SELECT count(*) FROM art32.audit_events WHERE action = 'audit.verify' AND "
                                  "actor = "
                                      + test::literal(m_aud.profile.user.toStdString())))
                >= 3);
    }
};

QTEST_GUILESS_MAIN(TestAuditChain)
#include "tst_auditchain.moc"
