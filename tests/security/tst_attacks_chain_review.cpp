#include "SecuritySupport.h"
#include "audit/Chain.h"

#include <QTest>
#include <QUuid>
#include <chrono>
#include <future>
#include <pqxx/nontransaction>
#include <pqxx/stream_to>
#include <pqxx/transaction>
#include <set>
#include <sodium.h>

using namespace art32;
using test::kInsufficientPrivilege;

/**
 * The review of the audit chain (migration 0012, issue 12) by an attacker who holds only what an attacker would:
 * a DB password and psql for each admin group (locked and unlocked), the platform role, the backup role, and the
 * superuser for forgeries, which verify must detect rather than prevent. Each test performs the attack; holes
 * still open are marked QEXPECT_FAIL with the fix the review proposes (an XPASS then says the fix landed and the
 * mark must go).
 */
class TestAttacksChainReview : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_chain_review");
    Keychain m_keychain { QStringLiteral("Art32 Console chain review %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    const std::string m_password = "review-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();

    std::unique_ptr<Database> unlocked(const test::TestAdmin& admin)
    {
        return test::unlockedAs(m_db, admin, m_keychain, m_offset);
    }
    std::unique_ptr<Database> platform() { return test::loginAs(m_db, QStringLiteral("tst_cr_platform"), m_password); }
    std::unique_ptr<Database> superDb()
    {
        auto d = std::make_unique<Database>(test::superuserProfile(m_db));
        return d->openWithoutPassword().ok() ? std::move(d) : nullptr;
    }
    long long count(const std::string& sql) { return test::superuserCount(m_db, sql); }
    long long events(const std::string& where)
    {
        return count("SELECT count(*) FROM art32.audit_events WHERE " + where);
    }
    long long maxSeq() { return count("SELECT coalesce(max(seq), 0) FROM art32.audit_events"); }
    /** seq is gapless from the first surviving event to the last. */
    bool gapless() { return count("SELECT (max(seq) - min(seq) + 1 = count(*))::int FROM art32.audit_events") == 1; }

    /** Runs SQL on the connection without waiting for a transaction to end (BEGIN … stays open). */
    static std::string exec(Database& db, const std::string& sql) { return test::sqlstate(db, sql); }

    Result<audit::VerifyReport> verify(const std::optional<audit::Checkpoint>& cp = std::nullopt)
    {
        auto d = superDb();
        if (!d)
            return Error { QStringLiteral("test.connect"), QStringLiteral("no superuser connection") };
        return audit::verify(*d, 1, cp, {}, nullptr);
    }

    long long newAccount(Database& db)
    {
        const auto id = test::scalar(db,
                                     "INSERT INTO art32.accounts (company_name, plan) VALUES ('Review BV', 'free') "
                                     "RETURNING id");
        return id ? std::stoll(*id) : -1;
    }
    long long newRecord(Database& db, long long account)
    {
        const auto id
            = test::scalar(db,
                           "INSERT INTO art32.records (account_id, kind, ciphertext) VALUES (" + std::to_string(account)
                               + ", 1, '\\x" + std::string(96, 'c') + "') RETURNING id");
        return id ? std::stoll(*id) : -1;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_cr"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        test::createLoginRole(QStringLiteral("tst_cr_platform"), m_password, QStringLiteral("art32_platform"));
        test::createLoginRole(QStringLiteral("tst_cr_backup"), m_password, QStringLiteral("art32_backup"));
        QVERIFY(platform());
        QVERIFY(maxSeq() > 0);
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    // 1. Writing or forging an event directly, as every role an attacker holds, locked and unlocked.
    void noRoleWritesOrEditsTheLogDirectly()
    {
        const std::string zero = "'\\x" + std::string(64, '0') + "'";
        const std::vector<std::string> attacks {
            "INSERT INTO art32.audit_events (action, object) VALUES ('forged', 'x')",
            "SELECT art32.audit('forged', 'x', '{}')",
            "SELECT art32.audit_chain_wait()",
            "SELECT art32_warden.end_stalled_chain_holder()",
            "UPDATE art32.audit_events SET action = 'forged' WHERE seq = 1",
            "DELETE FROM art32.audit_events WHERE seq = 1",
            "TRUNCATE art32.audit_events",
            "COPY art32.audit_events (action) FROM '/dev/null'",
            "INSERT INTO art32.audit_anchors (first_seq, prev_hash, cut_at) VALUES (2, " + zero + ", now())",
            "INSERT INTO art32.audit_signing_keys (public_key, published_at) VALUES (" + zero + ", now())",
            "UPDATE art32.audit_signing_keys SET login = 'forged'",
            "DELETE FROM art32.audit_signing_keys",
            "UPDATE art32.audit_head SET singleton = true",
            "SELECT FROM art32.audit_head FOR UPDATE",
            "SELECT art32.audit_track('art32.policy')",
            "ALTER TABLE art32.audit_events DISABLE TRIGGER ALL",
            "ALTER TABLE art32.accounts DISABLE TRIGGER audit_changes",
            "CREATE RULE forged AS ON INSERT TO art32.audit_events DO INSTEAD NOTHING",
            "SET session_replication_role = replica",
            "CREATE TABLE art32.forged () INHERITS (art32.accounts)",
            "CREATE TABLE public.forged () INHERITS (art32.accounts)",
            "CREATE TEMP TABLE forged (x int)",
            "CREATE VIEW public.forged AS SELECT 1",
        };
        auto check = [&](Database& db, const char* who, bool isCto) {
            for (const std::string& sql : attacks)
                QVERIFY2(!exec(db, sql).empty(), (std::string(who) + ": " + sql).c_str());
            if (!isCto)
                QVERIFY2(!exec(db, "SELECT art32.audit_retain(2)").empty(), who);
        };
        for (const test::TestAdmin* admin : { &m_cto, &m_sys, &m_aud }) {
            auto locked = test::loginAs(*admin, m_keychain);
            QVERIFY(locked);
            check(*locked, "locked", false);
            QVERIFY(!exec(*locked, "SELECT art32.audit_verified(1, 1, 1, 'intact', NULL, NULL)").empty());
            QVERIFY(!exec(*locked, "SELECT art32.audit_publish_key(" + zero + ")").empty());
            auto open = unlocked(*admin);
            QVERIFY(open);
            check(*open, "unlocked", admin == &m_cto);
        }
        auto p = platform();
        auto b = test::loginAs(m_db, QStringLiteral("tst_cr_backup"), m_password);
        QVERIFY(p && b);
        check(*p, "platform", false);
        check(*b, "backup", false);
        QCOMPARE(events("action = 'forged' OR actor = 'forged'"), 0LL);
        QVERIFY(gapless());
    }

    // 2. Reading what a role should not: nothing before TOTP, nothing for the platform or the backup role.
    void lockedAndServiceRolesReadNoEvents()
    {
        const std::vector<std::string> tables { "art32.audit_events", "art32.audit_anchors", "art32.audit_signing_keys",
                                                "art32.audit_head" };
        for (const test::TestAdmin* admin : { &m_cto, &m_sys, &m_aud }) {
            auto locked = test::loginAs(*admin, m_keychain);
            QVERIFY(locked);
            for (const std::string& t : tables) {
                const auto n = test::rowsOf(*locked, "SELECT * FROM " + t);
                QVERIFY2(!n || *n == 0, t.c_str());
            }
        }
        auto p = platform();
        auto b = test::loginAs(m_db, QStringLiteral("tst_cr_backup"), m_password);
        QVERIFY(p && b);
        for (Database* db : { p.get(), b.get() })
            for (const std::string& t : tables)
                QCOMPARE(exec(*db, "SELECT * FROM " + t), std::string(kInsufficientPrivilege));
        auto aud = unlocked(m_aud);
        QVERIFY(aud);
        QVERIFY(test::rowsOf(*aud, "SELECT * FROM art32.audit_events").value_or(0) > 0);
        QCOMPARE(exec(*aud, "SELECT * FROM art32.audit_head"), std::string(kInsufficientPrivilege));
    }

    // 3. Every change the platform can make to an art32 table leaves an event: plain, ON CONFLICT, COPY; a
    // rolled-back savepoint leaves neither the change nor an event, and no gap.
    void platformChangesAllLeaveEvents()
    {
        auto p = platform();
        QVERIFY(p);
        const long long before = events("actor = 'tst_cr_platform'");
        const long long account = newAccount(*p);
        QVERIFY(account > 0);
        const std::string id = std::to_string(account);
        QCOMPARE(events("actor = 'tst_cr_platform' AND action = 'row.insert' AND tbl = 'accounts' AND row_key = '" + id
                        + "' AND account_id = " + id),
                 1LL);
        QCOMPARE(exec(*p, "UPDATE art32.accounts SET plan = 'starter' WHERE id = " + id), std::string());
        QCOMPARE(exec(*p,
                      "INSERT INTO art32.accounts (id, company_name, plan) VALUES (" + id
                          + ", 'x', 'free') ON CONFLICT (id) DO UPDATE SET plan = 'business'"),
                 std::string());
        QCOMPARE(exec(*p,
                      "INSERT INTO art32.accounts (id, company_name, plan) VALUES (" + id
                          + ", 'x', 'free') ON CONFLICT (id) DO NOTHING"),
                 std::string());
        QCOMPARE(events("actor = 'tst_cr_platform' AND action = 'row.update' AND tbl = 'accounts' AND row_key = '" + id
                        + "' AND columns = '{plan}'"),
                 2LL);
        // COPY: refused to the platform (RLS applies to it); a superuser's COPY fires the row triggers.
        const long long copied = 1000000 + account;
        auto copy = [&](pqxx::connection_base& c) {
            pqxx::work tx(c);
            pqxx::stream_to to(tx, "art32.accounts", std::vector<std::string> { "id", "company_name", "plan" });
            to << std::make_tuple(copied, std::string("Copied BV"), std::string("free"));
            to.complete();
            tx.commit();
        };
        QVERIFY(!p->run(copy));
        QCOMPARE(count("SELECT count(*) FROM art32.accounts WHERE id = " + std::to_string(copied)), 0LL);
        {
            pqxx::connection super(test::superuserProfile(m_db).connectionString());
            copy(super);
        }
        QCOMPARE(events("action = 'row.insert' AND tbl = 'accounts' AND row_key = '" + std::to_string(copied) + "'"),
                 1LL);
        // A savepoint rolled back: the change and its event go together; the chain has no gap.
        const long long seqBefore = maxSeq();
        QCOMPARE(exec(*p,
                      "BEGIN; SAVEPOINT s; UPDATE art32.accounts SET plan = 'enterprise' WHERE id = " + id
                          + "; ROLLBACK TO SAVEPOINT s; UPDATE art32.accounts SET status = 'suspended' WHERE id = " + id
                          + "; COMMIT"),
                 std::string());
        QCOMPARE(maxSeq(), seqBefore + 1);
        QCOMPARE(count("SELECT count(*) FROM art32.accounts WHERE plan = 'business' AND status = 'suspended' AND id = "
                       + id),
                 1LL);
        QVERIFY(gapless());
        QCOMPARE(events("actor = 'tst_cr_platform'"), before + 4);
        // Many events in one statement (a multi-row UPDATE, a CTE with two writes) chain one after another.
        const long long rows = count("SELECT count(*) FROM art32.accounts");
        const long long seqMulti = maxSeq();
        QCOMPARE(exec(*p, "UPDATE art32.accounts SET version = version + 1"), std::string());
        QCOMPARE(exec(*p,
                      "WITH n AS (INSERT INTO art32.accounts (company_name, plan) VALUES ('CTE BV', 'free')) "
                      "UPDATE art32.accounts SET plan = 'starter' WHERE id = "
                          + id),
                 std::string());
        QCOMPARE(maxSeq(), seqMulti + rows + 2);
        QVERIFY(gapless());

        // No way around the triggers for the platform.
        for (const std::string& sql :
             std::vector<std::string> { std::string("SET session_replication_role = replica"),
                                        "ALTER TABLE art32.accounts DISABLE TRIGGER audit_changes",
                                        "ALTER TABLE art32.accounts DISABLE RULE x",
                                        "CREATE RULE quiet AS ON UPDATE TO art32.accounts DO INSTEAD NOTHING",
                                        "CREATE TABLE art32.accounts_part () INHERITS (art32.accounts)",
                                        "CREATE TABLE public.accounts_part () INHERITS (art32.accounts)",
                                        "CREATE VIEW public.quiet AS SELECT * FROM art32.accounts",
                                        "TRUNCATE art32.accounts", "DELETE FROM art32.accounts WHERE id = " + id,
                                        "ALTER TABLE art32.accounts NO FORCE ROW LEVEL SECURITY",
                                        "SELECT set_config('session_replication_role', 'replica', false)" })
            QVERIFY2(!exec(*p, sql).empty(), sql.c_str());

        // Replica mode (a superuser's trick) does not silence an ALWAYS trigger.
        const long long superBefore = events("tbl = 'accounts' AND row_key = '" + id + "'");
        test::superuserExec(m_db,
                            "SET session_replication_role = replica; UPDATE art32.accounts SET status = 'active' "
                            "WHERE id = "
                                + id);
        QCOMPARE(events("tbl = 'accounts' AND row_key = '" + id + "'"), superBefore + 1);
    }

    // 4. Change events hold column names, never values.
    void changeEventsHoldNamesNotValues()
    {
        auto p = platform();
        QVERIFY(p);
        const long long account = newAccount(*p);
        const long long record = newRecord(*p, account);
        QVERIFY(record > 0);
        const std::string marker = "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e7";
        QCOMPARE(exec(*p,
                      "UPDATE art32.records SET ciphertext = '\\x" + marker + marker
                          + "' WHERE id = " + std::to_string(record)),
                 std::string());
        QCOMPARE(exec(*p,
                      "UPDATE art32.accounts SET company_name = 'Geheim " + marker
                          + "' WHERE id = " + std::to_string(account)),
                 std::string());
        QCOMPARE(events("tbl = 'records' AND action = 'row.update' AND row_key = '" + std::to_string(record)
                        + "' AND 'ciphertext' = ANY (columns) AND account_id = " + std::to_string(account)),
                 1LL);
        // What an unlocked sysadmin can read holds neither value.
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        QCOMPARE(test::scalar(*sys,
                              "SELECT count(*) FROM art32.audit_events WHERE strpos(lower(concat_ws(' ', object, "
                              "detail::text, row_key, columns::text)), '"
                                  + marker.substr(0, 16) + "') > 0"),
                 std::optional<std::string>("0"));
        // Every column an event names is a column of its table: names only, whatever the table.
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events e, unnest(e.columns) AS c (name) WHERE e.tbl IS NOT "
                       "NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = ('art32.' || "
                       "quote_ident(e.tbl))::regclass AND a.attname = c.name AND a.attnum > 0)"),
                 0LL);
    }

    // 5. A record moved to another account is a change of the first account's data: "who changed this customer's
    // data?" must find it under the account it was taken from.
    void recordMovedAwayShowsUnderItsOldAccount()
    {
        auto p = platform();
        QVERIFY(p);
        const long long from = newAccount(*p);
        const long long to = newAccount(*p);
        const long long record = newRecord(*p, from);
        QVERIFY(record > 0);
        QCOMPARE(exec(*p,
                      "UPDATE art32.records SET account_id = " + std::to_string(to)
                          + " WHERE id = " + std::to_string(record)),
                 std::string());
        QCOMPARE(events("tbl = 'records' AND action = 'row.update' AND 'account_id' = ANY (columns)"), 1LL);
        QCOMPARE(events("tbl = 'records' AND action = 'row.update' AND account_id = " + std::to_string(from)
                        + " AND row_key = '" + std::to_string(record) + "' AND detail ->> 'account_to' = '"
                        + std::to_string(to) + "' AND NOT detail ? 'key_to'"),
                 1LL);
    }

    // 6. Every new definer function pins its search_path with pg_temp last; no trigger function trusts the caller's.
    void newFunctionsPinTheirSearchPath()
    {
        QCOMPARE(count("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                       "WHERE n.nspname IN ('art32', 'art32_warden') AND (p.proname LIKE 'audit%' OR n.nspname = "
                       "'art32_warden' OR p.proname = 'refuse_audit_change') AND NOT EXISTS (SELECT 1 FROM "
                       "unnest(p.proconfig) AS s WHERE s ~ '^search_path=pg_catalog, (art32, )?pg_temp$')"),
                 0LL);
        QVERIFY(count("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                      "WHERE n.nspname = 'art32_warden'")
                == 1);
        // Nobody but the owner reaches the warden or the chain step.
        for (const char* role : { "art32_cto", "art32_sysadmin", "art32_auditor", "art32_platform", "art32_backup" }) {
            QCOMPARE(count(std::string("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                                       "WHERE (n.nspname = 'art32_warden' OR p.proname IN ('audit', 'audit_chain', "
                                       "'audit_chain_wait', 'audit_row', 'audit_track')) AND has_function_privilege('")
                           + role + "', p.oid, 'EXECUTE')"),
                     0LL);
        }
    }

    // 7. The warden ends a stalled holder of the chain lock, idle or running too long, and nobody else.
    void wardenEndsStalledHoldersOnly()
    {
        test::superuserExec(m_db,
                            "UPDATE art32.policy SET value = 5 WHERE key = 'audit_idle_hold_seconds'; "
                            "UPDATE art32.policy SET value = 10 WHERE key = 'audit_hold_seconds'");
        auto holder = platform();
        auto bystander = platform();
        auto victim = platform();
        QVERIFY(holder && bystander && victim);
        const long long account = newAccount(*victim);
        const std::string id = std::to_string(account);
        // A bystander idle in a transaction that does not hold the chain.
        QCOMPARE(exec(*bystander, "BEGIN; SELECT 1"), std::string());
        // The holder takes the chain and sits idle in its transaction.
        QCOMPARE(exec(*holder, "BEGIN; UPDATE art32.accounts SET plan = 'starter' WHERE id = " + id), std::string());
        QCOMPARE(exec(*victim, "SET statement_timeout = '120s'"), std::string()); // a stall fails, not hangs
        const long long endedBefore = events("action = 'audit.holder_ended'");
        QCOMPARE(exec(*victim, "INSERT INTO art32.accounts (company_name, plan) VALUES ('Victim BV', 'free')"),
                 std::string());
        QCOMPARE(events("action = 'audit.holder_ended' AND object = 'tst_cr_platform'"), endedBefore + 1);
        QVERIFY(!exec(*holder, "SELECT 1").empty()); // ended
        QCOMPARE(exec(*bystander, "SELECT 1; COMMIT"), std::string()); // spared

        // A holder that keeps a statement running (not idle) is ended once its transaction outlives the policy.
        auto active = platform();
        QVERIFY(active);
        QCOMPARE(exec(*active, "BEGIN; UPDATE art32.accounts SET plan = 'free' WHERE id = " + id), std::string());
        auto sleeping = std::async(std::launch::async, [&] { return exec(*active, "SELECT pg_sleep(300)"); });
        QCOMPARE(exec(*victim, "INSERT INTO art32.accounts (company_name, plan) VALUES ('Victim BV', 'free')"),
                 std::string());
        QCOMPARE(sleeping.get().empty(), false);
        QCOMPARE(events("action = 'audit.holder_ended' AND object = 'tst_cr_platform'"), endedBefore + 2);
        QVERIFY(gapless());
        test::superuserExec(m_db,
                            "UPDATE art32.policy SET value = 10 WHERE key = 'audit_idle_hold_seconds'; "
                            "UPDATE art32.policy SET value = 60 WHERE key = 'audit_hold_seconds'");
    }

    // 7b. Any login of an admin group, never enrolled and so never unlocked, takes the chain with an unlock attempt
    // inside its own transaction. Taken in a savepoint that is then released, the row lock's xmax is a subtransaction
    // whose own lock is gone: the warden, which looks for the lock on xmax, finds no holder and the chain stalls for
    // good. audit_chain_wait takes the lock inside an EXCEPTION block, a subtransaction too: whoever got the chain
    // after waiting for it can stall it the same way.
    void wardenFindsAHolderThatTookTheChainInASubtransaction()
    {
        test::createLoginRole(QStringLiteral("tst_cr_stranger"), m_password, QStringLiteral("art32_auditor"));
        test::superuserExec(m_db, "UPDATE art32.policy SET value = 1 WHERE key = 'audit_idle_hold_seconds'");
        auto holder = test::loginAs(m_db, QStringLiteral("tst_cr_stranger"), m_password);
        auto victim = platform();
        QVERIFY(holder && victim);
        QCOMPARE(exec(*victim, "SET statement_timeout = '8s'"), std::string());
        QCOMPARE(exec(*holder, "BEGIN; SAVEPOINT a; SELECT art32.unlock_session('000000'); RELEASE SAVEPOINT a"),
                 std::string());
        const std::string first
            = exec(*victim, "INSERT INTO art32.accounts (company_name, plan) VALUES ('Victim BV', 'free')");
        exec(*holder, "ROLLBACK");
        QCOMPARE(first, std::string());

        // The same after contention: the second holder got the chain through audit_chain_wait.
        auto plain = platform();
        auto waiter = platform();
        QVERIFY(plain && waiter);
        QCOMPARE(exec(*plain, "BEGIN; INSERT INTO art32.accounts (company_name, plan) VALUES ('Plain BV', 'free')"),
                 std::string());
        QCOMPARE(exec(*waiter,
                      "SET statement_timeout = '60s'; BEGIN; INSERT INTO art32.accounts (company_name, plan) "
                      "VALUES ('Waiter BV', 'free')"),
                 std::string()); // the warden ended `plain` after a second idle
        const std::string second
            = exec(*victim, "INSERT INTO art32.accounts (company_name, plan) VALUES ('Victim BV', 'free')");
        exec(*waiter, "ROLLBACK");
        QCOMPARE(second, std::string());
        test::superuserExec(m_db, "UPDATE art32.policy SET value = 10 WHERE key = 'audit_idle_hold_seconds'");
    }

    // 8. A prepared transaction holds its locks with no backend the warden could end: it would stall the chain for
    // good. Refused by the server's configuration (max_prepared_transactions = 0), or the chain must go on.
    void preparedTransactionCannotStallTheChain()
    {
        auto holder = platform();
        auto victim = platform();
        QVERIFY(holder && victim);
        const long long account = newAccount(*victim);
        QCOMPARE(
            exec(*holder, "BEGIN; UPDATE art32.accounts SET plan = 'starter' WHERE id = " + std::to_string(account)),
            std::string());
        const std::string prepared = exec(*holder, "PREPARE TRANSACTION 'tst_cr_stall'");
        exec(*holder, "ROLLBACK");
        if (prepared.empty()) {
            const std::string outcome
                = exec(*victim,
                       "SET statement_timeout = '15s'; INSERT INTO art32.accounts (company_name, plan) VALUES "
                       "('Victim BV', 'free')");
            test::superuserExec(m_db, "ROLLBACK PREPARED 'tst_cr_stall'");
            // Refused at once (lock_not_available naming the transaction), not left waiting for a superuser.
            QCOMPARE(outcome, std::string("55P03"));
        }
        QCOMPARE(count("SELECT count(*) FROM pg_prepared_xacts"), 0LL);
        QVERIFY(gapless());
    }

    // 9. The policy that bounds a stall cannot be turned into a session killer (every writer ending every other
    // writer after a second) or into no bound at all, by a CTO acting alone.
    void ctoCannotSetTheWardenPolicyToExtremes()
    {
        QCOMPARE(count("SELECT value FROM art32.policy WHERE key = 'audit_hold_seconds'"), 60LL);
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        for (const char* sql : { "SELECT art32.set_policy('audit_hold_seconds', 1)",
                                 "SELECT art32.set_policy('audit_hold_seconds', 2000000000)",
                                 "SELECT art32.set_policy('audit_idle_hold_seconds', 2000000000)",
                                 "SELECT art32.set_policy('audit_keep_days', 1)" })
            QVERIFY2(!exec(*cto, sql).empty(), sql);
        QCOMPARE(exec(*cto, "SELECT art32.set_policy('audit_hold_seconds', 120)"), std::string());
        QCOMPARE(count("SELECT value FROM art32.policy WHERE key = 'audit_hold_seconds'"), 120LL);
        test::superuserExec(m_db,
                            "UPDATE art32.policy SET value = 10 WHERE key = 'audit_idle_hold_seconds'; "
                            "UPDATE art32.policy SET value = 60 WHERE key = 'audit_hold_seconds'");
    }

    // 10. A verify outcome is a claim of the client; it must at least fit the log it claims to have checked.
    void verifyOutcomeMustFitTheLog()
    {
        auto aud = unlocked(m_aud);
        QVERIFY(aud);
        QVERIFY(!exec(*aud, "SELECT art32.audit_verified(1, 1, 1, 'fine', NULL, NULL)").empty());
        const long long last = maxSeq();
        for (const std::string& sql : std::vector<std::string> {
                 std::string("SELECT art32.audit_verified(1, 999999999, 999999999, 'intact', NULL, NULL)"),
                 "SELECT art32.audit_verified(1, 1, 1, 'intact', 999999999, NULL)",
                 "SELECT art32.audit_verified(1, 1, 1, 'edited_row', NULL, NULL)",
                 "SELECT art32.audit_verified(-5, 1, 1, 'intact', NULL, NULL)",
                 "SELECT art32.audit_verified(1, 1, 1, 'intact', NULL, 999999999)" })
            QCOMPARE(exec(*aud, sql), std::string("22023"));
        QCOMPARE(exec(*aud, "SELECT art32.audit_verified(1, 1, 1, 'intact', NULL, NULL)"), std::string());
        QVERIFY(maxSeq() >= last);
    }

    // 11. The checkpoint keys: only an unlocked CTO publishes, nobody replaces or removes one, and a key the
    // superuser slips into the table without its event does not make a forged checkpoint pass.
    void checkpointKeysCannotBeReplaced()
    {
        const SecureBytes secret = audit::newSigningKey();
        const QByteArray pub = audit::publicKeyOf(secret);
        const std::string key = "'\\x" + pub.toHex().toStdString() + "'";
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        QCOMPARE(exec(*sys, "SELECT art32.audit_publish_key(" + key + ")"), std::string(kInsufficientPrivilege));
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        QCOMPARE(exec(*cto, "SELECT art32.audit_publish_key(" + key + ")"), std::string());
        QCOMPARE(exec(*cto, "SELECT art32.audit_publish_key(" + key + ")"), std::string());
        QCOMPARE(
            events("action = 'audit.key_published' AND detail ->> 'public_key' = '" + pub.toHex().toStdString() + "'"),
            1LL);
        QVERIFY(!exec(*cto, "SELECT art32.audit_publish_key('\\x00')").empty());
        // A key another login published is refused, not silently kept under that login's name.
        const QByteArray theirs = audit::publicKeyOf(audit::newSigningKey());
        const std::string theirKey = "'\\x" + theirs.toHex().toStdString() + "'";
        test::superuserExec(m_db,
                            "INSERT INTO art32.audit_signing_keys (public_key, login, published_at) VALUES (" + theirKey
                                + ", 'tst_cr_sys', now())");
        QCOMPARE(exec(*cto, "SELECT art32.audit_publish_key(" + theirKey + ")"), std::string("23505"));
        QCOMPARE(count("SELECT count(*) FROM art32.audit_signing_keys WHERE login = 'tst_cr_sys'"), 1LL);
        test::superuserExec(m_db, "DELETE FROM art32.audit_signing_keys WHERE public_key = " + theirKey);
        QCOMPARE(exec(*cto, "UPDATE art32.audit_signing_keys SET login = 'tst_cr_sys'"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(exec(*cto, "DELETE FROM art32.audit_signing_keys"), std::string(kInsufficientPrivilege));

        // A superuser's replacement with the triggers on is an event of its own.
        const SecureBytes other = audit::newSigningKey();
        const QByteArray otherPub = audit::publicKeyOf(other);
        const std::string otherKey = "'\\x" + otherPub.toHex().toStdString() + "'";
        test::superuserExec(
            m_db, "UPDATE art32.audit_signing_keys SET public_key = " + otherKey + " WHERE public_key = " + key);
        QCOMPARE(events("tbl = 'audit_signing_keys' AND action = 'row.update'"), 1LL);
        test::superuserExec(
            m_db, "UPDATE art32.audit_signing_keys SET public_key = " + key + " WHERE public_key = " + otherKey);

        // The triggers off: a key nobody published, and a checkpoint of the head signed with it.
        const SecureBytes rogue = audit::newSigningKey();
        const QByteArray roguePub = audit::publicKeyOf(rogue);
        test::superuserExec(m_db,
                            "ALTER TABLE art32.audit_signing_keys DISABLE TRIGGER audit_changes; "
                            "INSERT INTO art32.audit_signing_keys (public_key, login, published_at) VALUES ('\\x"
                                + roguePub.toHex().toStdString()
                                + "', 'tst_cr_cto', now()); ALTER TABLE art32.audit_signing_keys ENABLE ALWAYS "
                                  "TRIGGER audit_changes");
        auto intact = verify();
        QVERIFY(intact);
        QCOMPARE(intact->kind, audit::BreakKind::None);
        audit::Checkpoint forged;
        forged.seq = intact->intactUpTo;
        forged.hash = intact->lastHash;
        forged.at = intact->lastAt;
        forged.signer = QStringLiteral("tst_cr_cto");
        forged.publicKey = roguePub;
        const QByteArray text = audit::signedText(forged);
        forged.signature.resize(audit::kSignatureBytes);
        crypto_sign_detached(reinterpret_cast<unsigned char*>(forged.signature.data()), nullptr,
                             reinterpret_cast<const unsigned char*>(text.constData()),
                             static_cast<unsigned long long>(text.size()),
                             reinterpret_cast<const unsigned char*>(rogue.data()));
        QVERIFY(audit::parseNote(audit::noteText(forged)));
        const auto withRogue = verify(forged);
        QVERIFY(!withRogue || withRogue->kind != audit::BreakKind::None);
        // The CTO's own published key still signs a checkpoint that verifies.
        audit::Checkpoint honest = forged;
        honest.publicKey = pub;
        const QByteArray honestText = audit::signedText(honest);
        crypto_sign_detached(reinterpret_cast<unsigned char*>(honest.signature.data()), nullptr,
                             reinterpret_cast<const unsigned char*>(honestText.constData()),
                             static_cast<unsigned long long>(honestText.size()),
                             reinterpret_cast<const unsigned char*>(secret.data()));
        const auto withHonest = verify(honest);
        QVERIFY2(withHonest, withHonest ? "" : qPrintable(withHonest.error().message));
        QCOMPARE(withHonest->kind, audit::BreakKind::None);
        test::superuserExec(m_db,
                            "ALTER TABLE art32.audit_signing_keys DISABLE TRIGGER audit_changes; DELETE FROM "
                            "art32.audit_signing_keys WHERE public_key = '\\x"
                                + roguePub.toHex().toStdString()
                                + "'; ALTER TABLE art32.audit_signing_keys ENABLE ALWAYS TRIGGER audit_changes");
    }

    // 12. A superuser's edit with the triggers off is named by verify; replica mode does not even allow it.
    void superuserEditIsDetected()
    {
        bool refused = false;
        try {
            test::superuserExec(m_db,
                                "SET session_replication_role = replica; UPDATE art32.audit_events SET detail = "
                                "'{}' WHERE seq = 2");
        } catch (const std::exception&) {
            refused = true;
        }
        QVERIFY(refused);
        const std::string seq = std::to_string(maxSeq() / 2);
        test::superuserExec(m_db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER audit_events_no_update; "
                            "CREATE TABLE public.kept AS SELECT seq, actor FROM art32.audit_events WHERE seq = "
                                + seq + "; UPDATE art32.audit_events SET actor = 'tst_cr_sys' WHERE seq = " + seq
                                + "; ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_no_update");
        const auto edited = verify();
        QVERIFY(edited);
        QCOMPARE(edited->kind, audit::BreakKind::EditedRow);
        QCOMPARE(edited->brokenSeq, std::stoll(seq));
        test::superuserExec(m_db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER audit_events_no_update; "
                            "UPDATE art32.audit_events e SET actor = k.actor FROM public.kept k WHERE e.seq = k.seq; "
                            "DROP TABLE public.kept; "
                            "ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_no_update");
        const auto again = verify();
        QVERIFY(again);
        QCOMPARE(again->kind, audit::BreakKind::None);
    }

    // 13. TRUNCATE of a tracked table (the owner or a superuser, from psql) is a change like any other.
    void truncateOfATrackedTableLeavesAnEvent()
    {
        test::superuserExec(m_db, "CREATE TABLE public.ledger_copy AS SELECT * FROM art32.erasure_ledger");
        const long long before = events("tbl = 'erasure_ledger'");
        // The ledger refuses TRUNCATE even to a superuser (0024); the event must come however the rows go.
        test::superuserExec(m_db,
                            "ALTER TABLE art32.erasure_ledger DISABLE TRIGGER erasure_ledger_no_truncate; "
                            "TRUNCATE art32.erasure_ledger; "
                            "ALTER TABLE art32.erasure_ledger ENABLE ALWAYS TRIGGER erasure_ledger_no_truncate");
        test::superuserExec(m_db,
                            "INSERT INTO art32.erasure_ledger SELECT * FROM public.ledger_copy; "
                            "DROP TABLE public.ledger_copy");
        QCOMPARE(events("tbl = 'erasure_ledger' AND action = 'row.truncate' AND actor = current_user"), 1LL);
        QVERIFY(events("tbl = 'erasure_ledger'") > before);
        // A table tracked later gets the TRUNCATE trigger from audit_track itself.
        test::superuserExec(m_db,
                            "CREATE TABLE art32.tst_cr_later (id bigint PRIMARY KEY); "
                            "SELECT art32.audit_track('art32.tst_cr_later'); TRUNCATE art32.tst_cr_later");
        QCOMPARE(events("tbl = 'tst_cr_later' AND action = 'row.truncate'"), 1LL);
        test::superuserExec(m_db, "DROP TABLE art32.tst_cr_later");
        // Every tracked table is covered.
        QCOMPARE(count("SELECT count(*) FROM pg_trigger t WHERE t.tgname = 'audit_changes' AND NOT EXISTS (SELECT 1 "
                       "FROM pg_trigger u WHERE u.tgrelid = t.tgrelid AND u.tgname = 'audit_truncate' AND u.tgenabled "
                       "= 'A')"),
                 0LL);
    }

    // 14. A CTO acting alone cannot erase the recent history (their own reads included) through retention, and
    // retention cuts a prefix only.
    void retentionCutsOnlyAnOldPrefix()
    {
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        QVERIFY(!exec(*sys, "SELECT art32.audit_retain(3)").empty());
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        QVERIFY(!exec(*cto, "SELECT art32.audit_retain(" + std::to_string(maxSeq() + 10) + ")").empty());
        const long long last = maxSeq();
        const long long first = count("SELECT min(seq) FROM art32.audit_events");
        QCOMPARE(exec(*cto, "SELECT art32.audit_retain(" + std::to_string(last - 1) + ")"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(count("SELECT min(seq) FROM art32.audit_events"), first);
        QCOMPARE(count("SELECT count(*) FROM art32.audit_anchors"), 0LL);
        // Old enough (the server clock a year and a day on), a prefix goes, anchored, and the chain verifies.
        m_offset += 366 * 86400;
        auto later = unlocked(m_cto);
        QVERIFY(later);
        QCOMPARE(test::scalar(*later, "SELECT art32.audit_retain(" + std::to_string(first + 5) + ")"),
                 std::optional<std::string>("5"));
        QCOMPARE(count("SELECT min(seq) FROM art32.audit_events"), first + 5);
        QVERIFY(gapless());
        // The same cut from inside a savepoint (psql's ON_ERROR_ROLLBACK, a client's subtransaction).
        const std::string inSavepoint = exec(*later,
                                             "BEGIN; SAVEPOINT s; SELECT art32.audit_retain("
                                                 + std::to_string(first + 8) + "); RELEASE SAVEPOINT s; COMMIT");
        exec(*later, "ROLLBACK");
        QCOMPARE(inSavepoint, std::string());
        QCOMPARE(count("SELECT min(seq) FROM art32.audit_events"), first + 8);
        QVERIFY(gapless());
        const auto after = verify();
        QVERIFY(after);
        QCOMPARE(after->kind, audit::BreakKind::None);
    }

    // 15. A prefix removed by a superuser with a forged anchor (no retention event in the chain) is a missing row.
    void forgedAnchorIsDetected()
    {
        const long long first = count("SELECT min(seq) FROM art32.audit_events");
        const std::string cut = std::to_string(first + 2);
        test::superuserExec(m_db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER audit_events_no_update; "
                            "ALTER TABLE art32.audit_anchors DISABLE TRIGGER audit_changes; "
                            "DELETE FROM art32.audit_events WHERE seq < "
                                + cut
                                + "; INSERT INTO art32.audit_anchors (first_seq, prev_hash, cut_at, cut_by) SELECT "
                                  "seq, prev_hash, now(), 'tst_cr_cto' FROM art32.audit_events WHERE seq = "
                                + cut
                                + "; ALTER TABLE art32.audit_anchors ENABLE ALWAYS TRIGGER audit_changes; "
                                  "ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_no_update");
        const auto r = verify();
        QVERIFY(r);
        QCOMPARE(r->kind, audit::BreakKind::MissingRow);
    }
};

QTEST_GUILESS_MAIN(TestAttacksChainReview)
#include "tst_attacks_chain_review.moc"
