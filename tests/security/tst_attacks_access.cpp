#include "SecuritySupport.h"

#include <QTest>
#include <QUuid>
#include <pqxx/nontransaction>

using namespace art32;
using test::kInsufficientPrivilege;

namespace {
constexpr const char* kInvalidParameter = "22023";
constexpr const char* kNotInPrerequisiteState = "55000";
constexpr const char* kDuplicateObject = "42710";
constexpr const char* kNoDataFound = "P0002";
} // namespace

/**
 * Need-to-know as a workflow (migration 0013): the grant lifecycle on the server's injected clock (request,
 * approve, read, expire, refuse, revoke early, withdraw, the direct grant), and the attacks on it, each run as the
 * role an attacker holds with psql: a sysadmin approving their own request or forging a request row, a request
 * longer than 24 h, reads after expiry and after revocation, an auditor asking or deciding, a locked login, and the
 * change of an admin's role.
 */
class TestAttacksAccess : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_access");
    Keychain m_keychain { QStringLiteral("Art32 Console access attacks test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud, m_sys2;
    qint64 m_offset = 0;

    std::unique_ptr<Database> unlocked(const test::TestAdmin& admin)
    {
        return test::unlockedAs(m_db, admin, m_keychain, m_offset);
    }

    /** Moves the server clock on (unlocked sessions expire with it: log in again afterwards). */
    void advance(qint64 seconds)
    {
        m_offset += seconds;
        test::setServerClockOffset(m_db, m_offset);
    }

    long long count(const std::string& sql) { return test::superuserCount(m_db, sql); }

    std::string superText(const std::string& sql)
    {
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        const pqxx::result r = pqxx::nontransaction(super).exec(sql);
        return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
    }

    long long events(const std::string& action, long long account)
    {
        return count("SELECT count(*) FROM art32.audit_events WHERE action = '" + action
                     + "' AND detail->>'account' = '" + std::to_string(account) + "'");
    }

    /** A reveal opened through the server's audited read: true when the server opened it (may read). */
    static bool mayReveal(Database& db, long long account)
    {
        const auto id = test::scalar(db,
                                     "SELECT coalesce(read_id::text, 'refused') FROM art32.open_read('reveal', "
                                         + std::to_string(account) + ", " + std::to_string(account) + ")");
        return id && *id != "refused";
    }

    static std::string requestFor(Database& sys, long long account, const std::string& minutes = "DEFAULT")
    {
        const std::string args = std::to_string(account) + ", 'ticket 12: customer asked for a correction'"
            + (minutes == "DEFAULT" ? std::string() : ", " + minutes);
        return test::scalar(sys, "SELECT art32.request_access(" + args + ")").value_or(std::string());
    }

    std::string requestState(const std::string& id)
    {
        return superText("SELECT state FROM art32.access_requests WHERE id = " + id);
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_x"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        test::setServerClockOffset(m_db, 0); // enrollment checks a code at real time
        m_sys2 = test::enrolledAdmin(m_db, QStringLiteral("tst_x_sys2"), QStringLiteral("sysadmin"), m_keychain);
        test::setServerClockOffset(m_db, m_offset);
        test::superuserExec(m_db,
                            "INSERT INTO art32.accounts (company_name, plan) SELECT 'Klant ' || i, 'free' "
                            "FROM generate_series(1, 20) i");
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud, &m_sys2 }); }

    // The lifecycle on the injected clock: request -> approve -> read -> expire -> read refused.
    void requestApproveReadExpire()
    {
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        QVERIFY(!mayReveal(*sys, 1));
        QCOMPARE(events("records.refused", 1), 1LL); // the refused read is audited, not rolled back
        const std::string request = requestFor(*sys, 1);
        QVERIFY(!request.empty());
        QCOMPARE(requestState(request), std::string("pending"));
        QCOMPARE(superText("SELECT minutes FROM art32.access_requests WHERE id = " + request), std::string("240"));
        QCOMPARE(events("access.request", 1), 1LL);
        QCOMPARE(test::scalar(*sys, "SELECT request_id::text FROM art32.access_status('{1,2}') WHERE account_id = 1"),
                 std::optional<std::string>(request));
        // Asking twice while pending is refused.
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.request_access(1, 'again, the same ticket')"),
                 std::string(kDuplicateObject));
        QVERIFY(!mayReveal(*sys, 1)); // pending is not approved

        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        const auto grant = test::scalar(*cto, "SELECT art32.approve_access(" + request + ", 'ok, ticket seen')");
        QVERIFY(grant && !grant->empty());
        QCOMPARE(requestState(request), std::string("approved"));
        QCOMPARE(superText("SELECT grant_id::text || decided_by || comment FROM art32.access_requests WHERE id = "
                           + request),
                 *grant + "tst_x_ctook, ticket seen");
        QCOMPARE(events("access.approve", 1), 1LL);
        QCOMPARE(count("SELECT (expires_at - granted_at = interval '4 hours')::int FROM art32.access_grants WHERE id = "
                       + *grant),
                 1LL);
        QVERIFY(mayReveal(*sys, 1));
        QVERIFY(!mayReveal(*sys, 2)); // exactly that account
        QCOMPARE(test::scalar(*sys, "SELECT may_read::text FROM art32.access_status('{1}')"),
                 std::optional<std::string>("true"));
        // Once approved, asking again is refused: access exists already.
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.request_access(1, 'more time please')"),
                 std::string(kNotInPrerequisiteState));

        // Four hours and a minute later: refused, the request shows expired, and the expiry is audited once.
        advance(4 * 3600 + 60);
        sys = unlocked(m_sys);
        QVERIFY(sys);
        QCOMPARE(events("access.expired", 1), 0LL); // lazily: nobody acted yet
        QVERIFY(!mayReveal(*sys, 1));
        QCOMPARE(events("access.expired", 1), 1LL);
        QCOMPARE(requestState(request), std::string("expired"));
        QCOMPARE(test::scalar(*sys, "SELECT art32.note_expired_access()::text"), std::optional<std::string>("0"));
        QCOMPARE(events("access.expired", 1), 1LL);
        QCOMPARE(test::scalar(*sys, "SELECT may_read::text FROM art32.access_status('{1}')"),
                 std::optional<std::string>("false"));
        // And may ask again.
        QVERIFY(!requestFor(*sys, 1).empty());
    }

    void refuseWithComment()
    {
        auto sys = unlocked(m_sys);
        auto cto = unlocked(m_cto);
        QVERIFY(sys && cto);
        const std::string request = requestFor(*sys, 2);
        QVERIFY(!request.empty());
        // A refusal says why.
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.refuse_access(" + request + ", '')"),
                 std::string(kInvalidParameter));
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.refuse_access(" + request + ", 'no ticket for this')"),
                 std::string());
        QCOMPARE(requestState(request), std::string("refused"));
        QCOMPARE(events("access.refuse", 2), 1LL);
        QVERIFY(!mayReveal(*sys, 2));
        // Decided is decided: neither approved afterwards nor refused twice.
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.approve_access(" + request + ")"),
                 std::string(kNotInPrerequisiteState));
        QCOMPARE(count("SELECT count(*) FROM art32.access_grants g JOIN art32.admins a ON a.id = g.admin_id WHERE "
                       "a.login = 'tst_x_sys' AND g.account_id = 2"),
                 0LL);
    }

    void revokeEarly()
    {
        auto sys = unlocked(m_sys);
        auto cto = unlocked(m_cto);
        QVERIFY(sys && cto);
        const std::string request = requestFor(*sys, 3, "60");
        const auto grant = test::scalar(*cto, "SELECT art32.approve_access(" + request + ")");
        QVERIFY(grant && !grant->empty());
        QVERIFY(mayReveal(*sys, 3));
        QCOMPARE(test::scalar(*cto, "SELECT art32.revoke_access(" + *grant + ")::text"),
                 std::optional<std::string>("true"));
        QCOMPARE(requestState(request), std::string("revoked"));
        QCOMPARE(
            count("SELECT count(*) FROM art32.audit_events WHERE action = 'access.revoke' AND detail->>'request' = '"
                  + request + "' AND detail->>'account' = '3'"),
            1LL);
        QVERIFY(!mayReveal(*sys, 3)); // at once
        // A revoked grant never "expires" in the log later.
        advance(2 * 3600);
        sys = unlocked(m_sys);
        QVERIFY(!mayReveal(*sys, 3));
        QCOMPARE(events("access.expired", 3), 0LL);
        QCOMPARE(requestState(request), std::string("revoked"));
    }

    void withdrawWhilePending()
    {
        auto sys = unlocked(m_sys);
        auto cto = unlocked(m_cto);
        QVERIFY(sys && cto);
        const std::string request = requestFor(*sys, 4);
        QCOMPARE(test::scalar(*sys, "SELECT art32.withdraw_access_request(" + request + ")::text"),
                 std::optional<std::string>("true"));
        QCOMPARE(requestState(request), std::string("withdrawn"));
        QCOMPARE(events("access.withdraw", 4), 1LL);
        QCOMPARE(test::scalar(*sys, "SELECT art32.withdraw_access_request(" + request + ")::text"),
                 std::optional<std::string>("false"));
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.approve_access(" + request + ")"),
                 std::string(kNotInPrerequisiteState));
        QVERIFY(!mayReveal(*sys, 4));
    }

    void directGrantIsGrantedWithoutRequest()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        const auto grant = test::scalar(*cto, "SELECT art32.grant_access('tst_x_sys', 5, 'incident 7: urgent', 30)");
        QVERIFY(grant && !grant->empty());
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'access.grant' AND "
                       "detail->>'account' = '5' AND (detail->>'without_request')::boolean"),
                 1LL);
        QCOMPARE(count("SELECT count(*) FROM art32.access_requests WHERE grant_id = " + *grant), 0LL);
        auto sys = unlocked(m_sys);
        QVERIFY(mayReveal(*sys, 5));
        // Its expiry is audited too.
        advance(31 * 60);
        sys = unlocked(m_sys);
        QVERIFY(!mayReveal(*sys, 5));
        QCOMPARE(events("access.expired", 5), 1LL);
    }

    // Attack: a sysadmin decides on their own request (no EXECUTE; and a definer check refuses self-decisions).
    void sysadminCannotApproveOwnRequest()
    {
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        const std::string request = requestFor(*sys, 6);
        QVERIFY(!request.empty());
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.approve_access(" + request + ", 'self-service')"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.grant_access('tst_x_sys', 6, 'self-service grant', 60)"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(requestState(request), std::string("pending"));
        QVERIFY(!mayReveal(*sys, 6));
        // A CTO cannot ask at all, so no CTO could approve their own request.
        auto cto = unlocked(m_cto);
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.request_access(6, 'a CTO asking for itself')"),
                 std::string(kInsufficientPrivilege));
    }

    void requestLongerThanADayIsRefused()
    {
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        const long long before = count("SELECT count(*) FROM art32.access_requests");
        for (const char* minutes : { "1500", "0", "-5", "NULL" })
            QCOMPARE(
                test::sqlstate(*sys, std::string("SELECT art32.request_access(7, 'a long weekend', ") + minutes + ")"),
                std::string(kInvalidParameter));
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.request_access(7, 'why')"), std::string(kInvalidParameter));
        QCOMPARE(count("SELECT count(*) FROM art32.access_requests"), before);
        QVERIFY(!requestFor(*sys, 7, "1440").empty()); // exactly 24 h is allowed
    }

    void readAfterExpiryAndAfterRevokeIsRefused()
    {
        auto cto = unlocked(m_cto);
        QVERIFY(cto);
        const auto shortGrant = test::scalar(*cto, "SELECT art32.grant_access('tst_x_sys', 8, 'one minute only', 1)");
        const auto revoked = test::scalar(*cto, "SELECT art32.grant_access('tst_x_sys', 9, 'revoked at once', 60)");
        QVERIFY(shortGrant && revoked);
        QCOMPARE(test::scalar(*cto, "SELECT art32.revoke_access(" + *revoked + ")::text"),
                 std::optional<std::string>("true"));
        advance(120);
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        for (long long account : { 8LL, 9LL }) {
            QVERIFY(!mayReveal(*sys, account));
            // Around the read functions too: no read is open, and the tables are closed.
            QCOMPARE(test::sqlstate(*sys,
                                    "SELECT * FROM art32.read_keys(0, " + std::to_string(account - 1) + ", "
                                        + std::to_string(account) + ", 1)"),
                     std::string(kInsufficientPrivilege));
            QCOMPARE(test::scalar(*sys, "SELECT art32.may_read_plaintext(" + std::to_string(account) + ")::text"),
                     std::optional<std::string>("false"));
        }
        QCOMPARE(test::sqlstate(*sys, "SELECT count(*) FROM art32.account_keys"), std::string(kInsufficientPrivilege));
    }

    void auditorNeitherAsksNorDecides()
    {
        auto sys = unlocked(m_sys);
        const std::string request = requestFor(*sys, 10);
        auto aud = unlocked(m_aud);
        QVERIFY(aud && !request.empty());
        for (const std::string& call : std::vector<std::string> {
                 "SELECT art32.request_access(10, 'auditor curiosity')", "SELECT art32.approve_access(" + request + ")",
                 "SELECT art32.refuse_access(" + request + ", 'auditor says no')",
                 "SELECT art32.withdraw_access_request(" + request + ")", "SELECT art32.note_expired_access()",
                 "SELECT * FROM art32.access_status('{10}')", "SELECT art32.admin_set_role('tst_x_sys', 'cto')",
                 "SELECT art32.admin_revoke_keys('tst_x_sys')" })
            QVERIFY2(test::sqlstate(*aud, call) == kInsufficientPrivilege, call.c_str());
        QCOMPARE(requestState(request), std::string("pending"));
        // It reads every request (evidence), and the Admins overview.
        QVERIFY(test::rowsOf(*aud, "SELECT * FROM art32.access_requests").value_or(0) >= 5);
        QVERIFY(test::rowsOf(*aud, "SELECT * FROM art32.admin_overview()").value_or(0) >= 4);
    }

    void lockedLoginsCanDoNothing()
    {
        auto sys = test::loginAs(m_sys, m_keychain);
        auto cto = test::loginAs(m_cto, m_keychain);
        QVERIFY(sys && cto);
        const std::string pending = superText("SELECT max(id) FROM art32.access_requests WHERE state = 'pending'");
        QVERIFY(!pending.empty());
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.request_access(11, 'locked but trying')"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.withdraw_access_request(" + pending + ")"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*sys, "SELECT * FROM art32.access_status('{11}')"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.approve_access(" + pending + ")"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SELECT * FROM art32.admin_overview()"), std::string(kInsufficientPrivilege));
        QCOMPARE(test::rowsOf(*cto, "SELECT * FROM art32.access_requests"), std::optional<long long>(0));
        QCOMPARE(requestState(pending), std::string("pending"));
    }

    // Attack: writing the workflow's rows directly, and reading or withdrawing another sysadmin's requests.
    void forgedRequestRowsAreRefused()
    {
        auto sys = unlocked(m_sys);
        QVERIFY(sys);
        const std::string mine = requestFor(*sys, 12);
        QVERIFY(!mine.empty());
        const std::string id = superText("SELECT id FROM art32.admins WHERE login = 'tst_x_sys'");
        for (const std::string& forged : std::vector<std::string> {
                 "INSERT INTO art32.access_requests (admin_id, account_id, reason, minutes, requested_at, state, "
                 "decided_by, decided_at) VALUES ("
                     + id + ", 12, 'forged approval', 60, now(), 'approved', 'tst_x_cto', now())",
                 "UPDATE art32.access_requests SET state = 'approved' WHERE id = " + mine,
                 "DELETE FROM art32.access_requests WHERE id = " + mine,
                 "INSERT INTO art32.access_grants (admin_id, account_id, reason, granted_at, expires_at) VALUES (" + id
                     + ", 12, 'forged grant', now(), now() + interval '1 day')",
                 "UPDATE art32.access_grants SET expires_at = expires_at + interval '1 year', revoked_at = NULL",
                 "UPDATE art32.access_grants SET expiry_noted = true" })
            QVERIFY2(test::sqlstate(*sys, forged) == kInsufficientPrivilege, forged.c_str());
        QCOMPARE(requestState(mine), std::string("pending"));
        QVERIFY(!mayReveal(*sys, 12));

        // Another sysadmin sees none of these requests and cannot withdraw them.
        auto other = unlocked(m_sys2);
        QVERIFY(other);
        QCOMPARE(test::rowsOf(*other, "SELECT * FROM art32.access_requests"), std::optional<long long>(0));
        QCOMPARE(test::sqlstate(*other, "SELECT art32.withdraw_access_request(" + mine + ")"),
                 std::string(kNoDataFound));
        QCOMPARE(requestState(mine), std::string("pending"));
        QCOMPARE(test::scalar(*other, "SELECT request_id::text FROM art32.access_status('{12}')"),
                 std::optional<std::string>(""));
        // A request of a sysadmin who was disabled meanwhile is not approved.
        auto cto = unlocked(m_cto);
        const std::string theirs = requestFor(*other, 13);
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.admin_set_disabled('tst_x_sys2', true)"), std::string());
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.approve_access(" + theirs + ")"),
                 std::string(kNotInPrerequisiteState));
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.admin_set_disabled('tst_x_sys2', false)"), std::string());
    }

    // The change of role: only a CTO, never their own, through the role maker only; what the old role had ends.
    void changeOfRoleMovesTheGroupAndEndsTheOldRights()
    {
        auto cto = unlocked(m_cto);
        auto sys = unlocked(m_sys);
        QVERIFY(cto && sys);
        QCOMPARE(test::sqlstate(*sys, "SELECT art32.admin_set_role('tst_x_sys', 'cto')"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SELECT art32_roles.set_admin_group('tst_x_sys', 'cto')"),
                 std::string(kInsufficientPrivilege));
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.admin_set_role('tst_x_cto', 'auditor')"),
                 std::string(kInvalidParameter));
        // Not a way to make any other role an admin group member.
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.admin_set_role('postgres', 'cto')"), std::string(kNoDataFound));

        auto other = unlocked(m_sys2);
        QVERIFY(other);
        const std::string grant = superText("SELECT art32.grant_access('tst_x_sys2', 14, 'before the move', 60)");
        QVERIFY(mayReveal(*other, 14));
        const std::string pending = requestFor(*other, 15);
        QCOMPARE(test::scalar(*cto, "SELECT art32.admin_set_role('tst_x_sys2', 'auditor')::text"),
                 std::optional<std::string>("true"));
        QCOMPARE(count("SELECT pg_has_role('tst_x_sys2', 'art32_auditor', 'member')::int"), 1LL);
        QCOMPARE(count("SELECT pg_has_role('tst_x_sys2', 'art32_sysadmin', 'member')::int"), 0LL);
        QCOMPARE(count("SELECT count(*) FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id WHERE "
                       "a.login = 'tst_x_sys2'"),
                 0LL);
        QCOMPARE(count("SELECT (revoked_at IS NOT NULL)::int FROM art32.access_grants WHERE id = " + grant), 1LL);
        QCOMPARE(requestState(pending), std::string("refused"));
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'admin.role' AND object = 'tst_x_sys2'"),
                 1LL);
        // Its unlocked session ended with the change.
        QCOMPARE(test::scalar(*other, "SELECT art32.session_is_unlocked()::text"), std::optional<std::string>("false"));
        // Taking keys away: not one's own, and audited.
        QCOMPARE(test::sqlstate(*cto, "SELECT art32.admin_revoke_keys('tst_x_cto')"), std::string(kInvalidParameter));
        QCOMPARE(test::scalar(*cto, "SELECT art32.admin_revoke_keys('tst_x_sys')::text"),
                 std::optional<std::string>("2"));
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'keys.revoke' AND object = 'tst_x_sys'"),
                 1LL);
    }
};

QTEST_GUILESS_MAIN(TestAttacksAccess)
#include "tst_attacks_access.moc"
