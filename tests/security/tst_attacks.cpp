#include "SecuritySupport.h"
#include "auth/KeyRing.h"
#include "auth/Unlock.h"
#include "crypto/Keys.h"
#include "records/RecordStore.h"
#include "records/Seeder.h"
#include "store/Passwords.h"

#include <QTest>
#include <QUuid>
#include <future>
#include <pqxx/nontransaction>
#include <pqxx/stream_to>
#include <pqxx/transaction>

using namespace art32;
using test::kInsufficientPrivilege;

/**
 * The attacks of the review of 25b5baa, each run as the role an attacker would hold, against the harness's
 * PostgreSQL: a login's password without a TOTP code, an unlocked admin of a lower role, the superuser for
 * the audit triggers. Each test fails while its hole is open (docs/SECURITY.md lists them).
 */
class TestAttacks : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks");
    Keychain m_keychain { QStringLiteral("Art32 Console attacks test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;

    std::unique_ptr<Database> unlocked(const test::TestAdmin& admin)
    {
        return test::unlockedAs(m_db, admin, m_keychain, m_offset);
    }

    bool isMember(const std::string& login, const std::string& role)
    {
        return test::superuserCount(m_db, "SELECT pg_has_role('" + login + "', '" + role + "', 'member')::int") == 1;
    }

    long long audited(const std::string& where)
    {
        return test::superuserCount(m_db, "SELECT count(*) FROM art32.audit_events WHERE " + where);
    }

    /** The first column of the first row as text, as superuser (setup and checks, never the attack). */
    std::string superText(const std::string& sql)
    {
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        const pqxx::result r = pqxx::nontransaction(super).exec(sql);
        return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
    }

    static std::string hex(const QByteArray& bytes) { return "'\\x" + bytes.toHex().toStdString() + "'"; }

    /** The password of the platform logins the 0010 attacks create. */
    const std::string m_platformPassword = "platform-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();

    /** An admin's ring, loaded through its own unlocked connection. */
    bool loadRing(Database& db, const test::TestAdmin& admin, KeyRing& ring)
    {
        auto priv = m_keychain.readNow(admin.profile.privateKeyKey());
        const SecureBytes key = SecureBytes::fromByteArray(priv.secret);
        wipe(priv.secret);
        return static_cast<bool>(db.call([&](pqxx::connection_base& c) { return ring.load(c, admin.publicKey, key); }));
    }

    struct IndexRotation
    {
        int from = 0;
        int to = 0;
    };

    /**
     * Opens an index rotation as the CTO through psql-level calls, as an attacker acting outside the console would:
     * the new version is the same 32 bytes as the old one (so every digest stays valid and the fixture stays usable),
     * sealed to the CTO by rotation_start and, when sealToSysadmin, to the sysadmin as the console does. The rows are
     * then moved by the superuser (setup: what a reindex would do with the same key).
     */
    std::optional<IndexRotation> openIndexRotation(Database& cto, const KeyRing& ring, bool sealToSysadmin)
    {
        IndexRotation r;
        r.from = ring.indexVersion();
        auto forMe = ring.withIndexKey(r.from, [&](const SecureBytes& k) { return keys::seal(k, m_cto.publicKey); });
        auto forSys = ring.withIndexKey(r.from, [&](const SecureBytes& k) { return keys::seal(k, m_sys.publicKey); });
        if (!forMe || !forSys)
            return std::nullopt;
        const auto to = test::scalar(cto, "SELECT art32.rotation_start('index', " + hex(forMe.value()) + ")");
        if (!to)
            return std::nullopt;
        r.to = std::stoi(*to);
        if (sealToSysadmin
            && !test::sqlstate(
                    cto, "SELECT art32.seal_key_for('tst_a_sys', 'index', " + *to + ", " + hex(forSys.value()) + ")")
                    .empty())
            return std::nullopt;
        test::superuserExec(m_db, "UPDATE art32.blind_index SET index_version = " + *to);
        return r;
    }

    /** Seals the index key's newest version to the sysadmin (the console's step) and finishes an open rotation. */
    void restoreIndexKeys(Database& cto, const KeyRing& ring, const IndexRotation& r)
    {
        auto forSys = ring.withIndexKey(r.from, [&](const SecureBytes& k) { return keys::seal(k, m_sys.publicKey); });
        QVERIFY(forSys);
        QCOMPARE(test::sqlstate(cto,
                                "SELECT art32.seal_key_for('tst_a_sys', 'index', " + std::to_string(r.to) + ", "
                                    + hex(forSys.value()) + ")"),
                 std::string());
        if (test::superuserCount(m_db, "SELECT count(*) FROM art32.key_rotations WHERE finished_at IS NULL") > 0) {
            test::superuserExec(m_db, "UPDATE art32.blind_index SET index_version = " + std::to_string(r.to));
            QCOMPARE(test::sqlstate(cto, "SELECT art32.rotation_finish('index')"), std::string());
        }
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_a"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        KeyRing ring;
        auto priv = m_keychain.readNow(m_cto.profile.privateKeyKey());
        const SecureBytes key = SecureBytes::fromByteArray(priv.secret);
        wipe(priv.secret);
        QVERIFY(cto->call([&](pqxx::connection_base& c) { return ring.load(c, m_cto.publicKey, key); }));
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        auto written = ring.withKek(1, [&](const SecureBytes& kek) {
            return ring.withIndexKey(1, [&](const SecureBytes& index) {
                return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 30, 11);
            });
        });
        QVERIFY(written);
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    // 1. A locked login shadows pg_stat_activity with a temporary view whose column runs its own function.
    void lockedLoginCannotShadowCatalogViewsThroughPgTemp()
    {
        auto aud = test::loginAs(m_aud, m_keychain);
        QVERIFY(aud);
        const std::string attack = "CREATE FUNCTION pg_temp.pwn() RETURNS timestamptz LANGUAGE plpgsql AS $f$ BEGIN "
                                   "EXECUTE 'GRANT art32_owner TO tst_a_aud'; RETURN NULL; END $f$";
        // PUBLIC no longer has TEMP: no temporary object can be made at all.
        QCOMPARE(test::sqlstate(*aud, attack), std::string(kInsufficientPrivilege));

        // Defence in depth: a DBA grants TEMP back by mistake; pg_temp is last on every definer's path, so the
        // shadow is never used.
        test::superuserExec(m_db, "GRANT TEMPORARY ON DATABASE tst_attacks TO tst_a_aud");
        auto again = test::loginAs(m_aud, m_keychain);
        QVERIFY(again);
        QCOMPARE(test::sqlstate(*again, attack), std::string());
        QCOMPARE(test::sqlstate(*again,
                                "CREATE TEMP VIEW pg_stat_activity AS SELECT pg_backend_pid() AS pid, "
                                "pg_temp.pwn() AS backend_start"),
                 std::string());
        QCOMPARE(test::sqlstate(*again, "GRANT SELECT ON pg_temp.pg_stat_activity TO PUBLIC"), std::string());
        QCOMPARE(test::scalar(*again, "SELECT art32.session_is_unlocked()::text"), std::optional<std::string>("false"));
        QVERIFY(!isMember("tst_a_aud", "art32_owner"));

        // The same trick on pg_roles (rolsuper = true) would let a locked CTO past require_unlocked.
        auto cto = test::loginAs(m_cto, m_keychain);
        test::superuserExec(m_db, "GRANT TEMPORARY ON DATABASE tst_attacks TO tst_a_cto");
        auto cto2 = test::loginAs(m_cto, m_keychain);
        QVERIFY(cto && cto2);
        QCOMPARE(test::sqlstate(*cto2,
                                "CREATE TEMP VIEW pg_roles AS SELECT 'tst_a_cto'::name AS rolname, "
                                "true AS rolsuper"),
                 std::string());
        QCOMPARE(test::sqlstate(*cto2, "SELECT art32.set_policy('idle_minutes', 999)"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::superuserCount(m_db, "SELECT value FROM art32.policy WHERE key = 'idle_minutes'"), 10LL);
        test::superuserExec(m_db, "REVOKE TEMPORARY ON DATABASE tst_attacks FROM tst_a_aud, tst_a_cto");
    }

    // 3. The owner cannot create roles; the one role that can makes only admin logins in one art32 group.
    void adminCreationCannotReachOtherRoles()
    {
        QCOMPARE(test::superuserCount(m_db, "SELECT rolcreaterole::int FROM pg_roles WHERE rolname = 'art32_owner'"),
                 0LL);
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        const std::string verifier = scramVerifier("x", randomPassword()).value();
        for (const std::string& login : { std::string("pg_evil"), std::string("art32_evil"), std::string("art32_owner"),
                                          std::string("x\" SUPERUSER --"), std::string("tst_a_cto") }) {
            QVERIFY2(!test::sqlstate(*cto,
                                     "SELECT art32.admin_create(" + test::literal(login) + ", 'x', 'auditor', '"
                                         + verifier + "')")
                          .empty(),
                     login.c_str());
        }
        // A verifier with more than the verifier in it is refused, not interpolated.
        QVERIFY(!test::sqlstate(*cto,
                                "SELECT art32.admin_create('tst_a_new1', 'x', 'auditor', '" + verifier + " SUPERUSER')")
                     .empty());
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.admin_create('tst_a_new2', 'x', 'sysadmin', '" + verifier + "')"),
                 std::string());
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                                      "WHERE r.rolname = 'tst_a_new2'"),
                 1LL);
        QVERIFY(isMember("tst_a_new2", "art32_sysadmin"));
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR "
                                      "rolreplication)::int FROM pg_roles WHERE rolname = 'tst_a_new2'"),
                 0LL);
        // Nothing an admin reaches can hand out pg_execute_server_program.
        QCOMPARE(test::sqlstate(*cto, "GRANT pg_execute_server_program TO tst_a_cto"),
                 std::string(kInsufficientPrivilege));
        test::superuserExec(m_db, "DELETE FROM art32.admins WHERE login = 'tst_a_new2'; DROP ROLE tst_a_new2");
    }

    // 4. Guesses in savepoints that are rolled back, each outcome read from the transaction's own statistics.
    void rolledBackGuessesAreCountedAndCannotFindTheCode()
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        const std::string right = test::codeFor(m_sys, m_offset).toStdString();
        auto sys = test::loginAs(m_sys, m_keychain);
        QVERIFY(sys);
        const long long failuresBefore = test::superuserCount(
            m_db,
            "SELECT count(*) FROM art32.totp_failures f JOIN art32.admins a ON a.id = f.admin_id "
            "WHERE a.login = 'tst_a_sys'");
        int observedUnlock = -1;
        constexpr int guesses = 300;
        sys->run([&](pqxx::connection_base& c) {
            pqxx::nontransaction tx(c);
            tx.exec("BEGIN");
            for (int i = 0; i < guesses; ++i) {
                char code[8];
                std::snprintf(code, sizeof code, "%06d", (i * 7919) % 1000000);
                const std::string guess = i == 150 ? right : std::string(code);
                tx.exec("SAVEPOINT g");
                tx.exec("SELECT art32.unlock_session(" + tx.quote(guess) + ")");
                // The side channel: did this guess insert an unlocked session?
                const long long ins = tx.exec("SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_xact_user_tables "
                                              "WHERE relname = 'unlocked_sessions'")[0][0]
                                          .as<long long>();
                if (ins > 0 && observedUnlock < 0)
                    observedUnlock = i;
                tx.exec("ROLLBACK TO SAVEPOINT g");
            }
            tx.exec("ROLLBACK");
        });
        QCOMPARE(observedUnlock, -1); // the right code at guess 150 was never even checked: locked after 5
        QCOMPARE(test::scalar(*sys, "SELECT art32.session_is_unlocked()::text"), std::optional<std::string>("false"));

        // The next committed attempt (even with the right code) counts every rolled-back guess first.
        QVERIFY(!test::unlockWith(*sys, m_sys, m_offset));
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT (locked_until > art32.now())::int FROM art32.admin_totp t "
                                      "JOIN art32.admins a ON a.id = t.admin_id WHERE a.login = 'tst_a_sys'"),
                 1LL);
        QVERIFY(test::superuserCount(m_db,
                                     "SELECT count(*) FROM art32.totp_failures f JOIN art32.admins a ON "
                                     "a.id = f.admin_id WHERE a.login = 'tst_a_sys'")
                >= failuresBefore + 100);
        QCOMPARE(audited("action = 'unlock.uncommitted' AND object = 'tst_a_sys' AND (detail->>'attempts')::int = "
                         + std::to_string(guesses)),
                 1LL);

        // Whole transactions rolled back, one per guess, count the same way.
        test::superuserExec(m_db,
                            "UPDATE art32.admin_totp SET locked_until = NULL, consecutive_failures = 0 "
                            "FROM art32.admins a WHERE a.id = admin_id AND a.login = 'tst_a_sys'");
        sys->run([&](pqxx::connection_base& c) {
            pqxx::nontransaction tx(c);
            for (int i = 0; i < 6; ++i) {
                tx.exec("BEGIN");
                tx.exec("SELECT art32.unlock_session('000000')");
                tx.exec("ROLLBACK");
            }
        });
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        QVERIFY(!test::unlockWith(*sys, m_sys, m_offset)); // six uncounted failures: locked before the code
        QCOMPARE(audited("action = 'unlock.uncommitted' AND object = 'tst_a_sys' AND (detail->>'attempts')::int = 6"),
                 1LL);
        test::superuserExec(m_db,
                            "UPDATE art32.admin_totp SET locked_until = NULL, consecutive_failures = 0 "
                            "FROM art32.admins a WHERE a.id = admin_id AND a.login = 'tst_a_sys'; "
                            "DELETE FROM art32.totp_failures");
        auto ok = unlocked(m_sys);
        QVERIFY(ok); // a committed right code after the reset unlocks as before
    }

    // 5. An unlocked CTO copies keys and ciphertexts directly; a rolled-back read leaves no trace.
    void ciphertextIsReadOnlyThroughAuditedReads()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        QCOMPARE(test::sqlstate(*cto,
                                "SELECT k.wrapped_dek, r.ciphertext FROM art32.account_keys k "
                                "JOIN art32.records r USING (account_id)"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "COPY art32.records TO STDOUT"), std::string(kInsufficientPrivilege));
        // A read opened in the same transaction has not committed: the server returns nothing.
        const long long events = audited("action LIKE 'records.%'");
        QCOMPARE(test::sqlstate(*cto,
                                "BEGIN; SELECT art32.open_read('scan', 1, 1000000); SELECT * FROM "
                                "art32.read_records(currval('art32.open_reads_id_seq'), 0, 1000000); ROLLBACK"),
                 std::string(kInsufficientPrivilege));
        test::sqlstate(*cto, "ROLLBACK");
        QCOMPARE(audited("action LIKE 'records.%'"), events);

        // A committed read: the audit names who, why, the range and the counts, before the first byte.
        auto opened
            = cto->call([](pqxx::connection_base& c) { return records::openRead(c, records::ReadWhy::Scan, 1, 10); });
        QVERIFY(opened);
        QCOMPARE(opened->accounts, 10LL);
        QVERIFY(opened->records >= 40);
        QCOMPARE(audited("action = 'records.read' AND actor = 'tst_a_cto' AND detail->>'why' = 'scan' AND "
                         "(detail->>'accounts')::int = 10 AND (detail->>'records')::int = "
                         + std::to_string(opened->records)),
                 1LL);
        const std::string id = std::to_string(opened->id);
        QCOMPARE(test::scalar(*cto, "SELECT count(*) FROM art32.read_records(" + id + ", 0, 1000)"),
                 std::optional<std::string>(std::to_string(opened->records)));
        // Outside its range the read gives nothing; another backend cannot use it at all.
        QCOMPARE(test::scalar(*cto, "SELECT count(*) FROM art32.read_records(" + id + ", 10, 1000)"),
                 std::optional<std::string>("0"));
        auto other = unlocked(m_cto);
        QVERIFY(other);
        QCOMPARE(test::sqlstate(*other, "SELECT * FROM art32.read_keys(" + id + ", 0, 10, 10)"),
                 std::string(kInsufficientPrivilege));
        // A lock ends the reads of the session.
        QVERIFY(cto->call([](pqxx::connection_base& c) { return unlock::lockSession(c); }));
        QCOMPARE(test::sqlstate(*cto, "SELECT * FROM art32.read_keys(" + id + ", 0, 10, 10)"),
                 std::string(kInsufficientPrivilege));
    }

    // 5. The scan and the subject export leave audit events with their reason and counts.
    void scansAndExportsAreAudited()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        KeyRing ring;
        auto priv = m_keychain.readNow(m_cto.profile.privateKeyKey());
        const SecureBytes key = SecureBytes::fromByteArray(priv.secret);
        wipe(priv.secret);
        QVERIFY(cto->call([&](pqxx::connection_base& c) { return ring.load(c, m_cto.publicKey, key); }));
        auto report = cto->call([&](pqxx::connection_base& c) { return records::verifyAll(c, ring); });
        QVERIFY(report);
        QCOMPARE(audited("action = 'records.read' AND detail->>'why' = 'scan' AND (detail->>'records')::int = "
                         + std::to_string(report->records)),
                 1LL);
        auto email = cto->call([&](pqxx::connection_base& c) { return records::reveal(c, ring, 3); });
        QVERIFY(email);
        QString address;
        for (const auto& r : email.value())
            if (r.kind == RecordKind::Email)
                address = QString::fromUtf8(r.value);
        QVERIFY(!address.isEmpty());
        const long long before = audited("detail->>'why' = 'export'");
        QVERIFY(cto->call(
            [&](pqxx::connection_base& c) { return records::exportSubject(c, ring, address, QStringLiteral("t")); }));
        QVERIFY(audited("detail->>'why' = 'export'") > before);
    }

    // 6. A REPEATABLE READ snapshot taken before a revocation still showed the grant.
    void oldSnapshotsDoNotOutliveARevocation()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        const std::string grant
            = *test::scalar(*cto, "SELECT art32.grant_access('tst_a_sys', 7, 'ticket 81: address correction', 30)");
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        std::string during;
        sys->run([&](pqxx::connection_base& c) {
            pqxx::nontransaction tx(c);
            tx.exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
            tx.exec("SELECT count(*) FROM art32.accounts"); // the snapshot
            cto->run([&](pqxx::connection_base& cc) {
                pqxx::work w(cc);
                w.exec("SELECT art32.revoke_access(" + grant + ")");
                w.exec("SELECT art32.admin_set_disabled('tst_a_sys', true)");
                w.commit();
            });
            try {
                tx.exec("SELECT art32.open_read('reveal', 7, 7)");
            } catch (const pqxx::sql_error& e) {
                during = test::stateOf(e);
            }
            tx.exec("ROLLBACK");
        });
        QCOMPARE(during, std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*sys, "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT art32.record_reveal(7)"),
                 std::string(kInsufficientPrivilege));
        test::sqlstate(*sys, "ROLLBACK");
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.record_reveal(7)"), std::string(kInsufficientPrivilege));
        QVERIFY(cto->run([](pqxx::connection_base& c) {
            pqxx::work w(c);
            w.exec("SELECT art32.admin_set_disabled('tst_a_sys', false)");
            w.commit();
        }));
    }

    // 8. The append-only triggers fire in replica mode too.
    void auditTriggersHoldInReplicaMode()
    {
        QVERIFY(audited("true") > 0);
        const long long before = audited("true");
        bool refused = false;
        try {
            test::superuserExec(m_db, "SET session_replication_role = replica; DELETE FROM art32.audit_events");
        } catch (const pqxx::sql_error& e) {
            refused = test::stateOf(e) == kInsufficientPrivilege;
        }
        QVERIFY(refused);
        QCOMPARE(audited("true"), before);
    }

    // 9. A locked login learned record owners from the errors and held row locks that blocked an erasure.
    void lockedCallersLearnNothingAndLockNothing()
    {
        const long long record = test::superuserCount(m_db, "SELECT min(id) FROM art32.records WHERE account_id = 9");
        auto sys = test::loginAs(m_sys, m_keychain);
        QVERIFY(sys);
        std::string message;
        sys->run([&](pqxx::connection_base& c) {
            pqxx::nontransaction tx(c);
            tx.exec("BEGIN");
            try {
                tx.exec("SELECT art32.delete_record(" + std::to_string(record) + ", 999)");
            } catch (const pqxx::sql_error& e) {
                message = e.what();
            }
            // The transaction stays open (aborted) while the CTO erases the account.
        });
        QVERIFY(!message.empty());
        QVERIFY2(message.find("account") == std::string::npos, message.c_str());
        QVERIFY(message.find("locked") != std::string::npos);
        auto unlockedSys = unlocked(m_sys);
        QVERIFY(unlockedSys);
        const std::string refusedSave = [&] {
            std::string m;
            unlockedSys->run([&](pqxx::connection_base& c) {
                try {
                    pqxx::work w(c);
                    w.exec("SELECT art32.save_record(" + std::to_string(record) + ", 1, '\\x00', NULL, NULL)");
                } catch (const pqxx::sql_error& e) {
                    m = e.what();
                }
            });
            return m;
        }();
        QVERIFY(refusedSave.find("may not") != std::string::npos);
        QVERIFY2(refusedSave.find("account") == std::string::npos, refusedSave.c_str()); // the owner is not named
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        QCOMPARE(test::sqlstate(*cto, "SET lock_timeout = '2s'; SELECT art32.erase_account(9, '9')"), std::string());
        sys->run([](pqxx::connection_base& c) {
            pqxx::nontransaction tx(c);
            tx.exec("ROLLBACK");
        });
    }

    // First attack on 0009, 1: a locked login kept a stale unlock_outcomes row locked; every other unlock waited on it.
    void aLockedLoginCannotBlockOtherUnlocks()
    {
        {
            auto a = test::loginAs(m_aud, m_keychain);
            QVERIFY(a);
            QCOMPARE(test::sqlstate(*a, "SELECT art32.unlock_session('000000')"), std::string());
        } // disconnected: its outcome row is stale now
        auto b = test::loginAs(m_aud, m_keychain);
        QVERIFY(b);
        QCOMPARE(test::sqlstate(*b, "BEGIN; SELECT art32.unlock_session('000000')"), std::string()); // stays open
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        auto cto = test::loginAs(m_cto, m_keychain);
        QVERIFY(cto);
        QCOMPARE(test::sqlstate(*cto, "SET statement_timeout = '5s'"), std::string());
        QVERIFY(test::unlockWith(*cto, m_cto, m_offset));
        test::sqlstate(*b, "ROLLBACK");
    }

    // First attack on 0009, 2: a cursor declared before a revocation kept reading ciphertext after it.
    void aCursorDoesNotOutliveARevocation()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        const std::string grant
            = *test::scalar(*cto, "SELECT art32.grant_access('tst_a_sys', 12, 'ticket 93: data correction', 30)");
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        auto opened = sys->call(
            [](pqxx::connection_base& c) { return records::openRead(c, records::ReadWhy::Reveal, 12, 12); });
        QVERIFY(opened);
        QCOMPARE(opened->accounts, 1LL);
        const std::string id = std::to_string(opened->id);
        QCOMPARE(test::sqlstate(*sys,
                                "BEGIN; DECLARE c CURSOR FOR SELECT * FROM art32.read_records(" + id
                                    + ", 0, 99); DECLARE k CURSOR FOR SELECT * FROM art32.read_keys(" + id
                                    + ", 0, 99, 10)"),
                 std::string());
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.revoke_access(" + grant + ")"), std::string());
        // The functions run at the first fetch, and see the grant as it is then: gone.
        QCOMPARE(test::rowsOf(*sys, "FETCH ALL c"), std::optional<long long>(0));
        QCOMPARE(test::rowsOf(*sys, "FETCH ALL k"), std::optional<long long>(0));
        test::sqlstate(*sys, "ROLLBACK");
        // The same with the admin disabled as well: the session is no longer unlocked, the fetch is refused.
        QVERIFY(test::scalar(*cto, "SELECT art32.grant_access('tst_a_sys', 12, 'ticket 94: second look', 30)"));
        auto again = sys->call(
            [](pqxx::connection_base& c) { return records::openRead(c, records::ReadWhy::Reveal, 12, 12); });
        QVERIFY(again);
        QCOMPARE(test::sqlstate(*sys,
                                "BEGIN; DECLARE c CURSOR FOR SELECT * FROM art32.read_records("
                                    + std::to_string(again->id) + ", 0, 99)"),
                 std::string());
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.admin_set_disabled('tst_a_sys', true)"), std::string());
        QCOMPARE(test::sqlstate(*sys, "FETCH ALL c"), std::string(kInsufficientPrivilege));
        test::sqlstate(*sys, "ROLLBACK");
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.admin_set_disabled('tst_a_sys', false)"), std::string());
        // A new connection cannot pick up the old read either.
        sys = unlocked(m_sys);
        QVERIFY(sys);
        QCOMPARE(test::sqlstate(*sys, "SELECT count(*) FROM art32.read_records(" + id + ", 0, 99)"),
                 std::string(kInsufficientPrivilege));
    }

    // First attack on 0009, 3 and 7: read_indexed kept to no range; a read outlived its session's expiry.
    void readsKeepToTheirRangeAndTheirUnlock()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        auto opened = cto->call(
            [](pqxx::connection_base& c) { return records::openRead(c, records::ReadWhy::Rotation, 4, 4); });
        QVERIFY(opened);
        const std::string id = std::to_string(opened->id);
        QCOMPARE(test::scalar(*cto,
                              "SELECT count(*) FROM art32.read_indexed(" + id
                                  + ", 1, 0, 100000) "
                                    "WHERE account_id <> 4"),
                 std::optional<std::string>("0"));
        QVERIFY(std::stoll(*test::scalar(*cto, "SELECT count(*) FROM art32.read_indexed(" + id + ", 1, 0, 100000)"))
                > 0);
        // The session expires, and is unlocked again: the read opened before is gone with the old session.
        m_offset += 11 * 60;
        test::setServerClockOffset(m_db, m_offset);
        QVERIFY(test::unlockWith(*cto, m_cto, m_offset));
        QCOMPARE(test::sqlstate(*cto, "SELECT * FROM art32.read_indexed(" + id + ", 1, 0, 10)"),
                 std::string(kInsufficientPrivilege));
    }

    // First attack on 0009, 4: a malformed "verifier" became a plaintext password.
    void onlyRealVerifiersMakeALogin()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        for (const char* v : { "SCRAM-SHA-256$4096:AAAA$AAAA:AAAA", "SCRAM-SHA-256$9999999:AAAA$AAAA:AAAA", "hunter2",
                               "md5d41d8cd98f00b204e9800998ecf8427e" })
            QVERIFY2(!test::sqlstate(*cto,
                                     std::string("SELECT art32.admin_create('tst_a_v', 'x', 'cto', ") + test::literal(v)
                                         + ")")
                          .empty(),
                     v);
        for (const char* login : { "postgres", "current_user", "public" })
            QVERIFY2(!test::sqlstate(*cto,
                                     std::string("SELECT art32.admin_create(") + test::literal(login)
                                         + ", 'x', 'cto', '" + scramVerifier("x", randomPassword()).value() + "')")
                          .empty(),
                     login);
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM pg_roles WHERE rolname = 'tst_a_v'"), 0LL);
    }

    // First attack on 0009, 6: a record moved to another account between the check and the lock was saved without a
    // grant.
    void aRecordMovedMeanwhileIsCheckedAgain()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        QVERIFY(test::scalar(*cto, "SELECT art32.grant_access('tst_a_sys', 14, 'ticket 97: move check', 30)"));
        const long long record = test::superuserCount(m_db, "SELECT min(id) FROM art32.records WHERE account_id = 14");
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        // The platform moves the record to account 15 and holds the row until the sysadmin's save waits on it.
        const std::string pw = "platform-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_a_platform"), pw, QStringLiteral("art32_platform"));
        auto platform = test::loginAs(m_db, QStringLiteral("tst_a_platform"), pw);
        QVERIFY(platform);
        QCOMPARE(test::sqlstate(*platform,
                                "BEGIN; UPDATE art32.records SET account_id = 15 WHERE id = " + std::to_string(record)),
                 std::string());
        auto save = std::async(std::launch::async, [&] {
            return test::sqlstate(*sys,
                                  "SELECT art32.save_record(" + std::to_string(record) + ", 1, '\\x00', NULL, NULL)");
        });
        QTest::qWait(500);
        QCOMPARE(test::sqlstate(*platform, "COMMIT"), std::string());
        QCOMPARE(save.get(), std::string(kInsufficientPrivilege));
        QCOMPARE(audited("action = 'records.update' AND object = '15'"), 0LL);
    }

    // Second attack: every sysadmin holds the index key, so a plain search function answered a dictionary of guessed
    // phone numbers with their accounts, unaudited and without limit. Searches are requested, committed, audited and
    // limited per hour now.
    void searchesCannotBeADictionaryAttack()
    {
        const std::string digest = "'\\x00112233445566778899aabbccddeeff'::bytea";
        const std::string request = "SELECT art32.request_search(2::smallint, '{1}', ARRAY[" + digest + "])";
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        // An answer to a request that did not commit: refused (nothing is learnt uncounted).
        QCOMPARE(test::sqlstate(*sys, "BEGIN; SELECT * FROM art32.search_result((" + request.substr(7) + "))"),
                 std::string(kInsufficientPrivilege));
        test::sqlstate(*sys, "ROLLBACK");
        test::superuserExec(m_db, "UPDATE art32.policy SET value = 3 WHERE key = 'sysadmin_searches_per_hour'");
        const long long audits = audited("action = 'records.search' AND actor = 'tst_a_sys'");
        for (int i = 0; i < 3; ++i) {
            const auto id = test::scalar(*sys, request);
            QVERIFY(id);
            QCOMPARE(test::rowsOf(*sys, "SELECT * FROM art32.search_result(" + *id + ")"), std::optional<long long>(0));
        }
        QCOMPARE(test::sqlstate(*sys, request), std::string("54000")); // program_limit_exceeded
        QCOMPARE(audited("action = 'records.search' AND actor = 'tst_a_sys'"), audits + 3);
        // The CTO, who may read every account anyway, is not limited (but audited).
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        for (int i = 0; i < 4; ++i)
            QVERIFY(test::scalar(*cto, request));
        test::superuserExec(m_db, "UPDATE art32.policy SET value = 60 WHERE key = 'sysadmin_searches_per_hour'");
    }

    // The platform and the backup roles: no admin function, no key, no unlock state.
    void serviceRolesReachNoAdminFunction()
    {
        const std::string pw = "platform-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_a_platform"), pw, QStringLiteral("art32_platform"));
        test::createLoginRole(QStringLiteral("tst_a_backup"), pw, QStringLiteral("art32_backup"));
        for (const char* role : { "tst_a_platform", "tst_a_backup" }) {
            auto db = test::loginAs(m_db, QString::fromLatin1(role), pw);
            QVERIFY(db);
            QCOMPARE(test::sqlstate(*db, "SELECT * FROM art32.sealed_keys"), std::string(kInsufficientPrivilege));
            QCOMPARE(test::sqlstate(*db, "SELECT * FROM art32.admin_totp"), std::string(kInsufficientPrivilege));
            QCOMPARE(test::sqlstate(*db, "SELECT art32.open_read('scan', 1, 10)"), std::string(kInsufficientPrivilege));
            QCOMPARE(test::sqlstate(*db, "SELECT art32.unlock_session('000000')"), std::string(kInsufficientPrivilege));
            QCOMPARE(test::sqlstate(*db, "INSERT INTO art32.audit_events (action) VALUES ('forged')"),
                     std::string(kInsufficientPrivilege));
            QCOMPARE(test::sqlstate(*db, "CREATE TEMP TABLE t (a int)"), std::string(kInsufficientPrivilege));
        }
    }

    // Attacks on 0010 (key versions): the platform, a superuser in replica mode, psql as any role. A write at a
    // retired or unknown version is refused on every route into the two tables; the guard cannot be switched off.
    void retiredKeyVersionsCannotBeWrittenByAnyRoute()
    {
        const std::string pw = "platform-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_a_platform"), pw, QStringLiteral("art32_platform"));
        auto platform = test::loginAs(m_db, QStringLiteral("tst_a_platform"), pw);
        QVERIFY(platform);
        // Version 7 retired (as a finished rotation leaves it), 99 never made.
        test::superuserExec(m_db,
                            "INSERT INTO art32.key_versions (kind, version, retired_at) VALUES ('kek', 7, now()), "
                            "('index', 7, now()) ON CONFLICT DO NOTHING");
        const std::string account = *test::scalar(
            *platform, "INSERT INTO art32.accounts (company_name, plan) VALUES ('Route BV', 'free') RETURNING id");
        const std::string junk = "'\\x" + std::string(77 * 2, 'b') + "'";
        const std::string digest = "'\\x" + std::string(16 * 2, 'c') + "'";
        const std::string retired = std::string("A3201");
        for (const char* version : { "7", "99" }) {
            const std::string v = version;
            const std::string key = "(" + account + ", " + v + ", 1, " + junk + ")";
            for (const std::string& sql :
                 { "INSERT INTO art32.account_keys VALUES " + key,
                   "INSERT INTO art32.account_keys VALUES (4, 1, 1, " + junk
                       + ") ON CONFLICT (account_id) DO UPDATE "
                         "SET kek_version = "
                       + v,
                   "MERGE INTO art32.account_keys k USING (SELECT 4 AS id) s ON k.account_id = s.id WHEN MATCHED "
                   "THEN UPDATE SET kek_version = "
                       + v,
                   "MERGE INTO art32.account_keys k USING (SELECT " + account
                       + " AS id) s ON k.account_id = s.id "
                         "WHEN NOT MATCHED THEN INSERT VALUES "
                       + key,
                   "WITH moved AS (UPDATE art32.account_keys SET kek_version = " + v
                       + " WHERE account_id = 4 RETURNING 1) SELECT count(*) FROM moved",
                   "UPDATE art32.blind_index SET index_version = " + v + " WHERE account_id = 4",
                   "INSERT INTO art32.blind_index SELECT r.id, r.account_id, r.kind, " + v + ", " + digest
                       + " FROM art32.records r WHERE r.account_id = 4 AND r.kind = 1 LIMIT 1 ON CONFLICT DO NOTHING" })
                QVERIFY2(test::sqlstate(*platform, sql) == retired, sql.c_str());
        }
        // COPY: the platform may not (RLS); a superuser (the demo's maintenance role, as the Seeder) is refused too.
        QVERIFY(test::sqlstate(*platform, "COPY art32.account_keys FROM STDIN") != std::string());
        bool copyRefused = false;
        std::string copyError = "the COPY was stored";
        {
            pqxx::connection super(test::superuserProfile(m_db).connectionString());
            try {
                pqxx::work tx(super);
                pqxx::stream_to to(tx, "art32.account_keys",
                                   std::vector<std::string> { "account_id", "kek_version", "wrapped_dek" });
                to << std::make_tuple(std::stoll(account), 7, "\\x" + std::string(77 * 2, 'b'));
                to.complete();
                tx.commit();
            } catch (const std::exception& e) { // libpqxx 6 reports a failed COPY as a plain failure
                copyError = e.what();
                copyRefused = copyError.find("retired or unknown") != std::string::npos;
            }
        }
        QVERIFY2(copyRefused, copyError.c_str());
        // The guard stays on: not the platform's to switch off, and ALWAYS holds in replica mode (superuser).
        QCOMPARE(
            test::sqlstate(*platform, "ALTER TABLE art32.account_keys DISABLE TRIGGER account_keys_versions_insert"),
            std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*platform, "SET session_replication_role = replica"),
                 std::string(kInsufficientPrivilege));
        {
            pqxx::connection super(test::superuserProfile(m_db).connectionString());
            pqxx::nontransaction tx(super);
            tx.exec("SET session_replication_role = replica");
            bool refused = false;
            try {
                tx.exec("UPDATE art32.account_keys SET kek_version = 7 WHERE account_id = 4");
            } catch (const pqxx::sql_error& e) {
                refused = std::string(e.what()).find("retired") != std::string::npos;
            }
            QVERIFY(refused);
        }
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.account_keys WHERE kek_version IN (7, 99)"),
                 0LL);
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.blind_index WHERE index_version IN (7, 99)"),
                 0LL);
        test::superuserExec(m_db, "DELETE FROM art32.accounts WHERE id = " + account);
    }

    // Attacks on 0010: block a rotation, skip the platform, or fake key versions, with a password or as a CTO.
    void keyVersionsAndRotationsCannotBeBlockedOrFaked()
    {
        // A locked admin may SELECT key_rotations, which allows ACCESS SHARE only: it cannot take the lock that
        // serialises rotation_start, and cannot share-lock a version row to hold off rotation_finish.
        auto locked = test::loginAs(m_aud, m_keychain);
        QVERIFY(locked);
        QCOMPARE(test::sqlstate(*locked, "BEGIN; LOCK TABLE art32.key_rotations IN SHARE ROW EXCLUSIVE MODE"),
                 std::string(kInsufficientPrivilege));
        test::sqlstate(*locked, "ROLLBACK");
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        for (const char* sql :
             { "SELECT * FROM art32.key_versions FOR SHARE", "SELECT * FROM art32.key_rotations FOR UPDATE",
               "LOCK TABLE art32.key_versions IN EXCLUSIVE MODE" }) {
            QCOMPARE(test::sqlstate(*cto, std::string("BEGIN; ") + sql), std::string(kInsufficientPrivilege));
            test::sqlstate(*cto, "ROLLBACK");
        }
        // A CTO seals only versions in use: a copy of version 99 would have made the next rotation start from it.
        const std::string junk = "'\\x" + std::string(80 * 2, '0') + "'";
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.seal_key_for('tst_a_sys', 'kek', 99, " + junk + ")"),
                 std::string("22023"));
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.seal_key_for('tst_a_sys', 'kek', 7, " + junk + ")"),
                 std::string("22023"));
        // Only a platform login is a platform: not an admin, not a group.
        const std::string pk = "'\\x" + std::string(32 * 2, '1') + "'";
        for (const char* login : { "tst_a_sys", "art32_platform", "art32_owner", "postgres" })
            QCOMPARE(test::sqlstate(*cto, std::string("SELECT art32.platform_register('") + login + "', " + pk + ")"),
                     std::string("22023"));
        // The platform registers nothing itself, seals nothing, and reads only its own copies.
        const std::string pw = "platform-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_a_platform"), pw, QStringLiteral("art32_platform"));
        test::createLoginRole(QStringLiteral("tst_a_platform2"), pw, QStringLiteral("art32_platform"));
        auto platform = test::loginAs(m_db, QStringLiteral("tst_a_platform"), pw);
        QVERIFY(platform);
        QCOMPARE(test::sqlstate(*platform, "SELECT art32.platform_register('tst_a_platform', " + pk + ")"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(
            test::sqlstate(*platform, "SELECT art32.seal_key_for_platform('tst_a_platform', 'kek', 1, " + junk + ")"),
            std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*platform, "SELECT * FROM art32.platform_keys()"), std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.platform_register('tst_a_platform2', " + pk + ")"), std::string());
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.seal_key_for_platform('tst_a_platform2', 'kek', 1, " + junk + ")"),
                 std::string());
        QCOMPARE(test::sqlstate(*platform, "SELECT * FROM art32.platform_keys()"), std::string(kInsufficientPrivilege));
        for (const char* table : { "platform_keys", "platform_sealed_keys", "key_versions" })
            QCOMPARE(test::sqlstate(*platform, std::string("SELECT * FROM art32.") + table),
                     std::string(kInsufficientPrivilege));
        auto other = test::loginAs(m_db, QStringLiteral("tst_a_platform2"), pw);
        QCOMPARE(test::rowsOf(*other, "SELECT * FROM art32.platform_keys()"), std::optional<long long>(1));
        // A sysadmin, unlocked, registers no platform key.
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.platform_register('tst_a_platform', " + pk + ")"),
                 std::string(kInsufficientPrivilege));
        QVERIFY(test::scalar(*cto, "SELECT art32.platform_unregister('tst_a_platform2')"));
    }

    // Review of 0010, (a) the platform: every other way around the version guard. Inheritance, partitions, rules,
    // triggers and views need the owner or CREATE on a schema; the guard's functions are no one's to call; the
    // version rows are no one's to write; nothing parks the guard's lock beyond the session (2PC is off).
    void thePlatformCannotGoAroundTheVersionGuard()
    {
        test::createLoginRole(QStringLiteral("tst_a_platform"), m_platformPassword, QStringLiteral("art32_platform"));
        auto platform = test::loginAs(m_db, QStringLiteral("tst_a_platform"), m_platformPassword);
        QVERIFY(platform);
        for (const char* sql :
             { "CREATE TABLE art32.shadow_keys () INHERITS (art32.account_keys)",
               "CREATE TABLE public.shadow_keys () INHERITS (art32.account_keys)",
               "CREATE TABLE art32.part_keys PARTITION OF art32.account_keys DEFAULT",
               "CREATE RULE skip AS ON INSERT TO art32.account_keys DO INSTEAD NOTHING",
               "CREATE VIEW art32.keys_view AS SELECT * FROM art32.account_keys",
               "CREATE TRIGGER t BEFORE INSERT ON art32.blind_index FOR EACH ROW EXECUTE FUNCTION "
               "art32.refuse_audit_change()",
               "ALTER TABLE art32.blind_index DISABLE TRIGGER USER",
               "ALTER TABLE art32.account_keys ENABLE REPLICA TRIGGER account_keys_versions_update",
               "SET LOCAL session_replication_role = replica", "SET ROLE art32_owner",
               "SET SESSION AUTHORIZATION art32_owner",
               "UPDATE art32.key_versions SET retired_at = NULL WHERE version = 7",
               "INSERT INTO art32.key_versions (kind, version) VALUES ('kek', 99)",
               "DELETE FROM art32.account_keys WHERE account_id = 4", "TRUNCATE art32.blind_index",
               "SELECT art32.refuse_unusable_versions('kek', '{1}')", "SELECT art32.account_keys_versions()" })
            QVERIFY2(test::sqlstate(*platform, sql) == kInsufficientPrivilege, sql);
        // One statement with a usable and an unknown version is refused as a whole, also for duplicates and NULL.
        const std::string junk = "'\\x" + std::string(77 * 2, 'b') + "'";
        const std::string a = *test::scalar(
            *platform, "INSERT INTO art32.accounts (company_name, plan) VALUES ('Mix BV', 'free') RETURNING id");
        const std::string b = *test::scalar(
            *platform, "INSERT INTO art32.accounts (company_name, plan) VALUES ('Mix 2 BV', 'free') RETURNING id");
        for (const std::string& versions : { std::string("1, 99"), std::string("1, 7"), std::string("99, 99") })
            QCOMPARE(test::sqlstate(*platform,
                                    "INSERT INTO art32.account_keys (account_id, kek_version, wrapped_dek) SELECT "
                                    "unnest(ARRAY["
                                        + a + ", " + b + "]), unnest(ARRAY[" + versions + "]), " + junk),
                     std::string("A3201"));
        QVERIFY(test::sqlstate(*platform, "UPDATE art32.blind_index SET index_version = NULL WHERE account_id = 4")
                != std::string());
        // A write that holds the usable version cannot be parked in a prepared transaction (the harness, like a
        // default server, has max_prepared_transactions = 0; a server with 2PC on would let it outlive the session).
        QVERIFY(test::sqlstate(*platform,
                               "BEGIN; UPDATE art32.account_keys SET kek_version = kek_version WHERE account_id = 4; "
                               "PREPARE TRANSACTION 'park'")
                != std::string());
        test::sqlstate(*platform, "ROLLBACK");
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM pg_prepared_xacts"), 0LL);
        QCOMPARE(test::superuserCount(
                     m_db, "SELECT count(*) FROM art32.account_keys WHERE account_id IN (" + a + ", " + b + ")"),
                 0LL);
        test::superuserExec(m_db, "DELETE FROM art32.accounts WHERE id IN (" + a + ", " + b + ")");
    }

    // Review of 0010, (a): a platform login reads its own sealed copies and no other's, by no route.
    void aPlatformLoginReadsOnlyItsOwnCopies()
    {
        test::createLoginRole(QStringLiteral("tst_a_platform"), m_platformPassword, QStringLiteral("art32_platform"));
        test::createLoginRole(QStringLiteral("tst_a_platform2"), m_platformPassword, QStringLiteral("art32_platform"));
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        const KeyPair mine = keys::generateKeyPair();
        const KeyPair theirs = keys::generateKeyPair();
        const std::string sealedMine = "'\\x" + std::string(80 * 2, 'a') + "'";
        const std::string sealedTheirs = "'\\x" + std::string(80 * 2, 'e') + "'";
        for (const auto& [login, key, sealed] : { std::make_tuple("tst_a_platform", &mine, &sealedMine),
                                                  std::make_tuple("tst_a_platform2", &theirs, &sealedTheirs) }) {
            QCOMPARE(test::sqlstate(*cto,
                                    std::string("SELECT art32.platform_register('") + login + "', "
                                        + hex(key->publicKey) + ")"),
                     std::string());
            QCOMPARE(test::sqlstate(*cto,
                                    std::string("SELECT art32.seal_key_for_platform('") + login + "', 'kek', 1, "
                                        + *sealed + ")"),
                     std::string());
        }
        auto platform = test::loginAs(m_db, QStringLiteral("tst_a_platform"), m_platformPassword);
        QVERIFY(platform);
        QCOMPARE(test::rowsOf(*platform, "SELECT * FROM art32.platform_keys() WHERE sealed = " + sealedMine),
                 std::optional<long long>(1));
        QCOMPARE(test::rowsOf(*platform, "SELECT * FROM art32.platform_keys() WHERE sealed <> " + sealedMine),
                 std::optional<long long>(0));
        for (const char* sql :
             { "SET ROLE tst_a_platform2", "SET SESSION AUTHORIZATION tst_a_platform2",
               "SELECT * FROM art32.platform_sealed_keys", "COPY art32.platform_sealed_keys TO STDOUT",
               "SELECT * FROM art32.platform_keys_without('kek', 99)", "SELECT * FROM art32.key_holders('kek', 1)",
               "SELECT art32.rotation_remaining('kek')" })
            QVERIFY2(test::sqlstate(*platform, sql) == kInsufficientPrivilege, sql);
        // Admins hold no platform's copy either: the function is the platform's, and no admin is a platform.
        auto sys = unlocked(m_sys);
        auto aud = unlocked(m_aud);
        QVERIFY(sys && aud);
        for (Database* db : { cto.get(), sys.get(), aud.get() }) {
            QCOMPARE(test::sqlstate(*db, "SELECT * FROM art32.platform_keys()"), std::string(kInsufficientPrivilege));
            QCOMPARE(test::sqlstate(*db, "SELECT * FROM art32.platform_sealed_keys"),
                     std::string(kInsufficientPrivilege));
        }
        QVERIFY(test::scalar(*cto, "SELECT art32.platform_unregister('tst_a_platform')"));
        QVERIFY(test::scalar(*cto, "SELECT art32.platform_unregister('tst_a_platform2')"));
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.platform_sealed_keys"), 0LL);
    }

    // Review of 0010, (c): a CTO seals to a platform only a usable version of a real kind, of a real size, to a
    // registered login; and only a platform login is registered. HOLE (low) while open: pg_has_role(.., 'MEMBER') is
    // true for every superuser, so the cluster's superuser login registers as a "platform" (every later rotation then
    // seals the keys to a key pair of the CTO's choosing under the superuser's name).
    void platformSealsAndRegistrationsTakeOnlyRealOnes()
    {
        test::createLoginRole(QStringLiteral("tst_a_platform"), m_platformPassword, QStringLiteral("art32_platform"));
        test::superuserExec(m_db,
                            "DROP ROLE IF EXISTS tst_a_nologin; CREATE ROLE tst_a_nologin NOLOGIN IN ROLE "
                            "art32_platform");
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        const std::string pk = hex(keys::generateKeyPair().publicKey);
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.platform_register('tst_a_platform', " + pk + ")"), std::string());
        const std::string sealed = "'\\x" + std::string(80 * 2, '3') + "'";
        for (const std::string& call :
             { "'tst_a_platform', 'kek', 99, " + sealed, "'tst_a_platform', 'kek', 7, " + sealed,
               "'tst_a_platform', 'index', 7, " + sealed, "'tst_a_platform', 'kek', 0, " + sealed,
               "'tst_a_platform', 'kek', -1, " + sealed, "'tst_a_platform', 'bogus', 1, " + sealed,
               "'tst_a_platform', NULL, 1, " + sealed, "'tst_a_platform', 'kek', NULL, " + sealed,
               "'tst_a_platform2', 'kek', 1, " + sealed, "'tst_a_sys', 'kek', 1, " + sealed })
            QVERIFY2(test::sqlstate(*cto, "SELECT art32.seal_key_for_platform(" + call + ")") == "22023", call.c_str());
        for (const std::string& wrong :
             { std::string("'\\x00'"), std::string("NULL"), "'\\x" + std::string(81 * 2, '3') + "'" })
            QVERIFY2(
                !test::sqlstate(*cto, "SELECT art32.seal_key_for_platform('tst_a_platform', 'kek', 1, " + wrong + ")")
                     .empty(),
                wrong.c_str());
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.platform_sealed_keys"), 0LL);
        // Short, long or no public keys; names that would matter if they reached SQL text.
        for (const std::string& key :
             { std::string("'\\x00'"), std::string("NULL"), "'\\x" + std::string(33 * 2, '1') + "'" })
            QVERIFY2(test::sqlstate(*cto, "SELECT art32.platform_register('tst_a_platform', " + key + ")") == "22023",
                     key.c_str());
        const std::string superuser = test::superuserProfile(m_db).user.toStdString();
        std::string registered;
        for (const std::string& login :
             { std::string("tst_a_nologin"), std::string("tst_a_cto"), std::string("art32_rolemaker"),
               std::string("x'); GRANT art32_owner TO tst_a_cto; --"), superuser })
            if (test::sqlstate(*cto, "SELECT art32.platform_register(" + test::literal(login) + ", " + pk + ")")
                != "22023")
                registered += " " + login;
        const bool owner = isMember("tst_a_cto", "art32_owner");
        test::superuserExec(m_db, "DELETE FROM art32.platform_keys; DROP ROLE tst_a_nologin");
        QVERIFY(!owner);
        QVERIFY2(registered.empty(), ("HOLE: registered as a platform:" + registered).c_str());
    }

    // Review of 0010, (d)/(e)/(b): an auditor, a locked CTO and an unlocked sysadmin reach no key-version function,
    // and none of them can take a lock that holds off a rotation.
    void lowerAndLockedRolesReachNoKeyVersionFunction()
    {
        const std::string pk = hex(keys::generateKeyPair().publicKey);
        const std::string sealed = "'\\x" + std::string(80 * 2, '3') + "'";
        const std::vector<std::string> calls = {
            "SELECT art32.platform_register('tst_a_platform', " + pk + ")",
            "SELECT art32.platform_unregister('tst_a_platform')",
            "SELECT art32.seal_key_for_platform('tst_a_platform', 'kek', 1, " + sealed + ")",
            "SELECT art32.seal_key_for('tst_a_sys', 'kek', 1, " + sealed + ")",
            "SELECT * FROM art32.platform_keys_without('kek', 1)",
            "SELECT art32.rotation_remaining('kek')",
            "SELECT art32.rotation_start('kek', " + sealed + ")",
            "SELECT art32.rotation_finish('kek')",
            "SELECT art32.keys_init(" + sealed + ", " + sealed + ")",
            "SELECT * FROM art32.rotation_keys(1, 0, 10)",
            "SELECT * FROM art32.rotation_indexed(1, 0, 10)",
            "SELECT * FROM art32.platform_keys()",
            "LOCK TABLE art32.key_rotations IN ROW EXCLUSIVE MODE",
            "LOCK TABLE art32.key_versions IN ROW SHARE MODE",
            "SELECT * FROM art32.key_versions FOR KEY SHARE",
        };
        test::superuserExec(m_db, "DELETE FROM art32.platform_keys");
        auto lockedCto = test::loginAs(m_cto, m_keychain);
        auto aud = unlocked(m_aud);
        auto sys = unlocked(m_sys);
        QVERIFY(lockedCto && aud && sys);
        for (Database* db : { lockedCto.get(), aud.get(), sys.get() })
            for (const std::string& sql : calls) {
                QVERIFY2(test::sqlstate(*db, "BEGIN; " + sql) == kInsufficientPrivilege, sql.c_str());
                test::sqlstate(*db, "ROLLBACK");
            }
        // Locked: the versions and the platform's public keys give no rows.
        QCOMPARE(test::rowsOf(*lockedCto, "SELECT * FROM art32.key_versions"), std::optional<long long>(0));
        QCOMPARE(test::rowsOf(*lockedCto, "SELECT * FROM art32.platform_keys"), std::optional<long long>(0));
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.platform_keys"), 0LL);
    }

    // Review of 0010, (c) with TEMP granted back by mistake: a temporary key_versions (or platform_keys) table
    // shadows nothing the definers read, and the platform's own temporary table shadows nothing the guard reads.
    void temporaryTablesShadowNoVersionCheck()
    {
        test::createLoginRole(QStringLiteral("tst_a_platform"), m_platformPassword, QStringLiteral("art32_platform"));
        test::superuserExec(m_db, "GRANT TEMPORARY ON DATABASE tst_attacks TO tst_a_cto, tst_a_platform");
        auto cto = unlocked(m_cto);
        auto platform = test::loginAs(m_db, QStringLiteral("tst_a_platform"), m_platformPassword);
        QVERIFY(cto && platform);
        const std::string fake = "CREATE TEMP TABLE key_versions (kind text, version integer, retired_at timestamptz); "
                                 "INSERT INTO key_versions VALUES ('kek', 99, NULL), ('index', 99, NULL); "
                                 "CREATE TEMP TABLE new_rows (kek_version integer, index_version integer); "
                                 "INSERT INTO new_rows VALUES (1, 1)";
        QCOMPARE(test::sqlstate(*cto, fake), std::string());
        QCOMPARE(test::sqlstate(*cto, "CREATE TEMP TABLE platform_keys (login name, public_key bytea)"), std::string());
        QCOMPARE(test::sqlstate(*cto, "INSERT INTO platform_keys VALUES ('tst_a_platform', '\\x00')"), std::string());
        const std::string sealed = "'\\x" + std::string(80 * 2, '3') + "'";
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.seal_key_for_platform('tst_a_platform', 'kek', 1, " + sealed + ")"),
                 std::string("22023")); // not registered in art32.platform_keys
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.seal_key_for('tst_a_sys', 'kek', 99, " + sealed + ")"),
                 std::string("22023"));
        QCOMPARE(test::sqlstate(*platform, fake), std::string());
        QCOMPARE(test::sqlstate(*platform, "UPDATE art32.account_keys SET kek_version = 99 WHERE account_id = 4"),
                 std::string("A3201"));
        QCOMPARE(test::sqlstate(*platform, "UPDATE art32.blind_index SET index_version = 99 WHERE account_id = 4"),
                 std::string("A3201"));
        test::superuserExec(m_db, "REVOKE TEMPORARY ON DATABASE tst_attacks FROM tst_a_cto, tst_a_platform");
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.sealed_keys WHERE version = 99"), 0LL);
    }

    // Review of 0010, races: a write at the old version that reaches the guard after rotation_finish locked the
    // version rows waits for it and is refused when it commits; one whose REPEATABLE READ snapshot still shows the
    // version usable is refused too. No row is left at the retired version, so no sealed copy went too early.
    void aWriteRacingTheFinishIsRefused()
    {
        test::createLoginRole(QStringLiteral("tst_a_platform"), m_platformPassword, QStringLiteral("art32_platform"));
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        KeyRing ring;
        QVERIFY(loadRing(*cto, m_cto, ring));
        const auto rot = openIndexRotation(*cto, ring, true);
        QVERIFY(rot);
        auto racer = test::loginAs(m_db, QStringLiteral("tst_a_platform"), m_platformPassword);
        auto snapshot = test::loginAs(m_db, QStringLiteral("tst_a_platform"), m_platformPassword);
        QVERIFY(racer && snapshot);
        const std::string racerPid = *test::scalar(*racer, "SELECT pg_backend_pid()");
        const std::string record = superText("SELECT min(record_id) FROM art32.blind_index");
        const std::string from = std::to_string(rot->from);
        QCOMPARE(test::sqlstate(*snapshot,
                                "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM "
                                "art32.blind_index"),
                 std::string());
        QCOMPARE(test::sqlstate(*cto, "BEGIN; SELECT art32.rotation_finish('index')"), std::string());
        auto write = std::async(std::launch::async, [&] {
            return test::sqlstate(
                *racer, "UPDATE art32.blind_index SET index_version = " + from + " WHERE record_id = " + record);
        });
        // Until the racer waits on the finish's lock (or is done already: then it saw the lock or nothing).
        while (write.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready
               && test::superuserCount(m_db,
                                       "SELECT count(*) FROM pg_stat_activity WHERE pid = " + racerPid
                                           + " AND wait_event_type = 'Lock'")
                   == 0) { }
        QCOMPARE(test::sqlstate(*cto, "COMMIT"), std::string());
        QCOMPARE(write.get(), std::string("A3201"));
        // libpqxx 6 throws serialization_failure outside sql_error's catch in sqlstate(): read the message.
        std::string late = "db-error";
        snapshot->run([&](pqxx::connection_base& c) {
            try {
                pqxx::nontransaction tx(c);
                tx.exec("UPDATE art32.blind_index SET index_version = " + from + " WHERE record_id = " + record);
                late.clear();
            } catch (const std::exception& e) {
                late = e.what();
            }
        });
        QVERIFY2(late.find("40001") != std::string::npos || late.find("A3201") != std::string::npos, late.c_str());
        test::sqlstate(*snapshot, "ROLLBACK");
        QCOMPARE(test::superuserCount(
                     m_db, "SELECT count(*) FROM art32.blind_index WHERE index_version <> " + std::to_string(rot->to)),
                 0LL);
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.key_versions WHERE kind = 'index' AND "
                                      "retired_at IS NULL"),
                 1LL);
    }

    // Review of 0010, (c): HOLE while open. rotation_finish checks that every platform key holds the new version, but
    // not that the admins who held the old one do: a CTO rotating through psql (seals the new version to itself
    // only, moves the rows, finishes) deletes every other admin's copy, other CTOs' included, and is then the only
    // admin holding the key (with no platform registered, the only holder at all).
    void rotationFinishKeepsTheCopiesOtherAdminsNeed()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        KeyRing ring;
        QVERIFY(loadRing(*cto, m_cto, ring));
        QCOMPARE(test::superuserCount(m_db, "SELECT count(*) FROM art32.platform_keys"), 0LL);
        const std::string sysCopies = "SELECT count(*) FROM art32.sealed_keys s JOIN art32.admins a ON a.id = "
                                      "s.admin_id WHERE a.login = 'tst_a_sys' AND s.kind = 'index'";
        QCOMPARE(test::superuserCount(m_db, sysCopies), 1LL);
        const auto rot = openIndexRotation(*cto, ring, false); // the sysadmin gets no copy of the new version
        QVERIFY(rot);
        const std::string finished = test::sqlstate(*cto, "SELECT art32.rotation_finish('index')");
        const long long sysKept = test::superuserCount(m_db, sysCopies);
        restoreIndexKeys(*cto, ring, *rot); // the console's step, so the fixture holds its keys again either way
        QVERIFY2(!finished.empty(), "HOLE: rotation_finish deleted the sysadmin's only copy of the index key");
        QCOMPARE(sysKept, 1LL);
    }

    // Review of 0010, (b): an unlocked sysadmin with any grant saves one record at the old index version and leaves
    // its transaction open. The guard's share lock on the version row held rotation_finish waiting for as long as the
    // sysadmin liked (no timeout; a CTO cannot end another login's backend). Now the finish gives up after 5 s with
    // lock_not_available and names who holds the lock, and the next finish, once that write has ended, goes through
    // (restoreIndexKeys finishes the rotation).
    void aSysadminCannotHoldOffRotationFinish()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        KeyRing ring;
        QVERIFY(loadRing(*cto, m_cto, ring));
        QVERIFY(test::scalar(*cto, "SELECT art32.grant_access('tst_a_sys', 20, 'ticket 120: phone number', 30)"));
        const auto rot = openIndexRotation(*cto, ring, true);
        QVERIFY(rot);
        const std::string record = superText("SELECT min(record_id) FROM art32.blind_index WHERE account_id = 20");
        QVERIFY(!record.empty());
        const std::string version = superText("SELECT version FROM art32.records WHERE id = " + record);
        const std::string ciphertext
            = superText("SELECT encode(ciphertext, 'hex') FROM art32.records WHERE id = " + record);
        const std::string digest
            = superText("SELECT encode(digest, 'hex') FROM art32.blind_index WHERE record_id = " + record);
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        // The same record, ciphertext and digest, at the old version (still usable): a stale console could send it.
        QCOMPARE(test::sqlstate(*sys,
                                "BEGIN; SELECT art32.save_record(" + record + ", " + version + ", '\\x" + ciphertext
                                    + "', " + std::to_string(rot->from) + ", '\\x" + digest + "')"),
                 std::string());
        std::string held;
        std::string message;
        cto->run([&](pqxx::connection_base& c) {
            try {
                pqxx::nontransaction tx(c);
                tx.exec("SELECT art32.rotation_finish('index')"); // no lock_timeout of the caller's own
            } catch (const pqxx::sql_error& e) {
                held = test::stateOf(e);
                message = e.what();
            }
        });
        test::sqlstate(*sys, "ROLLBACK");
        restoreIndexKeys(*cto, ring, *rot);
        QCOMPARE(held, std::string("55P03"));
        QVERIFY2(message.find("tst_a_sys") != std::string::npos, message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestAttacks)
#include "tst_attacks.moc"
