// Attacks on bulk seeding's audit path (i12-perf, migration 0018): a superuser's seed writes one records.seeded
// event per transaction instead of an event per row. The skip keys on a custom setting anyone may set, guarded by
// session_user being a superuser: these attackers set it and still get every row event, and may not write the
// summary event that would stand for rows they never wrote.
#include "SecuritySupport.h"
#include "audit/Chain.h"

#include <QTest>
#include <QUuid>
#include <pqxx/pqxx>

using namespace art32;
using test::kInsufficientPrivilege;

class TestAttacksAuditBulk : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_attacks_audit_bulk");
    Keychain m_keychain {
        QStringLiteral("Art32 Console bulk audit attacks test %1").arg(QUuid::createUuid().toString())
    };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::string m_platformPassword, m_ownerPassword;

    struct Attacker
    {
        std::string name;
        std::unique_ptr<Database> db;
        std::string prelude; ///< what the attacker runs first in each transaction (SET ROLE for the owner's member)
    };

    std::vector<Attacker> attackers()
    {
        std::vector<Attacker> out;
        out.push_back({ "platform", test::loginAs(m_db, QStringLiteral("tst_ab_platform"), m_platformPassword), "" });
        out.push_back({ "owner's member", test::loginAs(m_db, QStringLiteral("tst_ab_owner"), m_ownerPassword),
                        "SET ROLE art32_owner; " });
        out.push_back({ "unlocked CTO", test::unlockedAs(m_db, m_cto, m_keychain, m_offset), "" });
        out.push_back({ "unlocked sysadmin", test::unlockedAs(m_db, m_sys, m_keychain, m_offset), "" });
        return out;
    }

    long long count(const std::string& sql) { return test::superuserCount(m_db, sql); }

    audit::BreakKind chainState()
    {
        Database d(test::superuserProfile(m_db));
        if (!d.openWithoutPassword())
            return audit::BreakKind::MissingRow;
        auto r = audit::verify(d, 1, std::nullopt, {}, nullptr);
        return r ? r->kind : audit::BreakKind::MissingRow;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_ab"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_platformPassword = "p-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        m_ownerPassword = "o-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_ab_platform"), m_platformPassword, QStringLiteral("art32_platform"));
        test::createLoginRole(QStringLiteral("tst_ab_owner"), m_ownerPassword, QStringLiteral("art32_owner"));
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    // The setting alone skips nothing: an insert by anyone but a superuser is an event, in a transaction and outside.
    void theSettingDoesNotSkipEventsForAttackers()
    {
        int n = 0;
        for (auto& a : attackers()) {
            QVERIFY2(a.db, a.name.c_str());
            for (const std::string scope : { "SET LOCAL", "SET" }) {
                const std::string company = "Bulk attack " + std::to_string(++n) + " BV";
                const std::string state
                    = test::sqlstate(*a.db,
                                     "BEGIN; " + a.prelude + scope + " art32.bulk_seed = 'on'; "
                                         + "INSERT INTO art32.accounts (company_name, plan) VALUES ("
                                         + test::literal(company) + ", 'free'); COMMIT");
                const long long inserted
                    = count("SELECT count(*) FROM art32.accounts WHERE company_name = " + test::literal(company));
                if (!state.empty()) { // refused outright (an admin may not insert accounts): nothing to audit
                    QCOMPARE(inserted, 0LL);
                    continue;
                }
                QCOMPARE(inserted, 1LL);
                QVERIFY2(count("SELECT count(*) FROM art32.audit_events e JOIN art32.accounts a ON e.tbl = 'accounts' "
                               "AND e.action = 'row.insert' AND e.row_key = a.id::text WHERE a.company_name = "
                               + test::literal(company))
                             == 1,
                         (a.name + ", " + scope).c_str());
            }
        }
        // The platform and the owner's member could insert, so the attack was really tried.
        QVERIFY(count("SELECT count(*) FROM art32.accounts WHERE company_name LIKE 'Bulk attack %'") >= 4);
        QCOMPARE(chainState(), audit::BreakKind::None);
    }

    // Nobody but a superuser writes the summary event (the owner's member reaches the function body, which checks).
    void onlyASuperuserSeedsInBulk()
    {
        const long long before = count("SELECT count(*) FROM art32.audit_events WHERE action = 'records.seeded'");
        for (auto& a : attackers()) {
            QVERIFY2(a.db, a.name.c_str());
            QCOMPARE(test::sqlstate(*a.db, a.prelude + "SELECT art32.seed_bulk(1000000, 0, 0)"),
                     std::string(kInsufficientPrivilege));
        }
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'records.seeded'"), before);
    }

    // The path itself: a superuser's seeded insert writes the summary event and no row event; an update by the
    // same superuser in the same transaction is still an event, and the chain stays intact.
    void aSuperuserSeedWritesOneSummaryEvent()
    {
        const long long rows = count("SELECT count(*) FROM art32.audit_events WHERE action = 'row.insert'");
        const long long updates = count("SELECT count(*) FROM art32.audit_events WHERE action = 'row.update'");
        test::superuserExec(
            m_db,
            "BEGIN; SELECT art32.seed_bulk(3, 0, 0); SET LOCAL art32.bulk_seed = 'on'; "
            "INSERT INTO art32.accounts (company_name, plan) VALUES ('Seed 1 BV', 'free'), "
            "('Seed 2 BV', 'free'), ('Seed 3 BV', 'free'); "
            "UPDATE art32.accounts SET company_name = 'Seed 1a BV' WHERE company_name = 'Seed 1 BV'; COMMIT");
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'row.insert'"), rows);
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'row.update'"), updates + 1);
        QCOMPARE(count("SELECT count(*) FROM art32.audit_events WHERE action = 'records.seeded' "
                       "AND detail ->> 'accounts' = '3'"),
                 1LL);
        QCOMPARE(chainState(), audit::BreakKind::None);
    }
};

QTEST_GUILESS_MAIN(TestAttacksAuditBulk)
#include "tst_attacks_audit_bulk.moc"
