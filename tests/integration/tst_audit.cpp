#include "AuditSeed.h"
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "auth/Unlock.h"
#include "keychain/Keychain.h"
#include "store/Database.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <memory>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <sys/stat.h>

using namespace art32;

/**
 * Reading the audit log as the Audit view does (app/audit/AuditLog): keyset pages newest first, every filter alone
 * and combined (also across page boundaries, where several index walks are merged), a time range as a seq range,
 * and exports of a filtered range as CSV and JSON, against the harness's PostgreSQL as the admins themselves.
 */
class TestAudit : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_audit");
    Keychain m_keychain { QStringLiteral("Art32 Console audit test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    QTemporaryDir m_dir;
    QDateTime m_base; ///< the first synthetic event's time; the n-th is n ms later

    std::unique_ptr<Database> unlockAs(const test::TestAdmin& admin)
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        auto db = std::make_unique<Database>(admin.profile);
        auto pw = m_keychain.readNow(admin.profile.passwordKey());
        if (!db->open(SecureBytes::fromByteArray(pw.secret)))
            return nullptr;
        auto outcome = db->call(
            [&](pqxx::connection_base& c) { return unlock::unlockSession(c, test::codeFor(admin, m_offset)); });
        if (!outcome || !outcome->ok())
            return nullptr;
        return db;
    }

    long long superCount(const std::string& sql) { return test::superuserCount(m_db, sql); }

    /** Every event of the query, page by page (limit small enough to cross many page boundaries). */
    QList<audit::Entry> all(Database& db, const audit::Filter& filter, int limit)
    {
        auto q = db.call([&](pqxx::connection_base& c) { return audit::prepare(c, filter); });
        if (!q)
            return {};
        QList<audit::Entry> events;
        std::optional<qint64> before;
        for (;;) {
            auto page = db.call([&](pqxx::connection_base& c) { return audit::page(c, q.value(), before, limit); });
            if (!page)
                return {};
            events += page.value();
            if (page->size() < limit)
                return events;
            before = page->last().seq;
        }
    }

    static bool newestFirst(const QList<audit::Entry>& events)
    {
        for (int i = 1; i < events.size(); ++i)
            if (events[i].seq >= events[i - 1].seq)
                return false;
        return true;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_au"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        // 900 synthetic events after the fixture's own, 1 ms apart and rising with seq as the chain stamps them:
        // three actors, five actions, accounts 1..30, and a few range reads.
        test::seedAuditEvents(
            m_db,
            ("SELECT (ARRAY['alice', 'bob', 'carol'])[1 + i % 3] AS actor, "
             "       (ARRAY['records.reveal', 'access.grant', 'unlock.ok', 'keys.seal', 'records.update'])"
             "[1 + i % 5] AS action, "
             "       CASE WHEN i % 5 IN (0, 1, 4) THEN (1 + i % 30)::text ELSE 'x' END AS object, "
             "       jsonb_build_object('n', i) AS detail "
             "  FROM generate_series(0, 899) i ORDER BY i"));
        test::seedAuditEvents(
            m_db,
            ("SELECT * FROM (VALUES "
             "('carol', 'records.read', NULL, '{\"why\": \"scan\", \"first\": 1, \"last\": 20}'::jsonb), "
             "('carol', 'records.read', NULL, '{\"why\": \"scan\", \"first\": 21, \"last\": 40}'), "
             "('bob', 'policy.set', '=HYPERLINK(\"x\")', '{\"value\": \"a, \\\"quoted\\\" value\"}')) "
             "AS v (actor, action, object, detail)"));
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        pqxx::nontransaction tx(super);
        const QString base = QString::fromStdString(
            tx.exec("SELECT to_char(min(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM "
                    "art32.audit_events WHERE detail ? 'n'")[0][0]
                .as<std::string>());
        m_base = QDateTime::fromString(base, Qt::ISODateWithMs);
        QVERIFY(m_base.isValid());
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    void pagesNewestFirstWithoutGapsOrRepeats()
    {
        auto db = unlockAs(m_aud);
        QVERIFY(db);
        const QList<audit::Entry> events = all(*db, {}, 100);
        QVERIFY(newestFirst(events));
        // Every event once: as many as the superuser counts (the auditor's own unlock came before the count).
        QCOMPARE(events.size(), superCount("SELECT count(*) FROM art32.audit_events"));
        QCOMPARE(events.first().seq, superCount("SELECT max(seq) FROM art32.audit_events"));
        // Fields as stored.
        const auto policy = std::find_if(events.begin(), events.end(),
                                         [](const audit::Entry& e) { return e.action == QLatin1String("policy.set"); });
        QVERIFY(policy != events.end());
        QCOMPARE(policy->actor, QStringLiteral("bob"));
        QCOMPARE(policy->object, QStringLiteral("=HYPERLINK(\"x\")"));
        QCOMPARE(QJsonDocument::fromJson(policy->detail).object().value(QLatin1String("value")).toString(),
                 QStringLiteral("a, \"quoted\" value"));
        QVERIFY(policy->at.isValid() && policy->at > m_base);
    }

    void everyRoleReadsTheLogButOnlyUnlocked()
    {
        auto sys = unlockAs(m_sys);
        QVERIFY(sys);
        auto q = sys->call([](pqxx::connection_base& c) { return audit::prepare(c, {}); });
        QVERIFY(q);
        auto page = sys->call([&](pqxx::connection_base& c) { return audit::page(c, q.value(), std::nullopt, 50); });
        QVERIFY(page);
        QCOMPARE(page->size(), 50);
        // A connection that has not unlocked sees no event (RLS), not an error.
        Database locked(m_aud.profile);
        QVERIFY(locked.open(SecureBytes::fromByteArray(m_keychain.readNow(m_aud.profile.passwordKey()).secret)));
        auto none = locked.call([&](pqxx::connection_base& c) { return audit::page(c, q.value(), std::nullopt, 50); });
        QVERIFY(none);
        QCOMPARE(none->size(), 0);
    }

    void filtersByActorsAcrossPages()
    {
        auto db = unlockAs(m_aud);
        QVERIFY(db);
        audit::Filter f;
        f.actors = QStringList { QStringLiteral("alice"), QStringLiteral("bob") };
        // 7 a page: each page merges a walk per actor, and the next page must start exactly where it ended.
        const QList<audit::Entry> events = all(*db, f, 7);
        QVERIFY(newestFirst(events));
        QCOMPARE(events.size(), superCount("SELECT count(*) FROM art32.audit_events WHERE actor IN ('alice', 'bob')"));
        for (const auto& e : events)
            QVERIFY(e.actor == QLatin1String("alice") || e.actor == QLatin1String("bob"));
    }

    void filtersByActionAndPrefix()
    {
        auto db = unlockAs(m_aud);
        QVERIFY(db);
        audit::Filter f;
        f.actions = QStringList { QStringLiteral("records."), QStringLiteral("keys.seal") };
        const QList<audit::Entry> events = all(*db, f, 50);
        QVERIFY(newestFirst(events));
        QCOMPARE(events.size(),
                 superCount("SELECT count(*) FROM art32.audit_events WHERE action LIKE 'records.%' OR action = "
                            "'keys.seal'"));
        QSet<QString> seen;
        for (const auto& e : events)
            seen.insert(e.action);
        QCOMPARE(seen,
                 (QSet<QString> { QStringLiteral("records.reveal"), QStringLiteral("records.update"),
                                  QStringLiteral("records.read"), QStringLiteral("keys.seal") }));
        // ".*" means the same; a prefix no action has matches nothing (and pages nothing).
        f.actions = QStringList { QStringLiteral("records.*") };
        QCOMPARE(all(*db, f, 50).size(),
                 superCount("SELECT count(*) FROM art32.audit_events WHERE action LIKE 'records.%'"));
        f.actions = QStringList { QStringLiteral("nothing.") };
        auto q = db->call([&](pqxx::connection_base& c) { return audit::prepare(c, f); });
        QVERIFY(q && q->matchesNothing);
        QCOMPARE(all(*db, f, 50).size(), 0);
    }

    void accountFilterAnswersWhoSawIt()
    {
        auto db = unlockAs(m_aud);
        QVERIFY(db);
        audit::Filter f;
        f.account = 17;
        const QList<audit::Entry> events = all(*db, f, 5);
        QVERIFY(newestFirst(events));
        // Its own events (object 17 of records.*, access.*), and the scan whose range 1..20 covers it, not 21..40.
        const long long own = superCount("SELECT count(*) FROM art32.audit_events WHERE object = '17' AND "
                                         "split_part(action, '.', 1) IN ('records', 'access', 'account')");
        QVERIFY(own > 0);
        QCOMPARE(events.size(), own + 1);
        int ranges = 0;
        for (const auto& e : events) {
            if (e.action == QLatin1String("records.read")) {
                ++ranges;
                QCOMPARE(QJsonDocument::fromJson(e.detail).object().value(QLatin1String("first")).toInt(), 1);
            } else {
                QCOMPARE(e.accountId, std::optional<qint64>(17));
            }
        }
        QCOMPARE(ranges, 1);
        // Combined with an actor: bob's events of account 17 only (carol's scan is left out).
        f.actors = QStringList { QStringLiteral("bob") };
        const QList<audit::Entry> bobs = all(*db, f, 5);
        QCOMPARE(bobs.size(), own);
        for (const auto& e : bobs)
            QVERIFY(e.actor == QLatin1String("bob") && e.accountId == std::optional<qint64>(17));
    }

    void timeRangeBecomesASeqRange()
    {
        auto db = unlockAs(m_aud);
        QVERIFY(db);
        audit::Filter f;
        f.from = m_base.addMSecs(100);
        f.to = m_base.addMSecs(200);
        auto q = db->call([&](pqxx::connection_base& c) { return audit::prepare(c, f); });
        QVERIFY(q);
        const long long first = superCount("SELECT min(seq) FROM art32.audit_events WHERE detail->>'n' = '100'");
        QCOMPARE(q->firstSeq, first);
        QCOMPARE(q->endSeq, first + 100);
        const QList<audit::Entry> events = all(*db, f, 30);
        QCOMPARE(events.size(), 100);
        QCOMPARE(events.first().seq, first + 99);
        QCOMPARE(events.last().seq, first);
        // With an action too; and an open end.
        f.actions = QStringList { QStringLiteral("unlock.ok") };
        QCOMPARE(all(*db, f, 30).size(), 20);
        f.actions.clear();
        f.to = QDateTime();
        QCOMPARE(all(*db, f, 500).size(),
                 superCount("SELECT count(*) FROM art32.audit_events WHERE seq >= " + std::to_string(first)));
        // Before the log began: everything; after its end: nothing.
        f.from = m_base.addYears(-5);
        q = db->call([&](pqxx::connection_base& c) { return audit::prepare(c, f); });
        QVERIFY(q);
        QCOMPARE(q->firstSeq, superCount("SELECT min(seq) FROM art32.audit_events"));
        f.from = m_base.addYears(5);
        QCOMPARE(all(*db, f, 50).size(), 0);
        // A reversed range is refused with a reason.
        f.from = m_base.addMSecs(200);
        f.to = m_base.addMSecs(100);
        q = db->call([&](pqxx::connection_base& c) { return audit::prepare(c, f); });
        QVERIFY(!q);
        QCOMPARE(q.error().code, QStringLiteral("audit.range"));
    }

    void listsActorsAndActions()
    {
        auto db = unlockAs(m_aud);
        QVERIFY(db);
        auto actors = db->call([](pqxx::connection_base& c) { return audit::actors(c); });
        QVERIFY(actors);
        QVERIFY(actors->contains(QStringLiteral("alice")) && actors->contains(QStringLiteral("carol")));
        QVERIFY(actors->contains(m_aud.profile.user));
        auto actions = db->call([](pqxx::connection_base& c) { return audit::actions(c); });
        QVERIFY(actions);
        QCOMPARE(actions->size(), superCount("SELECT count(DISTINCT action) FROM art32.audit_events"));
        QVERIFY(actions->contains(QStringLiteral("records.read")));
        QCOMPARE(audit::actionText(QStringLiteral("records.reveal")), QStringLiteral("Revealed personal data"));
        QCOMPARE(audit::actionText(QStringLiteral("something.new")), QStringLiteral("something.new"));
    }

    void exportsCsvAndJson()
    {
        auto db = unlockAs(m_aud);
        QVERIFY(db);
        audit::Filter f;
        f.actors = QStringList { QStringLiteral("bob") };
        auto q = db->call([&](pqxx::connection_base& c) { return audit::prepare(c, f); });
        QVERIFY(q);
        const long long bobs = superCount("SELECT count(*) FROM art32.audit_events WHERE actor = 'bob'");

        QBuffer csv;
        QVERIFY(csv.open(QIODevice::WriteOnly));
        qint64 lastDone = -1, lastTotal = -1;
        auto summary = db->call([&](pqxx::connection_base& c) {
            return audit::exportEvents(c, q.value(), audit::Format::Csv, csv, [&](qint64 done, qint64 total) {
                lastDone = done;
                lastTotal = total;
            });
        });
        QVERIFY(summary);
        QCOMPARE(summary->events, bobs);
        // The export is itself the next event (art32.audit_exported, 0018): filter, range and count.
        QCOMPARE(summary->upToSeq, superCount("SELECT max(seq) FROM art32.audit_events") - 1);
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE seq = (SELECT max(seq) FROM "
                            "art32.audit_events) AND action = 'audit.exported' AND object = 'csv' AND (detail ->> "
                            "'count')::bigint = "
                            + std::to_string(bobs) + " AND detail -> 'filter' -> 'actors' ->> 0 = 'bob'"),
                 1LL);
        QCOMPARE(lastDone, lastTotal);
        const QList<QByteArray> lines = csv.data().split('\n');
        QCOMPARE(
            lines.first(),
            QByteArrayLiteral("seq,at,actor,action,object,account_id,table,row_key,columns,detail,prev_hash,hash\r"));
        QCOMPARE(lines.size(), bobs + 2); // the header, the rows, and the empty piece after the last line break
        // Oldest first; quotes doubled; a formula is not a formula in a spreadsheet.
        QVERIFY(lines.at(1).startsWith(QByteArray::number(summary->firstSeq) + ','));
        QVERIFY(csv.data().contains("\"'=HYPERLINK(\"\"x\"\")\""));
        QVERIFY(csv.data().contains("\"{\"\"value\"\": \"\"a, \\\"\"quoted\\\"\" value\"\"}\""));

        QBuffer json;
        QVERIFY(json.open(QIODevice::WriteOnly));
        summary = db->call(
            [&](pqxx::connection_base& c) { return audit::exportEvents(c, q.value(), audit::Format::Json, json); });
        QVERIFY(summary);
        QJsonParseError error;
        const QJsonObject doc = QJsonDocument::fromJson(json.data(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.value(QLatin1String("format")).toString(), QStringLiteral("art32-audit-export"));
        QCOMPARE(doc.value(QLatin1String("filter")).toObject().value(QLatin1String("actors")).toArray().size(), 1);
        const QJsonArray events = doc.value(QLatin1String("events")).toArray();
        QCOMPARE(events.size(), bobs);
        QCOMPARE(doc.value(QLatin1String("count")).toInteger(), bobs);
        QCOMPARE(doc.value(QLatin1String("up_to_seq")).toInteger(), summary->upToSeq);
        const QJsonObject last = events.last().toObject();
        QCOMPARE(last.value(QLatin1String("object")).toString(), QStringLiteral("=HYPERLINK(\"x\")")); // exact
        QCOMPARE(last.value(QLatin1String("detail")).toObject().value(QLatin1String("value")).toString(),
                 QStringLiteral("a, \"quoted\" value"));
        QVERIFY(last.value(QLatin1String("at")).toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(last.value(QLatin1String("detail_text")).toString(),
                 QStringLiteral("{\"value\": \"a, \\\"quoted\\\" value\"}")); // as PostgreSQL writes it
        for (int i = 1; i < events.size(); ++i)
            QVERIFY(events[i].toObject().value(QLatin1String("seq")).toInteger()
                    > events[i - 1].toObject().value(QLatin1String("seq")).toInteger());
    }

    void exportCarriesTheChainAndTheCoveringCheckpoint()
    {
        auto db = unlockAs(m_aud);
        QVERIFY(db);
        audit::Filter f;
        f.actors = QStringList { QStringLiteral("alice") };
        auto q = db->call([&](pqxx::connection_base& c) { return audit::prepare(c, f); });
        QVERIFY(q);
        // No checkpoint yet covers it.
        QBuffer first;
        QVERIFY(first.open(QIODevice::WriteOnly));
        auto summary = db->call(
            [&](pqxx::connection_base& c) { return audit::exportEvents(c, q.value(), audit::Format::Json, first); });
        QVERIFY(summary);
        QVERIFY(!summary->checkpoint);
        QVERIFY(QJsonDocument::fromJson(first.data()).object().value(QLatin1String("checkpoint")).isNull());
        // A CTO's checkpoint of a later event (as art32.audit_checkpointed records it) covers it; an earlier one not.
        const long long lastAlice = superCount("SELECT max(seq) FROM art32.audit_events WHERE actor = 'alice'");
        test::seedAuditEvents(
            m_db,
            "SELECT 'tst_au_cto', 'audit.checkpoint', '" + std::to_string(lastAlice - 5)
                + "', '{\"hash\": \"00\"}'::jsonb UNION ALL SELECT 'tst_au_cto', 'audit.checkpoint', '"
                + std::to_string(lastAlice + 1) + "', '{\"hash\": \"ab\"}'::jsonb");
        QBuffer json;
        QVERIFY(json.open(QIODevice::WriteOnly));
        summary = db->call(
            [&](pqxx::connection_base& c) { return audit::exportEvents(c, q.value(), audit::Format::Json, json); });
        QVERIFY(summary);
        QVERIFY(summary->checkpoint);
        QCOMPARE(summary->checkpoint->seq, lastAlice + 1);
        QCOMPARE(summary->checkpoint->hash, QStringLiteral("ab"));
        QCOMPARE(summary->checkpoint->signer, QStringLiteral("tst_au_cto"));
        const QJsonObject doc = QJsonDocument::fromJson(json.data()).object();
        QCOMPARE(doc.value(QLatin1String("checkpoint")).toObject().value(QLatin1String("seq")).toInteger(),
                 lastAlice + 1);
        // Every event carries its link: an auditor recomputes each hash from prev_hash and the row (docs/FORMAT.md).
        QBuffer all;
        QVERIFY(all.open(QIODevice::WriteOnly));
        auto everything = db->call([](pqxx::connection_base& c) { return audit::prepare(c, {}); });
        QVERIFY(everything);
        QVERIFY(db->call([&](pqxx::connection_base& c) {
            return audit::exportEvents(c, everything.value(), audit::Format::Json, all);
        }));
        const QJsonArray events = QJsonDocument::fromJson(all.data()).object().value(QLatin1String("events")).toArray();
        QVERIFY(events.size() > 900);
        QCOMPARE(events.first().toObject().value(QLatin1String("prev_hash")).toString(), QString(64, QLatin1Char('0')));
        for (int i = 1; i < events.size(); ++i) {
            const QString hash = events[i - 1].toObject().value(QLatin1String("hash")).toString();
            QCOMPARE(hash.size(), 64);
            QCOMPARE(events[i].toObject().value(QLatin1String("prev_hash")).toString(), hash);
        }
    }

    void exportFileIsPrivateAndACancelLeavesNone()
    {
        auto db = unlockAs(m_aud);
        QVERIFY(db);
        auto q = db->call([](pqxx::connection_base& c) { return audit::prepare(c, {}); });
        QVERIFY(q);
        const QString path = m_dir.filePath(QStringLiteral("audit.json"));
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.close();
        QVERIFY(old.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        auto summary = db->call(
            [&](pqxx::connection_base& c) { return audit::exportToFile(c, q.value(), audit::Format::Json, path); });
        QVERIFY(summary);
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QVERIFY(QFileInfo(path).size() > 1000);
        // A cancelled export leaves no file, and over an earlier export it leaves that one whole (written atomically).
        const qint64 earlier = QFileInfo(path).size();
        const QString fresh = m_dir.filePath(QStringLiteral("cancelled.csv"));
        std::atomic_bool cancel { true };
        for (const QString& target : { fresh, path }) {
            summary = db->call([&](pqxx::connection_base& c) {
                return audit::exportToFile(c, q.value(), audit::Format::Csv, target, {}, &cancel);
            });
            QVERIFY(summary && summary->cancelled);
        }
        QVERIFY(!QFile::exists(fresh));
        QCOMPARE(QFileInfo(path).size(), earlier);
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden).filter(QStringLiteral(".audit.json.")),
                 QStringList());
        // A place it cannot write: a reason, no file.
        summary = db->call([&](pqxx::connection_base& c) {
            return audit::exportToFile(c, q.value(), audit::Format::Csv, m_dir.filePath(QStringLiteral("no/dir.csv")));
        });
        QVERIFY(!summary);
        QCOMPARE(summary.error().code, QStringLiteral("audit.write"));
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
